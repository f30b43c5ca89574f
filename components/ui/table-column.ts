// One column of a DataTable, shared by the table and its virtualised rows.
import type { ReactNode } from 'react';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Present when the column sorts. */
  sortValue?: (row: T) => string | number;
  /** The column that names the row (a `<th scope="row">`). */
  rowHeader?: boolean;
  /** CSS grid track of the column when the table is virtualised. */
  width?: string;
  /** The virtualised cell's classes instead of `truncate` (a cell that wraps, as a log line's). */
  cellClassName?: string;
}
