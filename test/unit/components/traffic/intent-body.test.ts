import { describe, expect, it } from 'vitest';
import type { TrafficRoutingResponse } from '../../../../lib/api/traffic-change.js';
import { intentBody } from '../../../../components/traffic/intent-body.js';
import { draftOf } from '../../../../components/traffic/resilience-draft.js';

const routing = (over: Partial<TrafficRoutingResponse> = {}): TrafficRoutingResponse => ({
  service: { namespace: 'demo', name: 'sa-logic' },
  versions: [
    { name: 'v1', subset: 'v1', pods: 2 },
    { name: 'v2', subset: 'v2', pods: 1 },
  ],
  routedBy: 'istio',
  objects: [],
  weights: { v1: 100, v2: 0 },
  darkLaunch: null,
  mirror: null,
  resilience: { timeout: '2s', retries: { attempts: 3, perTryTimeout: '500ms' } },
  sendAllBackTo: null,
  access: { allowed: true, reason: null },
  gitops: [],
  ...over,
});

describe('the traffic panel sends only what the person changed', () => {
  it('sends the weights moved from 100/0 to 90/10, and nothing else', () => {
    expect(intentBody(routing(), { weights: { v1: 90, v2: 10 } })).toEqual({ weights: { v1: 90, v2: 10 } });
  });

  it('sends nothing when the weights were moved back to what the route says now', () => {
    expect(intentBody(routing(), { weights: { v1: 100, v2: 0 } })).toEqual({});
  });

  it('sends 100/0 when nothing splits the service yet: pinning the first version is a change', () => {
    expect(intentBody(routing({ weights: null }), { weights: { v1: 100, v2: 0 } })).toEqual({
      weights: { v1: 100, v2: 0 },
    });
  });

  it('sends null to remove a dark launch the route has, and the new one when it differs', () => {
    const dark = { version: 'v2', match: { header: 'x-usertype', value: 'beta', mode: 'exact' as const } };
    expect(intentBody(routing({ darkLaunch: dark }), { darkLaunch: null })).toEqual({ darkLaunch: null });
    expect(intentBody(routing(), { darkLaunch: dark })).toEqual({ darkLaunch: dark });
  });

  it('sends the resilience settings changed (a cleared one as null), leaving the others out', () => {
    const draft = {
      ...draftOf(routing().resilience),
      timeout: '',
      'fault.abort.httpStatus': '503',
      'fault.abort.percent': '10',
    };
    expect(intentBody(routing(), { resilience: draft })).toEqual({
      resilience: { timeout: null, fault: { abort: { httpStatus: 503, percent: 10 } } },
    });
  });
});
