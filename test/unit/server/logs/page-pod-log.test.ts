// Paging a log backwards with only what the Kubernetes log API offers (PodLogOptions in k8s.io/api core/v1: tailLines,
// sinceTime, limitBytes, timestamps; no upper time bound).
import { describe, expect, it } from 'vitest';
import { pageBefore, splitLog, timeKey, type TimedLine } from '../../../../server/logs/page-pod-log.js';

const at = (second: number, n = 0) =>
  `2026-01-31T12:00:${String(second).padStart(2, '0')}.${String(n).padStart(9, '0')}Z`;
// A log of 50 lines, five per timestamp: ties are where a naive "strictly older" page would skip lines.
const log: TimedLine[] = Array.from({ length: 50 }, (_, i) => ({ time: at(Math.floor(i / 5)), text: `line ${i}` }));

describe('paging a pod log backwards', () => {
  it('walks the whole log in pages with neither overlap nor gap, though lines share timestamps', () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = pageBefore(log, { before, pageSize: 7, complete: true })!;
      seen.unshift(...page.lines.map((l) => l.text));
      if (!page.more) break;
      before = page.lines[0]!.time!;
    }
    expect(seen).toEqual(log.map((l) => l.text));
  });

  it('asks for a longer tail when the lines read do not reach back past the page', () => {
    // The last 8 lines of the log, as a tailLines=8 read gives them: a page of 7 before second 9 is not in them.
    expect(pageBefore(log.slice(-8), { before: at(9), pageSize: 7, complete: false })).toBeNull();
    // Nor when the page's first timestamp may go on before what was read.
    expect(pageBefore(log.slice(-7), { pageSize: 6, complete: false })).toBeNull();
  });

  it('filters before paging, and says when nothing older exists', () => {
    const page = pageBefore(log, { pageSize: 3, complete: true, keep: (l) => l.text.endsWith('7') })!;
    expect(page.lines.map((l) => l.text)).toEqual(['line 27', 'line 37', 'line 47']);
    expect(page.more).toBe(true);
    const last = pageBefore(log, { pageSize: 100, complete: true, before: at(1) })!;
    expect(last).toEqual({ lines: log.slice(0, 5), more: false });
  });

  it('drops lines before sinceTime that the API server returns from the same second', () => {
    const page = pageBefore(log, { pageSize: 100, complete: true, since: at(9, 1) })!;
    expect(page.lines).toEqual([]);
  });

  it('orders times of any precision or zone', () => {
    expect(timeKey('2026-01-31T12:00:00.5Z') > timeKey('2026-01-31T12:00:00.499999999Z')).toBe(true);
    expect(timeKey('2026-01-31T13:00:00+01:00')).toBe(timeKey('2026-01-31T12:00:00Z'));
  });

  it('splits an answer into timed lines and drops the line limitBytes cut', () => {
    const body = `${at(1)} first\n${at(2)} second\n${at(3)} thi`;
    expect(splitLog(body, true)).toEqual([
      { time: at(1), text: 'first' },
      { time: at(2), text: 'second' },
    ]);
    expect(splitLog(`${at(1)} first\n`, false)).toEqual([{ time: at(1), text: 'first' }]);
  });
});
