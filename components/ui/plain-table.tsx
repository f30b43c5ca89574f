import type { ReactNode } from 'react';
import { Icon } from './icon';

/**
 * A small table drawn whole (pods, containers, events: tens of rows, no sorting), in the frame and header style of
 * the app's other tables; `children` are its body rows. `dense` is for many narrow columns (log lines): tighter
 * headers that do not wrap.
 */
export function PlainTable({
  label,
  columns,
  children,
  dense = false,
}: {
  label: string;
  columns: readonly string[];
  children: ReactNode;
  dense?: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white shadow-sm">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-100 text-xs text-slate-600">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={dense ? 'px-2 py-1.5 whitespace-nowrap' : 'px-3 py-1.5'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** A word with the ok or warning icon and colour, so a state reads in words and not by colour alone. */
export function StatusWord({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1 ${ok ? 'text-emerald-700' : 'text-amber-700'}`}>
      <Icon name={ok ? 'ok' : 'warn'} />
      {children}
    </span>
  );
}
