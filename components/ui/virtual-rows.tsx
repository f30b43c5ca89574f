'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import type { Column } from './table-column';

const ROW_HEIGHT_PX = 34;

/** A long table: only the rows in view are in the DOM; ARIA table roles keep it a table for screen readers. */
export function VirtualRows<T>({
  label,
  rows,
  columns,
  rowKey,
  headerCell,
}: {
  label: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  headerCell: (c: Column<T>) => { ariaSort: 'ascending' | 'descending' | 'none' | undefined; content: ReactNode };
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not in use; the virtualiser re-renders this component on scroll by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 12,
  });
  const grid = { gridTemplateColumns: columns.map((c) => c.width ?? 'minmax(8rem, 1fr)').join(' ') };
  return (
    <div
      ref={scrollRef}
      role="table"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      className="h-[70vh] overflow-auto rounded border border-slate-200 bg-white text-sm shadow-sm"
    >
      <div role="rowgroup" className="sticky top-0 z-10 border-b border-slate-200 bg-slate-100 text-xs text-slate-600">
        <div role="row" aria-rowindex={1} className="grid" style={grid}>
          {columns.map((c) => {
            const { ariaSort, content } = headerCell(c);
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={ariaSort}
                className="px-3 py-1.5 font-semibold whitespace-nowrap"
              >
                {content}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <div
              key={rowKey(row)}
              role="row"
              aria-rowindex={item.index + 2}
              className="absolute inset-x-0 grid items-center border-b border-slate-100 hover:bg-sky-50/60"
              style={{ ...grid, height: ROW_HEIGHT_PX, transform: `translateY(${item.start}px)` }}
            >
              {columns.map((c) => (
                <div
                  key={c.id}
                  role={c.rowHeader ? 'rowheader' : 'cell'}
                  className={`truncate px-3 ${c.rowHeader ? 'font-medium' : ''}`}
                >
                  {c.cell(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
