import { formatPercent, formatRps } from '@/lib/format';

type Codes = Record<string, { rps: number; flags: Record<string, number> } | number>;

/** Response codes of an edge (with Envoy's response flags) or of a node's series, largest first, as a table. */
export function ResponseCodes({ codes, label }: { codes: Codes; label: string }) {
  const rows = Object.entries(codes)
    .map(([code, value]) => ({
      code,
      rps: typeof value === 'number' ? value : value.rps,
      flags:
        typeof value === 'number'
          ? ''
          : Object.keys(value.flags)
              .filter((f) => f !== '-')
              .join(', '),
    }))
    .sort((a, b) => b.rps - a.rps);
  const total = rows.reduce((sum, r) => sum + r.rps, 0);
  if (rows.length === 0) return <p className="text-xs text-slate-500">No responses in the window.</p>;
  return (
    <table aria-label={label} className="w-full text-xs">
      <thead className="text-left text-slate-500">
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Rate</th>
          <th scope="col">Share</th>
          <th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.code}
            className={/^[5]|^0$/.test(r.code) ? 'text-red-700' : /^4/.test(r.code) ? 'text-amber-700' : ''}
          >
            <th scope="row" className="text-left font-mono font-normal">
              {r.code}
            </th>
            <td>{formatRps(r.rps)}</td>
            <td>{total > 0 ? formatPercent(r.rps / total) : '—'}</td>
            <td className="font-mono">{r.flags || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
