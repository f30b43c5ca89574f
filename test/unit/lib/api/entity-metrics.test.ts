import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { entityMetricsQuery } from '../../../../lib/api/entity-metrics.js';

const refusal = (search: Record<string, string>) => {
  const parsed = entityMetricsQuery.safeParse(search);
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(search)}`);
  return z.prettifyError(parsed.error);
};

describe('the metrics query', () => {
  it('defaults to the inbound view from the server’s proxy, and to the caller’s proxy for outbound (as Kiali)', () => {
    expect(entityMetricsQuery.parse({})).toMatchObject({
      direction: 'inbound',
      reporter: 'destination',
      duration: '10m',
    });
    expect(entityMetricsQuery.parse({ direction: 'outbound' })).toMatchObject({ reporter: 'source' });
    expect(entityMetricsQuery.parse({ direction: 'outbound', reporter: 'destination' })).toMatchObject({
      reporter: 'destination',
    });
  });

  it.each([
    [{ direction: 'sideways' }, 'direction'],
    [{ by: 'colour' }, 'by'],
    [{ reporter: 'waypoint' }, 'reporter'],
    [{ duration: 'ten minutes' }, 'duration'],
    [{ step: '1 minute' }, 'step'],
    [{ step: '0s' }, 'step'],
  ])('refuses %j naming the parameter %s', (search, field) => {
    expect(refusal(search)).toContain(`at ${field}`);
  });

  it('refuses more points than Prometheus would draw, saying to lengthen the step', () => {
    const message = refusal({ duration: '1d', step: '1s' });
    expect(message).toContain('at step');
    expect(message).toContain('at most 11000');
  });
});
