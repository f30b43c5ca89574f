// The server-side pages of an Envoy table: a proxy of a 5,000-workload mesh has thousands of rows, never sent whole.
import { describe, expect, it } from 'vitest';
import { pageOf, searchText } from '../../../../server/envoy/table.js';

const table = {
  rows: [
    { name: 'outbound|80|v2|sa-logic', counters: { rqTotal: 5 }, domains: ['sa-logic'] },
    { name: 'outbound|80||sa-webapp', counters: { rqTotal: 50 }, domains: ['sa-webapp'] },
    { name: 'outbound|80|v1|sa-logic', counters: { rqTotal: 5 }, domains: ['sa-logic:80'] },
    { name: 'PassthroughCluster', counters: { rqTotal: null }, domains: [] },
  ],
  raw: ['r0', 'r1', 'r2', 'r3'],
};
const q = { filter: '', order: 'asc' as const, offset: 0, limit: 100 };

describe('a page of an Envoy table', () => {
  it('filters on any cell, case-insensitive, and keeps each row with its raw config', () => {
    const page = pageOf(table, { ...q, filter: 'SA-LOGIC' });
    expect(page.rows.map((r) => r.name)).toEqual(['outbound|80|v2|sa-logic', 'outbound|80|v1|sa-logic']);
    expect(page.raw).toEqual(['r0', 'r2']);
    expect([page.total, page.all]).toEqual([2, 4]);
  });

  it('sorts by a nested column either way, ties in table order, so pages neither repeat nor skip a row', () => {
    const sorted = pageOf(table, { ...q, sort: 'counters.rqTotal', order: 'desc' }).rows.map((r) => r.name);
    expect(sorted).toEqual([
      'outbound|80||sa-webapp',
      'outbound|80|v2|sa-logic',
      'outbound|80|v1|sa-logic',
      'PassthroughCluster',
    ]);
    const pages = [0, 1, 2, 3].map(
      (offset) => pageOf(table, { ...q, sort: 'counters.rqTotal', offset, limit: 1 }).rows[0]!.name,
    );
    expect(new Set(pages).size).toBe(4);
  });

  it('cuts the rows to offset and limit and still counts them all', () => {
    const page = pageOf(table, { ...q, offset: 1, limit: 2 });
    expect(page.rows.map((r) => r.name)).toEqual(['outbound|80||sa-webapp', 'outbound|80|v1|sa-logic']);
    expect(page.total).toBe(4);
  });

  it('searches names and addresses, not live counters: "50" does not match a cluster for having served 50 requests', () => {
    expect(pageOf(table, { ...q, filter: '50' }).total).toBe(0);
    expect(searchText({ hosts: [{ address: '10.1.2.3:80', rqTotal: 7 }] })).toBe('10.1.2.3:80 ');
  });
});
