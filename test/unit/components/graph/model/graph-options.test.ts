import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS,
  optionsFromSearch,
  optionsToSearch,
  servableCompareOffsets,
} from '../../../../../components/graph/model/graph-options.js';

describe('graph options in the URL', () => {
  it('reads back every option it wrote, so a reload draws the same graph', () => {
    const changed = {
      ...DEFAULT_OPTIONS,
      edgeLabels: 'responseTime',
      latency: 'p99',
      compareOffset: '1h',
      securityBadges: true,
      miniMap: false,
      grouping: 'off',
    } as const;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(optionsToSearch(changed))) {
      if (value !== null) search.set(key, value);
    }
    expect(search.toString()).toBe(
      'edgeLabels=responseTime&latency=p99&securityBadges=true&compare=1h&group=off&miniMap=false',
    );
    expect(optionsFromSearch(search)).toEqual(changed);
  });

  it('leaves options at their default out of the URL', () => {
    expect(Object.values(optionsToSearch(DEFAULT_OPTIONS)).every((v) => v === null)).toBe(true);
  });

  it('keeps the default of an option whose URL value it does not know', () => {
    const options = optionsFromSearch(new URLSearchParams('edgeLabels=speed&compare=2y&securityBadges=yes'));
    expect(options).toEqual(DEFAULT_OPTIONS);
  });
});

describe('the comparisons the graph offers', () => {
  it('offers only the offsets whose earlier window Prometheus still keeps', () => {
    // 65 minutes kept, a 5-minute window: 10 minutes earlier fits, an hour earlier (65 minutes back) just fits.
    expect(servableCompareOffsets(300, 3_900)).toEqual(['10m', '1h']);
    expect(servableCompareOffsets(600, 3_900)).toEqual(['10m']);
    expect(servableCompareOffsets(300, 15 * 86_400)).toEqual(['10m', '1h', '1d']);
  });

  it('offers every offset while Prometheus has not said how long it keeps data', () => {
    expect(servableCompareOffsets(3_600, null)).toEqual(['10m', '1h', '1d']);
  });
});
