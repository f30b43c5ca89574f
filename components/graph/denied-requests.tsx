'use client';
import type { GraphEdge } from '@/lib/api/graph';
import { formatRps } from '@/lib/format';
import { EntityLink, istioObjectPath } from '../ui/entity-link';

type Cause = NonNullable<GraphEdge['denied']>['causes'][number];

/** One cause in words, with a link to the policy when the proxy's log named it. */
function CauseText({ cause }: { cause: Cause }) {
  if (cause.kind === 'deny-rule' && cause.namespace && cause.name)
    return (
      <>
        DENY policy{' '}
        <EntityLink
          path={istioObjectPath({ namespace: cause.namespace, kind: 'AuthorizationPolicy', name: cause.name })}
        >
          {cause.namespace}/{cause.name}
        </EntityLink>
        {cause.rule !== undefined && ` (rule ${cause.rule})`}
      </>
    );
  // Envoy logs `[none]` then: which ALLOW policies were tried is not in the log (the Security tab evaluates them).
  if (cause.kind === 'no-allow') return <>no ALLOW policy matched (the log does not name the policies tried)</>;
  return <>JWT refused{cause.reason ? `: ${cause.reason}` : ''}</>;
}

/**
 * The edge's requests the mesh's security refused, by filter and cause: counted only as far as the refusing proxy's
 * access log confirms it (server/graph/denial-evidence.ts), so an application's own 401/403 is not among them.
 */
export function DeniedRequests({ edge }: { edge: GraphEdge }) {
  const d = edge.denied;
  if (!d) return null;
  return (
    <section
      aria-label="Denied requests"
      className="space-y-1 rounded border border-violet-200 bg-violet-50 p-2 text-sm"
    >
      <h3 className="font-medium text-violet-800">Denied requests</h3>
      <p>
        {d.rbac > 0 && <span>{formatRps(d.rbac)} by AuthorizationPolicy (403)</span>}
        {d.rbac > 0 && d.jwt > 0 && ', '}
        {d.jwt > 0 && <span>{formatRps(d.jwt)} by RequestAuthentication (JWT)</span>}
      </p>
      <ul className="list-disc pl-5">
        {d.causes.map((c, i) => (
          <li key={i}>
            {formatRps(c.rps)}: <CauseText cause={c} />
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        As the refusing proxy&apos;s access log tells them from the application&apos;s own 401/403.
      </p>
    </section>
  );
}
