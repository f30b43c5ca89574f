// The audit log's bound: past the limit, the oldest entries (by the unix milliseconds that start their keys) leave.
import { describe, expect, it } from 'vitest';
import { newEntryId, rollOldest } from '../../../../../server/traffic/io/audit-log.js';

describe('rollOldest', () => {
  it('keeps the newest entries within the limit and rolls out the oldest, whatever the keys’ string order', () => {
    const data = { '999-aaaaaa': 'x'.repeat(90), '1000-bbbbbb': 'x'.repeat(90), '1001-cccccc': 'x'.repeat(90) };
    const { keep, out } = rollOldest(data, 220);
    expect(Object.keys(keep).sort()).toEqual(['1000-bbbbbb', '1001-cccccc']);
    expect(Object.keys(out)).toEqual(['999-aaaaaa']);
  });

  it('keeps everything under the limit', () => {
    expect(rollOldest({ '1-a': 'v' }, 100)).toEqual({ keep: { '1-a': 'v' }, out: {} });
  });
});

describe('newEntryId', () => {
  it('is a valid ConfigMap key: the milliseconds, a dash, six hex digits', () => {
    expect(newEntryId(1765000000000)).toMatch(/^1765000000000-[0-9a-f]{6}$/);
  });
});
