'use client';
import type { ObservedCall, SecurityResponse } from '@/lib/api/security';
import { useWorkloadSecurity } from '@/lib/api/use-security';
import { DetailSection } from '../ui/detail-section';
import { Empty, Failure, Loading, RefreshFailed, SourceDown } from '../ui/panel-message';
import { PlainTable } from '../ui/plain-table';
import { SimulatePanel } from './simulate-panel';

const cell = 'px-3 py-1.5 align-top';
// A gateway's callers are clients outside the mesh; elsewhere a caller Istio does not name has no sidecar.
const caller = (c: ObservedCall, gateway: boolean) =>
  c.source.workload
    ? `${c.source.namespace}/${c.source.workload}`
    : (c.source.principal ?? (gateway ? 'outside the mesh' : 'unknown (no sidecar)'));
const security = (mtls: boolean | null) => (mtls === true ? 'mTLS' : mtls === false ? 'plaintext' : 'unknown');

function Warnings({ data }: { data: SecurityResponse }) {
  if (data.warnings.length === 0) return null;
  return (
    <ul aria-label="Security warnings" className="space-y-2">
      {data.warnings.map((w) => (
        <li key={w.kind} className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">Warning: {w.message}</p>
          <p className="mt-1">Fix: {w.fix}</p>
        </li>
      ))}
    </ul>
  );
}

function Calls({
  label,
  calls,
  denied,
  gateway,
}: {
  label: string;
  calls: (ObservedCall & { because?: string })[];
  denied: boolean;
  gateway: boolean;
}) {
  if (calls.length === 0)
    return <Empty>{denied ? 'No call refused by the proxy in the last hour.' : 'No call in the last hour.'}</Empty>;
  return (
    <PlainTable label={label} columns={['Caller', 'Security', 'Code', 'Requests', ...(denied ? ['Why'] : [])]}>
      {calls.map((c, i) => (
        <tr key={i}>
          <th scope="row" className={`${cell} font-normal`}>
            {caller(c, gateway)}
          </th>
          <td className={cell}>{security(c.mtls)}</td>
          <td className={cell}>
            {c.responseCode}
            {c.responseFlags !== '-' ? ` ${c.responseFlags}` : ''}
          </td>
          <td className={cell}>{c.requests}</td>
          {denied && <td className={cell}>{c.because}</td>}
        </tr>
      ))}
    </PlainTable>
  );
}

/** The workload's Security tab: mTLS, the policies in words, who may call it, the last hour's calls, warnings. */
export function SecurityTab({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isPending, refetch, isFetching } = useWorkloadSecurity(namespace, name);
  if (isPending) return <Loading>Loading the security of {name}…</Loading>;
  if (!data) return <Failure what="Security" error={error} />;
  return (
    <div className="space-y-5">
      {error && <RefreshFailed error={error} />}
      <Warnings data={data} />
      <DetailSection id="mtls-heading" title="mTLS">
        <p className="text-sm text-slate-800">{data.mtls.summary}</p>
      </DetailSection>
      <DetailSection id="policies-heading" title={`Policies in force (${data.policies.length})`}>
        {data.policies.length === 0 ? (
          <Empty>No security policy applies to {name}.</Empty>
        ) : (
          <ul aria-label="Policies in force" className="space-y-1 text-sm">
            {data.policies.map((p) => (
              <li key={`${p.ref.kind}/${p.ref.namespace}/${p.ref.name}`}>
                <span className="font-medium">
                  {p.ref.kind} {p.ref.namespace}/{p.ref.name}
                </span>
                <span className="text-slate-500"> ({p.scope})</span>: {p.summary.join('; ')}
              </li>
            ))}
          </ul>
        )}
      </DetailSection>
      <DetailSection id="access-heading" title="Who may call whom">
        {data.access.rows.length > 0 && (
          <PlainTable label={`Who may call ${name}`} columns={['Decision', 'Source', 'Operation', 'When', 'Policy']}>
            {data.access.rows.map((r, i) => (
              <tr key={i}>
                <th scope="row" className={`${cell} font-normal uppercase`}>
                  {r.decision}
                </th>
                <td className={cell}>{r.source}</td>
                <td className={cell}>{r.operation}</td>
                <td className={cell}>{r.conditions.join(' and ') || '—'}</td>
                <td className={cell}>
                  {r.policy.namespace}/{r.policy.name}
                  {r.rule !== null ? ` rule ${r.rule}` : ''}
                </td>
              </tr>
            ))}
          </PlainTable>
        )}
        <p className="text-sm text-slate-700">
          Otherwise {data.access.otherwise}: {data.access.because}
        </p>
      </DetailSection>
      <DetailSection id="calls-heading" title="Calls of the last hour">
        {data.metricsError ? (
          <SourceDown what="Calls" reason={data.metricsError} retry={() => void refetch()} retrying={isFetching} />
        ) : (
          <>
            <h3 className="text-xs font-semibold text-slate-600">Denied</h3>
            <Calls label={`Calls to ${name} denied`} calls={data.denied} denied gateway={data.mtls.gateway} />
            <h3 className="text-xs font-semibold text-slate-600">Allowed</h3>
            <Calls label={`Calls to ${name} allowed`} calls={data.allowed} denied={false} gateway={data.mtls.gateway} />
          </>
        )}
        {data.logsError && <p className="text-xs text-slate-500">{data.logsError}</p>}
      </DetailSection>
      <SimulatePanel namespace={namespace} />
    </div>
  );
}
