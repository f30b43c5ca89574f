import { describe, expect, it } from 'vitest';
import type { TraceLogLine } from '../../../../lib/api/logs.js';
import { byRequestStart } from '../../../../server/logs/trace-log-order.js';

const line = (pod: string, startTime: string | null, written: string): TraceLogLine => ({
  namespace: 'demo',
  pod,
  container: 'istio-proxy',
  time: written,
  requestId: 'r1',
  raw: '',
  fields: {
    startTime,
    method: 'POST',
    path: '/sentiment',
    protocol: 'HTTP/1.1',
    responseCode: 500,
    responseFlags: [],
    durationMs: 1,
    upstreamCluster: null,
    upstreamHost: null,
    requestId: 'r1',
    traceId: null,
    authority: null,
    all: {},
  },
});

describe('the order of a trace access-log lines', () => {
  it('shows lines in the order their requests started, not the order the proxies wrote them', () => {
    const inner = line('sa-logic', '2026-12-06T17:11:19.330Z', '2026-12-06T17:11:19.331000000Z');
    const outer = line('gateway', '2026-12-06T17:11:19.323Z', '2026-12-06T17:11:19.338000000Z');
    expect([inner, outer].sort(byRequestStart).map((l) => l.pod)).toEqual(['gateway', 'sa-logic']);
  });

  it('puts the outer request first when two started in the same millisecond (its proxy wrote later)', () => {
    const server = line('sa-webapp', '2026-12-06T17:11:19.323Z', '2026-12-06T17:11:19.337000000Z');
    const gateway = line('gateway', '2026-12-06T17:11:19.323Z', '2026-12-06T17:11:19.338000000Z');
    expect([server, gateway].sort(byRequestStart).map((l) => l.pod)).toEqual(['gateway', 'sa-webapp']);
  });

  it('falls back to the time the line was written when the format logs no start time', () => {
    const late = line('b', null, '2026-12-06T17:11:20Z');
    const early = line('a', null, '2026-12-06T17:11:19Z');
    expect([late, early].sort(byRequestStart).map((l) => l.pod)).toEqual(['a', 'b']);
  });
});
