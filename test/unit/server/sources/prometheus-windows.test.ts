import { describe, expect, it } from 'vitest';
import { chartRateWindow, longestScrapeInterval } from '../../../../server/sources/prometheus.js';

describe('the scrape interval of a Prometheus configuration', () => {
  it('is the longest interval written, global or per job', () => {
    const yaml = [
      'global:',
      '  scrape_interval: 15s',
      '  evaluation_interval: 1m',
      'scrape_configs:',
      '- job_name: envoy-stats',
      '  scrape_interval: 1m',
      '- job_name: kubelet',
      '  scrape_interval: "30s"',
    ].join('\n');
    expect(longestScrapeInterval(yaml)).toBe(60);
  });

  it('is unknown when the configuration does not say', () => {
    expect(longestScrapeInterval('global:\n  evaluation_interval: 1m\n')).toBeNull();
  });
});

describe('the rate window of a chart', () => {
  it('holds four scrapes, so a minute-long scrape interval still gives rates', () => {
    expect(chartRateWindow(10, 60)).toBe('240s');
  });

  it('is at least a minute and two steps', () => {
    expect(chartRateWindow(10, 1)).toBe('60s');
    expect(chartRateWindow(300, 15)).toBe('600s');
    expect(chartRateWindow(10, null)).toBe('60s');
  });
});
