import { describe, expect, it } from 'vitest';
import type { CanaryRun } from '../../../../lib/api/canary.js';
import { writePending } from '../../../../lib/api/use-canary.js';

const at = Date.parse('2026-12-07T03:00:00Z');
const runEndingWith = (decision: string, entryId: string | null, secondsAgo = 2) =>
  ({
    steps: [
      {
        time: new Date(at - secondsAgo * 1000).toISOString(),
        weight: 0,
        gates: [],
        decision,
        reason: '',
        by: 'runner',
        entryId,
      },
    ],
  }) as unknown as CanaryRun;

describe('asking again for a run whose last write has not landed yet', () => {
  it('asks while a rollback is claimed but its routing not yet written', () => {
    expect(writePending(runEndingWith('rollback', null), at)).toBe(true);
  });

  it('stops once the write’s entry is recorded, for a step that writes nothing, and after half a minute', () => {
    expect(writePending(runEndingWith('rollback', 'entry-1'), at)).toBe(false);
    expect(writePending(runEndingWith('hold', null), at)).toBe(false);
    expect(writePending(runEndingWith('promote', null, 31), at)).toBe(false);
  });
});
