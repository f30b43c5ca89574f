'use client';
import { useDeferredValue, useMemo, useState } from 'react';
import type { Column } from './table-column';
import { VirtualRows } from './virtual-rows';

export interface DataTableProps<T> {
  label: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** Text the filter box matches, lower case. */
  filterText: (row: T) => string;
  /** What a row is, plural, for the filter box and the count: "workloads". */
  noun: string;
  initialSortId?: string;
  /** What the filter box holds at first (a link can ask for it with ?filter=). */
  initialFilter?: string;
  /**
   * Classes bounding a scrolling box (`max-h-[28rem]`): the rows are always virtualised in it, whatever their number,
   * for a table inside a page of other panels (the Traces tab's list). Without it, long tables get 70 % of the window.
   */
  boundedBox?: string;
}

// Past this many rows the DOM cost shows on a refresh; below it a plain table is simpler for everyone.
export const VIRTUALISE_AFTER_ROWS = 200;

type Sort = { id: string; direction: 'ascending' | 'descending' };

export function DataTable<T>({
  label,
  rows,
  columns,
  rowKey,
  filterText,
  noun,
  initialSortId,
  initialFilter,
  boundedBox,
}: DataTableProps<T>) {
  const [filter, setFilter] = useState(initialFilter ?? '');
  const [sort, setSort] = useState<Sort | null>(initialSortId ? { id: initialSortId, direction: 'ascending' } : null);
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());

  const shown = useMemo(() => {
    const filtered = deferredFilter ? rows.filter((r) => filterText(r).includes(deferredFilter)) : rows;
    const sortValue = sort && columns.find((c) => c.id === sort.id)?.sortValue;
    if (!sort || !sortValue) return filtered;
    const keyed = filtered.map((row) => ({ row, key: sortValue(row), tie: rowKey(row) }));
    const sign = sort.direction === 'ascending' ? 1 : -1;
    // Rows that tie keep a fixed order (by their key, ascending both ways), so a column of equal values still sorts
    // the same every time instead of echoing whatever order the rows arrived in.
    keyed.sort(
      (a, b) =>
        (typeof a.key === 'number' && typeof b.key === 'number'
          ? (a.key - b.key) * sign
          : String(a.key).localeCompare(String(b.key), undefined, { numeric: true }) * sign) ||
        a.tie.localeCompare(b.tie, undefined, { numeric: true }),
    );
    return keyed.map((k) => k.row);
  }, [rows, columns, filterText, rowKey, deferredFilter, sort]);

  const toggleSort = (id: string) =>
    setSort((s) =>
      s?.id === id
        ? { id, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { id, direction: 'ascending' },
    );

  const headerCell = (c: Column<T>) => {
    const ariaSort = sort?.id === c.id ? sort.direction : c.sortValue ? 'none' : undefined;
    const content = c.sortValue ? (
      <button
        type="button"
        onClick={() => toggleSort(c.id)}
        className="inline-flex items-center gap-1 font-semibold hover:text-sky-700"
      >
        {c.header}
        <span aria-hidden="true" className="text-slate-400">
          {sort?.id === c.id ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    ) : (
      c.header
    );
    return { ariaSort, content } as const;
  };

  const virtual = boundedBox !== undefined || shown.length > VIRTUALISE_AFTER_ROWS;

  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={`Filter ${noun}`}
          aria-label={`Filter ${noun}`}
          className="w-64 rounded border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm placeholder:text-slate-400"
        />
        <p className="text-xs text-slate-500" aria-live="polite">
          {shown.length === rows.length ? `${rows.length} ${noun}` : `${shown.length} of ${rows.length} ${noun}`}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          No {noun} match “{filter}”.
        </p>
      ) : virtual ? (
        <VirtualRows
          label={label}
          rows={shown}
          columns={columns}
          rowKey={rowKey}
          headerCell={headerCell}
          boxClassName={boundedBox}
        />
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white shadow-sm">
          <table aria-label={label} className="w-full border-collapse text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-100 text-xs text-slate-600">
              <tr>
                {columns.map((c) => {
                  const { ariaSort, content } = headerCell(c);
                  return (
                    <th
                      key={c.id}
                      scope="col"
                      aria-sort={ariaSort}
                      className="px-3 py-1.5 font-semibold whitespace-nowrap"
                    >
                      {content}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((row) => (
                <tr key={rowKey(row)} className="hover:bg-sky-50/60">
                  {columns.map((c) =>
                    c.rowHeader ? (
                      <th key={c.id} scope="row" className="px-3 py-1.5 font-medium whitespace-nowrap">
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td key={c.id} className="px-3 py-1.5 align-middle">
                        {c.cell(row)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
