import type { ReactNode } from 'react';
import { EntityLink } from './entity-link';

export interface Field {
  term: string;
  value: ReactNode;
}

/** The top of a detail page: what it is, where it lives, and its facts as a description list. */
export function DetailHeader({
  kind,
  name,
  namespace,
  back,
  fields,
  children,
}: {
  kind: string;
  name: string;
  namespace: string;
  back: { path: string; label: string };
  /** The facts card right under the title; a page with tabs puts it in its first tab instead (FactsCard). */
  fields?: Field[];
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby="detail-heading" className="space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <EntityLink path={back.path}>{back.label}</EntityLink> <span aria-hidden="true">/</span> {namespace}
      </nav>
      <div className="flex items-baseline gap-3">
        <h1 id="detail-heading" className="text-lg font-semibold">
          {name}
        </h1>
        <p className="text-sm text-slate-500">
          {kind} in {namespace}
        </p>
      </div>
      {fields && <FactsCard fields={fields} />}
      {children}
    </section>
  );
}

/** An entity's facts as a description list. */
export function FactsCard({ fields }: { fields: Field[] }) {
  return (
    <dl className="grid grid-cols-[repeat(auto-fill,minmax(14rem,1fr))] gap-x-6 gap-y-2 rounded border border-slate-200 bg-white p-3 text-sm shadow-sm">
      {fields.map((f) => (
        <div key={f.term} className="min-w-0">
          <dt className="text-xs text-slate-500">{f.term}</dt>
          <dd className="mt-0.5 break-words">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LinkList({ items }: { items: { key: string; path: string; label: string }[] }) {
  if (items.length === 0) return <>—</>;
  return (
    <ul className="flex flex-wrap gap-x-2">
      {items.map((i) => (
        <li key={i.key}>
          <EntityLink path={i.path}>{i.label}</EntityLink>
        </li>
      ))}
    </ul>
  );
}

export function Labels({ labels }: { labels: Record<string, string> | null }) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return <>—</>;
  return (
    <ul className="flex flex-wrap gap-1">
      {entries.map(([k, v]) => (
        <li key={k} className="rounded bg-slate-100 px-1.5 py-px font-mono text-xs text-slate-700">
          {k}={v}
        </li>
      ))}
    </ul>
  );
}
