import { describe, expect, it } from 'vitest';
import { ratioAxis, rowsByTime, timeAxis, valueAxis } from '../../../../../components/graph/model/graph-chart-axes.js';

describe('the side panel chart axes', () => {
  it('runs a ratio axis from 0 to 1 % when there are no errors, never past 100 %', () => {
    expect(ratioAxis([0, 0, 0])).toMatchObject({ domain: [0, 0.01], ticks: [0, 0.005, 0.01] });
    expect(ratioAxis([]).domain).toEqual([0, 0.01]);
    expect(ratioAxis([0.03, 0.012]).domain).toEqual([0, 0.05]);
    expect(ratioAxis([1]).domain).toEqual([0, 1]);
    expect(ratioAxis([1.5]).domain).toEqual([0, 1]);
    const { ticks, format } = ratioAxis([0.3]);
    expect(ticks.map(format)).toEqual(['0%', '25%', '50%']);
    expect(ratioAxis([0]).ticks.map(ratioAxis([0]).format)).toEqual(['0%', '0.5%', '1%']);
  });

  it('puts at most four time ticks on whole clock steps, none reading the same', () => {
    const end = Date.UTC(2026, 11, 6, 6, 23, 17) / 1000;
    for (const window of [60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400]) {
      const { ticks, format } = timeAxis(end - window, end);
      expect(ticks.length, `${window} s`).toBeGreaterThanOrEqual(2);
      expect(ticks.length, `${window} s`).toBeLessThanOrEqual(4);
      for (const t of ticks) expect(t).toBeGreaterThanOrEqual(end - window);
      for (const t of ticks) expect(t).toBeLessThanOrEqual(end);
      const labels = ticks.map(format);
      expect(new Set(labels).size, `${window} s: ${labels.join(', ')}`).toBe(labels.length);
    }
  });

  it('steps a five-minute window by whole minutes or more', () => {
    const end = Date.UTC(2026, 11, 6, 6, 23, 17) / 1000;
    const { ticks } = timeAxis(end - 300, end);
    for (const t of ticks) expect(t % 60).toBe(0);
  });

  it('puts the lines of a chart in one row per timestamp, oldest first, a line without a point there left out', () => {
    const rows = rowsByTime([
      {
        key: 'v1',
        points: [
          [120, 2],
          [60, 1],
        ],
      },
      { key: 'v2', points: [[120, 0.5]] },
    ]);
    expect(rows).toEqual([
      { t: 60, v1: 1 },
      { t: 120, v1: 2, v2: 0.5 },
    ]);
  });

  it('gives a ratio chart the ratio axis and any other chart an axis from zero', () => {
    expect(valueAxis(true, [0.3], String).domain).toEqual([0, 0.5]);
    expect(valueAxis(false, [0.3], String).domain).toEqual([0, 'auto']);
  });
});
