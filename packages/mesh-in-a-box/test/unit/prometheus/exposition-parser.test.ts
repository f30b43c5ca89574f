import { describe, expect, it } from 'vitest';
import { ExpositionError, ExpositionParser, type MetricMetadata } from '../../../src/prometheus/exposition-parser.js';
import { LabelSet, toRecord } from '../../../src/prometheus/labels.js';
import { SeriesIndex } from '../../../src/prometheus/series-index.js';

function parse(text: string | Buffer[], options: { target?: Record<string, string>; unit?: 'ms' | 's' } = {}) {
  const index = new SeriesIndex();
  const metadata = new Map<string, MetricMetadata>();
  const samples: { labels: Record<string, string>; value: number; t: number | undefined }[] = [];
  const parser = new ExpositionParser({
    index,
    metadata,
    targetLabels: options.target ? LabelSet.fromRecord(options.target) : undefined,
    timestampUnit: options.unit,
    onSample: (id, value, t) => samples.push({ labels: toRecord(index.labelsOf(id)), value, t }),
  });
  for (const chunk of typeof text === 'string' ? [Buffer.from(text)] : text) parser.push(chunk);
  parser.end();
  return { samples, metadata, index };
}

describe('the exposition parser', () => {
  it('reads names, labels with escapes, values and timestamps', () => {
    const { samples } = parse('a_total{x="q\\"uote",y="back\\\\slash",z="new\\nline"} 12 1700000000000\nb 2.5e3\n');
    expect(samples).toEqual([
      { labels: { __name__: 'a_total', x: 'q"uote', y: 'back\\slash', z: 'new\nline' }, value: 12, t: 1700000000000 },
      { labels: { __name__: 'b' }, value: 2500, t: undefined },
    ]);
  });

  it('splits off a trailing le, keeps one base per series and reads +Inf, NaN and a trailing comma', () => {
    const { samples, index } = parse(
      'h_bucket{svc="a",le="0.5"} 1\nh_bucket{svc="a",le="+Inf",} 3\nh_sum{svc="a"} NaN\nh_count{le="1",svc="b"} +Inf\n',
    );
    expect(samples.map((s) => [s.labels, s.value])).toEqual([
      [{ __name__: 'h_bucket', le: '0.5', svc: 'a' }, 1],
      [{ __name__: 'h_bucket', le: '+Inf', svc: 'a' }, 3],
      [{ __name__: 'h_sum', svc: 'a' }, NaN],
      [{ __name__: 'h_count', le: '1', svc: 'b' }, Infinity],
    ]);
    expect(index.labelsOf(0).base).toBe(index.labelsOf(2).base);
  });

  it('adds target labels and renames scraped labels that collide with them, as honor_labels: false does', () => {
    const { samples } = parse('m{job="app",k="v"} 1\n', { target: { job: 'mesh', instance: 'h:1' } });
    expect(samples[0]!.labels).toEqual({ __name__: 'm', exported_job: 'app', instance: 'h:1', job: 'mesh', k: 'v' });
  });

  it('reads a line split across chunks and OpenMetrics timestamps in seconds', () => {
    const text = 'm{k="v"} 7 1700000000.250\n# EOF\n';
    const { samples } = parse(
      [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5, 13)), Buffer.from(text.slice(13))],
      { unit: 's' },
    );
    expect(samples).toEqual([{ labels: { __name__: 'm', k: 'v' }, value: 7, t: 1700000000250 }]);
  });

  it('records TYPE and HELP for the metadata endpoint', () => {
    const { metadata } = parse('# HELP r Requests.\n# TYPE r counter\nr 1\n');
    expect(metadata.get('r')).toEqual({ type: 'counter', help: 'Requests.', unit: '' });
  });

  it('gives the same series the same id across scrapes', () => {
    const index = new SeriesIndex();
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const parser = new ExpositionParser({ index, onSample: (id) => ids.push(id) });
      parser.push(Buffer.from('h_bucket{a="1",le="1"} 1\nh_bucket{a="1",le="+Inf"} 1\nc{a="1"} 4\n'));
      parser.end();
    }
    expect(ids).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('rejects a line without a value and a repeated label', () => {
    expect(() => parse('m{k="v"}\n')).toThrow(ExpositionError);
    expect(() => parse('m{k="v",k="w"} 1\n')).toThrow(/repeated/);
  });
});
