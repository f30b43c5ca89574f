import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../../lib/api/traces.js';
import { HIDDEN_SPAN, visibleTrace } from '../../../../server/traces/visible-trace.js';

const span = (spanId: string, parentId: string | null, namespace: string | null, service: string) => ({
  spanId,
  parentId,
  service,
  operation: `${service} op`,
  startTime: 1_000 + Number(spanId),
  duration: 10,
  pod: namespace ? `${service}-pod` : null,
  namespace,
  requestId: 'req-1',
  error: false,
  tags: { 'http.url': `http://${service}/` },
});

const trace: Trace = {
  traceId: 'abc',
  startTime: 1_001,
  duration: 20,
  error: false,
  services: ['istio-ingressgateway', 'sa-frontend'],
  spans: [span('1', null, 'istio-system', 'istio-ingressgateway'), span('2', '1', 'demo', 'sa-frontend')],
};

describe('a trace as a person may see it', () => {
  it('is the whole trace when every span is in a namespace they may see', () => {
    expect(visibleTrace(trace, new Set(['demo', 'istio-system']))).toBe(trace);
  });

  it('keeps the place and timing of a hidden namespace’s span but not its service, pod, request id or tags', () => {
    const seen = visibleTrace(trace, new Set(['demo']))!;
    expect(seen.spans[0]).toMatchObject({ spanId: '1', parentId: null, startTime: 1_001, duration: 10 });
    expect(seen.spans[0]).toMatchObject({
      service: HIDDEN_SPAN,
      pod: null,
      namespace: null,
      requestId: null,
      tags: {},
    });
    expect(seen.spans[1]).toEqual(trace.spans[1]);
    expect(seen.services).toEqual([HIDDEN_SPAN, 'sa-frontend']);
    expect(seen.duration).toBe(trace.duration);
  });

  it('is nothing when no span is in a namespace they may see', () => {
    expect(visibleTrace(trace, new Set(['bookinfo']))).toBeNull();
  });
});
