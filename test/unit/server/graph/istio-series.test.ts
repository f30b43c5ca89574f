import { describe, expect, it } from 'vitest';
import { EDGE_LABELS } from '../../../../server/graph/graph-queries.js';
import { edgeHashOf, sameEdge } from '../../../../server/graph/istio-series.js';

const base = (): Record<string, string> =>
  Object.fromEntries(EDGE_LABELS.map((label, i) => [label, `${label}-value-${i}`]));

describe('the workload-level edge of a sample', () => {
  it('is the same for samples equal in every edge label, whatever their reporter, code and flags', () => {
    const a = { ...base(), reporter: 'source', response_code: '200', response_flags: '-' };
    const b = { ...base(), reporter: 'destination', response_code: '503', response_flags: 'UH' };
    expect(sameEdge(a, b)).toBe(true);
    expect(edgeHashOf(a)).toBe(edgeHashOf(b));
  });

  for (const label of EDGE_LABELS) {
    it(`differs when only ${label} differs`, () => {
      const other = { ...base(), [label]: 'something else' };
      expect(sameEdge(base(), other)).toBe(false);
    });
  }

  it('takes a missing label for an empty one, as PromQL does', () => {
    const a = base();
    const b = base();
    delete a['source_canonical_revision'];
    b['source_canonical_revision'] = '';
    expect(sameEdge(a, b)).toBe(true);
  });
});
