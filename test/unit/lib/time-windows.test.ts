import { describe, expect, it } from 'vitest';
import { formatSpan } from '../../../lib/format.js';
import { servableWindows, servedWindow, windowChangeReason } from '../../../lib/time-controls.js';

describe('a span of time in words', () => {
  it('reads as the two largest units, never as a fraction', () => {
    expect(formatSpan(3900)).toBe('1 h 5 min');
    expect(formatSpan(15 * 86_400)).toBe('15 d');
    expect(formatSpan(36 * 3600)).toBe('1 d 12 h');
    expect(formatSpan(90)).toBe('1 min 30 s');
    expect(formatSpan(30)).toBe('30 s');
    expect(formatSpan(3600)).toBe('1 h');
  });

  it('rounds the smaller unit instead of cutting it', () => {
    expect(formatSpan(3959)).toBe('1 h 6 min');
    expect(formatSpan(0.4)).toBe('0 s');
  });
});

describe('the windows the picker offers', () => {
  it('stops at the longest window Prometheus keeps: 1 hour of a 65-minute retention', () => {
    expect(servableWindows({ retentionSeconds: 3900, scrapeIntervalSeconds: 1 })).toEqual([
      '1m',
      '5m',
      '10m',
      '30m',
      '1h',
    ]);
  });

  it('offers every window up to a day when Prometheus keeps 15 days or does not say', () => {
    expect(servableWindows({ retentionSeconds: 15 * 86_400, scrapeIntervalSeconds: 15 }).at(-1)).toBe('1d');
    expect(servableWindows({ retentionSeconds: null, scrapeIntervalSeconds: null })).toHaveLength(9);
  });

  it('leaves out windows too short to hold two scrapes', () => {
    expect(servableWindows({ retentionSeconds: null, scrapeIntervalSeconds: 60 })[0]).toBe('5m');
  });

  it('still offers one window when Prometheus scrapes less often than it keeps', () => {
    expect(servableWindows({ retentionSeconds: 60, scrapeIntervalSeconds: 120 })).toEqual(['1m']);
  });
});

describe('the window a page shows for the one a link asks', () => {
  const offered = servableWindows({ retentionSeconds: 3900, scrapeIntervalSeconds: 60 });

  it('is the asked one when offered, else the longest offered below it, else the shortest offered', () => {
    expect(servedWindow('10m', offered)).toBe('10m');
    expect(servedWindow('1d', offered)).toBe('1h');
    expect(servedWindow('1m', offered)).toBe('5m');
  });

  it('says why in words when it differs', () => {
    const reach = { retentionSeconds: 3900, scrapeIntervalSeconds: 60 };
    expect(windowChangeReason('1d', '1h', reach)).toBe(
      'The link asks for the last 1 day, but Prometheus keeps 1 h 5 min: showing the last 1 hour.',
    );
    expect(windowChangeReason('1m', '5m', reach)).toBe(
      'The link asks for the last 1 minute, but Prometheus scrapes every 1 min and a rate needs two scrapes: showing the last 5 minutes.',
    );
    expect(windowChangeReason('10m', '10m', reach)).toBeNull();
  });
});
