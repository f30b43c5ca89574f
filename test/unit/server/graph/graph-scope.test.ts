import { describe, expect, it } from 'vitest';
import { emptyMessage, namespacesIn } from '../../../../server/graph/graph-scope.js';

const request = (from: string, to: string) => ({
  metric: { source_workload_namespace: from, destination_workload_namespace: to },
  value: 1,
});

describe('what a graph covers', () => {
  it('draws the asked namespaces and every namespace their traffic names, but not "unknown"', () => {
    const answers = [{ requests: [request('unknown', 'demo'), request('demo', 'db')], bytes: [], latency: [] }];
    expect([...namespacesIn(answers, ['demo'], () => ['every'])].sort()).toEqual(['db', 'demo']);
    expect([...namespacesIn(answers, [], () => ['a', 'b'])]).toEqual(['a', 'b']);
  });

  it('says an empty graph has no requests where it looked, and which window a slow scrape needs', () => {
    expect(emptyMessage({ namespaces: ['demo', 'db'], duration: '5m' }, 15)).toBe(
      'no requests in the last 5m in namespaces demo, db',
    );
    expect(emptyMessage({ namespaces: [], duration: '1m' }, 60)).toBe(
      'no requests in the last 1m in the mesh; Prometheus scrapes every 60s, so choose a window of at least 120s',
    );
  });
});
