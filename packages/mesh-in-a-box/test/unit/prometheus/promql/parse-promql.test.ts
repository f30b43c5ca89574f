import { describe, expect, it } from 'vitest';
import { parsePromql, unquote } from '../../../../src/prometheus/promql/parse-promql.js';

const error = (q: string) => {
  try {
    parsePromql(q);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('parsePromql', () => {
  it('reads a selector with matchers, range, offset and @', () => {
    const e = parsePromql('rate(http_total{code=~"5..",job!="x"}[5m] offset 1m @ 100)');
    expect(e).toMatchObject({
      kind: 'call',
      name: 'rate',
      args: [
        {
          kind: 'matrixSelector',
          rangeMs: 300_000,
          selector: { name: 'http_total', offsetMs: 60_000, at: { kind: 'time', ms: 100_000 } },
        },
      ],
    });
    const matchers = (e as { args: { selector: { matchers: { name: string; type: string; value: string }[] } }[] })
      .args[0]!.selector.matchers;
    expect(matchers.map((m) => [m.name, m.type, m.value])).toEqual([
      ['__name__', '=', 'http_total'],
      ['code', '=~', '5..'],
      ['job', '!=', 'x'],
    ]);
  });

  it('reads aggregations, vector matching and subqueries', () => {
    expect(parsePromql('sum without (a) (x) / on (b) group_left (c) y')).toMatchObject({
      kind: 'binary',
      op: '/',
      lhs: { kind: 'aggregate', op: 'sum', grouping: ['a'], without: true },
      matching: { card: 'many-to-one', on: true, labels: ['b'], include: ['c'] },
    });
    expect(parsePromql('max_over_time(x[10m:30s])')).toMatchObject({
      args: [{ kind: 'subquery', rangeMs: 600_000, stepMs: 30_000 }],
    });
    expect(parsePromql('-1')).toEqual({ kind: 'number', value: -1 });
  });

  it('reports syntax errors at their position, as Prometheus does', () => {
    expect(error('sum(rate(x[5m])')).toBe('1:16: parse error: unexpected end of input');
    expect(error('foo(x)')).toMatch(/^1:\d+: parse error: unknown function with name "foo"$/);
    expect(error('x{a="b"')).toMatch(/^1:\d+: parse error:/);
  });

  it('reports type errors in Prometheus’ words', () => {
    expect(error('rate(x)')).toBe(
      '1:6: parse error: expected type range vector in call to function "rate", got instant vector',
    );
    expect(error('1 > 2')).toBe('1:1: parse error: comparisons between scalars must use BOOL modifier');
    expect(error('x and 1')).toBe('1:1: parse error: set operator "and" not allowed in binary scalar expression');
    expect(error('{a=""}')).toBe('1:1: parse error: vector selector must contain at least one non-empty matcher');
    expect(error('label_join(x, "a")')).toMatch(/expected at least 3 argument\(s\) in call to "label_join", got 2/);
  });

  it('names the functions it does not implement', () => {
    expect(error('holt_winters(x[5m], 0.5, 0.5)')).toMatch(/function "holt_winters" is not supported/);
  });

  it('unquotes the three kinds of string', () => {
    expect(unquote('"a\\"b\\n"')).toBe('a"b\n');
    expect(unquote("'it\\'s'")).toBe("it's");
    expect(unquote('`raw\\n`')).toBe('raw\\n');
  });
});
