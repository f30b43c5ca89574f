import type { ReactNode } from 'react';

/** A titled part of a detail page below its facts (Pods, Istio config), found by its heading. */
export function DetailSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-sm font-semibold text-slate-700">
        {title}
      </h2>
      {children}
    </section>
  );
}
