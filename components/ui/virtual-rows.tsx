'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type HTMLAttributes, type ReactNode } from 'react';
import type { Column } from './table-column';

const ROW_HEIGHT_PX = 34;

/** Asks the box to bring a row into view; a new `id` asks again (the end after new lines, a marked line). */
export interface ScrollRequest {
  index: number;
  align: 'start' | 'center' | 'end';
  id: string;
}

/** What a row adds to its element: a marking class, data-* and aria-* attributes. */
export type RowAttributes = HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string | undefined>;

/**
 * A long table in a bounded, scrolling box: only the rows in view are in the DOM; ARIA table roles keep it a table for
 * screen readers and tests. `boxClassName` bounds the box (70 % of the window by default, the lists' pages);
 * `variableHeight` measures each row (log lines that wrap) instead of one fixed height; `wideCell` draws a row that is
 * not in columns (a log's plain line) as its `leadColumns` first cells and that one across the rest.
 */
export function VirtualRows<T>({
  label,
  rows,
  columns,
  rowKey,
  headerCell,
  boxClassName = 'h-[70vh]',
  variableHeight = false,
  rowAttributes,
  wideCell,
  leadColumns = 1,
  scrollTo,
}: {
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string;
  headerCell: (c: Column<T>) => { ariaSort: 'ascending' | 'descending' | 'none' | undefined; content: ReactNode };
  boxClassName?: string;
  variableHeight?: boolean;
  rowAttributes?: (row: T) => RowAttributes | undefined;
  wideCell?: (row: T) => ReactNode | undefined;
  /** How many first columns a wide row keeps before its wide cell (the time, and the source in a merged log). */
  leadColumns?: number;
  scrollTo?: ScrollRequest | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not in use; the virtualiser re-renders this component on scroll by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    getItemKey: (index) => rowKey(rows[index]!, index),
    overscan: 12,
  });
  const scrollId = scrollTo?.id;
  useEffect(() => {
    if (scrollTo && scrollTo.index >= 0 && scrollTo.index < rows.length)
      v.scrollToIndex(scrollTo.index, { align: scrollTo.align });
    // Only a new request scrolls: the person's own scrolling in between is theirs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollId]);
  const grid = { gridTemplateColumns: columns.map((c) => c.width ?? 'minmax(8rem, 1fr)').join(' ') };
  return (
    <div
      ref={scrollRef}
      role="table"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      className={`${boxClassName} overflow-auto rounded border border-slate-200 bg-white text-sm shadow-sm`}
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
          const extra = rowAttributes?.(row);
          const wide = wideCell?.(row);
          const cellClass = (c: Column<T>) =>
            `${c.cellClassName ?? 'truncate'} px-3 ${c.rowHeader ? 'font-medium' : ''}`;
          return (
            <div
              key={item.key}
              {...extra}
              ref={variableHeight ? v.measureElement : undefined}
              data-index={item.index}
              role="row"
              aria-rowindex={item.index + 2}
              className={`absolute inset-x-0 grid items-center border-b border-slate-100 hover:bg-sky-50/60 ${extra?.className ?? ''}`}
              style={{
                ...grid,
                ...(variableHeight ? { minHeight: ROW_HEIGHT_PX } : { height: ROW_HEIGHT_PX }),
                transform: `translateY(${item.start}px)`,
              }}
            >
              {wide !== undefined
                ? [
                    ...columns.slice(0, leadColumns).map((c) => (
                      <div key={c.id} role="cell" className={cellClass(c)}>
                        {c.cell(row)}
                      </div>
                    )),
                    <div key="wide" role="cell" className="px-3 py-1" style={{ gridColumn: `${leadColumns + 1} / -1` }}>
                      {wide}
                    </div>,
                  ]
                : columns.map((c) => (
                    <div key={c.id} role={c.rowHeader ? 'rowheader' : 'cell'} className={cellClass(c)}>
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
