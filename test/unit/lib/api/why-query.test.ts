// The why API's query: a range in unix microseconds as Jaeger takes them, and bad input answered in words naming the
// field (the route's 400 is z.prettifyError of these).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { whyQuery } from '../../../../lib/api/why.js';

const message = (input: Record<string, string>) => {
  const parsed = whyQuery.safeParse(input);
  return parsed.success ? null : z.prettifyError(parsed.error);
};

describe('the why query', () => {
  it('takes start and end in microseconds, and compare as 1h or 1d', () => {
    expect(whyQuery.parse({ start: '1733493600000000', end: '1733494500000000', compare: '1d' })).toEqual({
      start: 1_733_493_600_000_000,
      end: 1_733_494_500_000_000,
      compare: '1d',
    });
  });

  it('names the field that is wrong and what to write instead', () => {
    expect(message({ end: '2000000' })).toMatch(/unix microseconds[\s\S]*at start/);
    expect(message({ start: 'yesterday', end: '2000000' })).toMatch(/unix microseconds[\s\S]*at start/);
    expect(message({ start: '2000000', end: '1000000' })).toMatch(/end must be after start[\s\S]*at end/);
    expect(message({ start: '1000000', end: '2000000', compare: '2h' })).toMatch(/1h or 1d[\s\S]*at compare/);
  });
});
