import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../lib/api/traffic-change.js';
import { withIntents } from '../../../../components/traffic/marker-intents.js';

const at = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' };
const entry = (id: string, time: number, intent: string, result: AuditEntry['result'] = 'applied'): AuditEntry => ({
  id,
  time: at(time),
  user: 'admin',
  service: { namespace: 'demo', name: 'sa-logic' },
  intent,
  kind: 'change',
  objects: [{ ...vs, before: null, after: null }],
  result,
  message: null,
});
const marker = (time: number, change: string) => ({
  time,
  kind: 'VirtualService',
  namespace: 'demo',
  name: 'sa-logic',
  change,
});

describe("Sextant's own config changes on the charts named by their audit entry", () => {
  it('names a change made by sextant with the intent of the audit entry nearest in time for that object', () => {
    const entries = [entry('a', 1000, 'send 90 % to v1 and 10 % to v2'), entry('b', 1300, 'send 100 % to v1')];
    expect(withIntents([marker(1301, 'spec changed by sextant')], entries)[0]!.change).toBe(
      'spec changed by sextant: send 100 % to v1',
    );
  });

  it("leaves other managers' changes, failed entries and changes far from any entry as the watch saw them", () => {
    const entries = [entry('a', 1000, 'send 90 % to v1 and 10 % to v2', 'conflict')];
    const markers = [
      marker(1000, 'spec changed by kubectl-client-side-apply'),
      marker(1000, 'spec changed by sextant'),
    ];
    expect(withIntents(markers, entries)).toEqual(markers);
    expect(withIntents([marker(2000, 'spec changed by sextant')], [entry('a', 1000, 'x')])[0]!.change).toBe(
      'spec changed by sextant',
    );
  });

  it('gives two writes within one second their own entries, not both the nearer one', () => {
    // A canary started then aborted in the same second: the API server's markers carry whole seconds.
    const entries = [entry('abort', 1000.9, 'canary: abort'), entry('start', 1000.2, 'canary: start')];
    const named = withIntents(
      [marker(1000, 'spec changed by sextant'), marker(1000, 'spec changed by sextant')],
      entries,
    );
    expect(named.map((m) => m.change)).toEqual([
      'spec changed by sextant: canary: start',
      'spec changed by sextant: canary: abort',
    ]);
  });

  it('names no more markers than there are entries: a write without one keeps the words the watch gave', () => {
    const named = withIntents(
      [marker(1000, 'spec changed by sextant'), marker(1001, 'spec changed by sextant')],
      [entry('a', 1001, 'send 90 % to v1 and 10 % to v2')],
    );
    expect(named.map((m) => m.change)).toEqual([
      'spec changed by sextant',
      'spec changed by sextant: send 90 % to v1 and 10 % to v2',
    ]);
  });

  it('pairs writes a second apart in time order, though the later entry is nearer the earlier marker', () => {
    // 90/10 written at 1000.4 (entry at 1000.9), "send all back" at 1001.6 (entry at 1002.1): the marker of 1001 is
    // nearer the first entry, but that entry is the first marker's.
    const entries = [entry('back', 1002.1, 'send all traffic to v1'), entry('split', 1000.9, 'send 90 % to v1')];
    const named = withIntents(
      [marker(1000, 'spec changed by sextant'), marker(1001, 'spec changed by sextant')],
      entries,
    );
    expect(named.map((m) => m.change)).toEqual([
      'spec changed by sextant: send 90 % to v1',
      'spec changed by sextant: send all traffic to v1',
    ]);
  });
});
