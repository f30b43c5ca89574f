// Offline honesty (issue 15, item 4): a reference the files do not hold is "not among the inputs", one severity below
// the live cluster's "does not exist", and says how to check it for sure. The objects are test/validation/offline.yaml's.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../server/validation/engine.js';
import { SEVERITY_RANK } from '../../../server/validation/types.js';
import { loadCases } from './cases.js';

const [offlineCase] = loadCases().filter((c) => c.file === 'offline.yaml');
const key = (f: { ruleId: string; path: string }) => `${f.ruleId} ${f.path}`;

describe('a reference missing from the input files', () => {
  const offline = validate(offlineCase!.entries, { offline: true });
  const live = validate(offlineCase!.entries, { namespacesComplete: true });

  it('is reported offline too, for each reference the live cluster reports', () => {
    expect(offline.map(key).sort()).toEqual(live.map(key).sort());
    expect(offline.length).toBeGreaterThanOrEqual(7);
  });

  it('is one severity lower offline than "does not exist in the cluster"', () => {
    for (const f of offline) {
      const l = live.find((x) => key(x) === key(f))!;
      expect(SEVERITY_RANK[f.severity], key(f)).toBe(Math.max(0, SEVERITY_RANK[l.severity] - 1));
    }
  });

  it('says "among the inputs" offline, and how to check it against the cluster; live, it says nothing of inputs', () => {
    for (const f of offline) {
      expect(f.message, key(f)).toMatch(/among the inputs/);
      expect(f.message, key(f)).toContain('--cluster');
    }
    for (const f of live) expect(f.message, key(f)).not.toMatch(/among the inputs|--cluster/);
  });
});
