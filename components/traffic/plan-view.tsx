'use client';
import type { TrafficChangeResponse } from '@/lib/api/traffic-change';
import { CopyButton } from './copy-button';
import { YamlDiff } from './yaml-diff';

const objectName = (o: { kind: string; namespace: string; name: string } | null) =>
  o ? `${o.kind} ${o.namespace}/${o.name}` : null;

const ACTIONS = { create: 'created', update: 'changed', delete: 'deleted', unchanged: 'left as is' } as const;

/** Errors among the findings block Apply; warnings and infos are read, not blocking. */
export const blockingFindings = (answer: TrafficChangeResponse) =>
  answer.findings.filter((f) => f.severity === 'error');

/**
 * A plan as a person checks it before Apply: what it does in words, the objects it writes, the YAML diff, what the
 * validation rules and the server-side dry-run found, and the warnings (a GitOps owner that will undo it, with the
 * change as a patch to commit instead).
 */
export function PlanView({ answer }: { answer: TrafficChangeResponse }) {
  const { plan, findings, warnings } = answer;
  return (
    <section aria-label="Plan" className="space-y-2 text-sm">
      <ul aria-label="What the change does" className="list-disc pl-5">
        {plan.summary.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <ul aria-label="Objects" className="text-xs text-slate-600">
        {plan.objects.map((o) => (
          <li key={`${o.kind}/${o.namespace}/${o.name}`}>
            {objectName(o)}: {ACTIONS[o.action]}
          </li>
        ))}
      </ul>
      <YamlDiff diff={plan.diff} />
      {findings.length > 0 && (
        <ul aria-label="Findings" className="space-y-1">
          {findings.map((f, i) => (
            <li
              key={i}
              className={
                f.severity === 'error'
                  ? 'rounded border border-red-200 bg-red-50 px-2 py-1 text-red-900'
                  : 'rounded border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900'
              }
            >
              <span className="font-medium">
                {f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Note'}
              </span>{' '}
              <span className="font-mono text-xs">{f.code}</span>
              {f.object && ` in ${objectName(f.object)}${f.path ? ` at ${f.path}` : ''}`}: {f.message}
              {f.fix && <span className="block text-xs">Fix: {f.fix}</span>}
            </li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul aria-label="Warnings" className="space-y-1">
          {warnings.map((w, i) => (
            <li key={i} className="space-y-1 rounded border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900">
              <p>
                {w.object && <span className="font-medium">{objectName(w.object)}: </span>}
                {w.message}
              </p>
              {w.patch && (
                <>
                  <pre
                    aria-label={`Patch to commit${w.object ? ` for ${w.object.name}` : ''}`}
                    className="max-h-48 overflow-auto rounded bg-white p-1 font-mono text-xs"
                  >
                    {w.patch}
                  </pre>
                  <CopyButton text={w.patch} label="Copy the patch" />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
