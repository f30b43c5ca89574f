'use client';
import { useState } from 'react';

/**
 * The raw JSON behind the rows on screen, collapsed: it is built only when opened, and holds only this page's rows,
 * so a dump of tens of megabytes is never printed whole.
 */
export function EnvoyRaw({ raw, first, last, noun }: { raw: unknown[]; first: number; last: number; noun: string }) {
  const [open, setOpen] = useState(false);
  if (raw.length === 0) return null;
  return (
    <details
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="rounded border border-slate-200 bg-white text-sm"
    >
      <summary className="cursor-pointer px-3 py-1.5 text-slate-700">
        Raw JSON of {noun} {first}–{last}
      </summary>
      {open && (
        <pre className="max-h-[60vh] overflow-auto border-t border-slate-200 bg-slate-50 p-3 font-mono text-xs">
          {JSON.stringify(raw, null, 2)}
        </pre>
      )}
    </details>
  );
}
