// A section's table and the page of it one request asks for: filtered by a text (any cell, case-insensitive), sorted
// by a column, cut to offset/limit. The rows and their raw config travel together so the raw JSON pages with them.

export interface Table<Row> {
  rows: Row[];
  /** The raw config behind each row, same order. */
  raw: unknown[];
}

export interface PageQuery {
  filter: string;
  sort?: string;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface Page<Row> extends Table<Row> {
  total: number;
  all: number;
  offset: number;
  limit: number;
}

// Fields the filter box does not search: live numbers and limits (a filter of "5" should not match every cluster
// whose request count holds a 5) and a host's counters; a host's address is searched.
const NOT_SEARCHED = new Set(['counters', 'circuitBreakers', 'outlierDetection', 'rqTotal', 'rqError', 'cxActive']);

/** What the filter box matches in a row: its names, addresses, matches, weights…, lower case, once per table. */
export function searchText(row: unknown): string {
  let text = '';
  const walk = (v: unknown) => {
    if (typeof v === 'string') text += `${v} `;
    else if (typeof v === 'number') text += `${v} `;
    else if (Array.isArray(v)) for (const item of v) walk(item);
    else if (v && typeof v === 'object')
      for (const key in v) if (!NOT_SEARCHED.has(key)) walk((v as Record<string, unknown>)[key]);
  };
  walk(row);
  return text.toLowerCase();
}

function sortKey(row: unknown, column: string): string | number {
  let v: unknown = row;
  for (const part of column.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : null;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.length > 0 && typeof v[0] === 'object' ? v.length : v.join(',');
  if (v === null || v === undefined) return '';
  return String(v);
}

/**
 * One page of a table. `sort` names a row field, with dots for a nested one (`counters.rqTotal`); rows whose values tie
 * keep the table's order, so paging through a sorted table neither repeats nor skips a row.
 */
export function pageOf<Row>(table: Table<Row>, q: PageQuery, texts?: string[]): Page<Row> {
  const needle = q.filter.trim().toLowerCase();
  let index = table.rows.map((_, i) => i);
  if (needle) {
    const haystack = texts ?? table.rows.map(searchText);
    index = index.filter((i) => haystack[i]!.includes(needle));
  }
  if (q.sort) {
    const column = q.sort;
    const keys = new Map(index.map((i) => [i, sortKey(table.rows[i], column)]));
    const sign = q.order === 'desc' ? -1 : 1;
    index.sort((a, b) => {
      const ka = keys.get(a)!;
      const kb = keys.get(b)!;
      const c =
        typeof ka === 'number' && typeof kb === 'number'
          ? ka - kb
          : String(ka).localeCompare(String(kb), undefined, { numeric: true });
      return c * sign || a - b;
    });
  }
  const slice = index.slice(q.offset, q.offset + q.limit);
  return {
    rows: slice.map((i) => table.rows[i]!),
    raw: slice.map((i) => table.raw[i]),
    total: index.length,
    all: table.rows.length,
    offset: q.offset,
    limit: q.limit,
  };
}
