'use client';
import { useState } from 'react';
import { useSimulatePolicy } from '@/lib/api/use-security';
import { DetailSection } from '../ui/detail-section';
import { Empty, Failure } from '../ui/panel-message';
import { PlainTable } from '../ui/plain-table';

const cell = 'px-3 py-1.5 align-top';

/** Paste an AuthorizationPolicy and read which of the last hour's calls it would allow or deny, before applying it. */
export function SimulatePanel({ namespace }: { namespace: string }) {
  const [policy, setPolicy] = useState('');
  const simulate = useSimulatePolicy(namespace);
  const result = simulate.data;
  return (
    <DetailSection id="simulate-heading" title="Try a policy">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          simulate.mutate(policy);
        }}
      >
        <label className="block text-sm text-slate-700" htmlFor="simulate-policy">
          AuthorizationPolicy (YAML or JSON) for namespace {namespace}
        </label>
        <textarea
          id="simulate-policy"
          value={policy}
          onChange={(e) => setPolicy(e.target.value)}
          rows={10}
          spellCheck={false}
          className="w-full rounded border border-slate-300 p-2 font-mono text-xs"
        />
        <button
          type="submit"
          disabled={policy.trim() === '' || simulate.isPending}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
        >
          {simulate.isPending ? 'Simulating…' : 'Simulate on the last hour'}
        </button>
      </form>
      {simulate.error && <Failure what="Simulation" error={simulate.error} />}
      {result &&
        (result.calls.length === 0 ? (
          <Empty>No observed call of the last hour reaches what this policy selects.</Empty>
        ) : (
          <PlainTable
            label="Simulated decisions"
            columns={['Decision', 'Caller', 'To', 'Operation', 'Requests', 'Because']}
          >
            {result.calls.map((c, i) => (
              <tr key={i}>
                <th scope="row" className={`${cell} font-normal uppercase`}>
                  {c.decision}
                </th>
                <td className={cell}>
                  {c.source.workload ? `${c.source.namespace}/${c.source.workload}` : (c.source.principal ?? 'unknown')}
                  {c.mtls === false ? ' (plaintext)' : ''}
                </td>
                <td className={cell}>{c.destination.workload}</td>
                <td className={cell}>
                  {[c.operation.method, c.operation.path, c.operation.port && `port ${c.operation.port}`]
                    .filter(Boolean)
                    .join(' ') || 'not observed'}
                </td>
                <td className={cell}>{c.requests}</td>
                <td className={cell}>{c.because}</td>
              </tr>
            ))}
          </PlainTable>
        ))}
      {result && result.notes.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-slate-500">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </DetailSection>
  );
}
