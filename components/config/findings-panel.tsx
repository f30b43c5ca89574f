import { ISTIO_KINDS } from '@/lib/istio-kinds';
import type { Finding } from '@/lib/api/validations';
import { EntityLink, entityPath, istioObjectPath } from '../ui/entity-link';
import { Icon } from '../ui/icon';

// The kinds the console has a page for; other references are named without a link.
const ISTIO_KIND_SET = new Set<string>(ISTIO_KINDS);

/** The console's page of an object a finding is on or points to; undefined for kinds it has no page for. */
export function referencePath(r: { kind: string; namespace: string; name: string }): string | undefined {
  if (ISTIO_KIND_SET.has(r.kind)) return istioObjectPath(r);
  if (r.kind === 'Service') return entityPath(r.namespace, 'services', r.name);
  if (r.kind === 'Namespace') return `/?namespaces=${encodeURIComponent(r.name)}`;
  if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(r.kind)) return entityPath(r.namespace, 'workloads', r.name);
  return undefined;
}

export const LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;
export const ICON = { error: 'error', warning: 'warn', info: 'unknown' } as const;
export const COLOUR = { error: 'text-red-700', warning: 'text-amber-700', info: 'text-sky-700' } as const;

/** The findings on one object: severity, codes, where (line and field), what is wrong and how to fix it. */
export function FindingsPanel({ findings, lineOf }: { findings: Finding[]; lineOf: (path: string) => number }) {
  return (
    <section aria-labelledby="findings-heading" className="rounded border border-slate-200 bg-white shadow-sm">
      <h2 id="findings-heading" className="border-b border-slate-200 bg-slate-100 px-3 py-1.5 text-sm font-semibold">
        Validation
      </h2>
      {findings.length === 0 ? (
        <p className="flex items-center gap-1 p-3 text-sm text-emerald-700">
          <Icon name="ok" />
          Valid: no findings on this object.
        </p>
      ) : (
        <ul aria-label="Findings" className="divide-y divide-slate-100">
          {findings.map((f, i) => {
            const line = lineOf(f.path);
            return (
              <li key={i} className="space-y-1 p-3 text-sm">
                <p className={`flex flex-wrap items-center gap-2 font-medium ${COLOUR[f.severity]}`}>
                  <Icon name={ICON[f.severity]} />
                  <span>{LABEL[f.severity]}</span>
                  {f.codes.length > 0 && <span className="font-mono text-xs">{f.codes.join(' · ')}</span>}
                  <a href={`#yaml-line-${line}`} className="font-mono text-xs text-slate-600 underline">
                    line {line}
                  </a>
                  {f.path && <code className="text-xs text-slate-600">{f.path}</code>}
                </p>
                <p className="text-slate-800">{f.message}</p>
                {f.references && f.references.length > 0 && (
                  <p className="flex flex-wrap gap-2 text-xs text-slate-600">
                    See:
                    {f.references.map((r) => {
                      const path = referencePath(r);
                      const text = `${r.kind} ${r.namespace}/${r.name}`;
                      return path ? (
                        <EntityLink key={text} path={path}>
                          {text}
                        </EntityLink>
                      ) : (
                        <span key={text}>{text}</span>
                      );
                    })}
                  </p>
                )}
                <p className="text-xs text-slate-500">rule {f.ruleId}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
