'use client';
import { useEnvoyDiff } from '@/lib/api/use-envoy';
import { Loading } from '../ui/panel-message';
import { EnvoyFailure } from './envoy-failure';

const LIST_AT_MOST = 50;

function Names({ title, names }: { title: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <div>
      <p className="text-xs font-medium text-slate-600">
        {title} ({names.length})
      </p>
      <ul className="ml-4 list-disc font-mono text-xs break-all">
        {names.slice(0, LIST_AT_MOST).map((n) => (
          <li key={n}>{n}</li>
        ))}
        {names.length > LIST_AT_MOST && <li>and {names.length - LIST_AT_MOST} more</li>}
      </ul>
    </div>
  );
}

/** What two pods of a workload hold differently, per section: a proxy that missed a push shows up here. */
export function EnvoyDiff({ namespace, pod, other }: { namespace: string; pod: string; other: string }) {
  const { data, error, isPending, refetch, isFetching } = useEnvoyDiff(namespace, pod, other);
  if (isPending)
    return (
      <Loading>
        Comparing the Envoy config of {pod} and {other}…
      </Loading>
    );
  if (!data)
    return (
      <EnvoyFailure
        pod={other}
        what="The comparison"
        error={error}
        retry={() => void refetch()}
        retrying={isFetching}
      />
    );
  const differences = data.sections.reduce(
    (n, s) => n + s.onlyHere.length + s.onlyThere.length + s.differing.length,
    0,
  );
  return (
    <section aria-label={`Envoy config of ${pod} compared with ${other}`} className="space-y-2">
      <p className="text-sm font-medium">
        {differences === 0
          ? `${pod} and ${other} have the same Envoy config.`
          : `${differences} difference${differences === 1 ? '' : 's'} between ${pod} and ${other}: one of them may be a stale proxy.`}
      </p>
      <table aria-label="Differences by section" className="w-full border-collapse text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-100 text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-1.5">
              Section
            </th>
            <th scope="col" className="px-3 py-1.5">
              Same
            </th>
            <th scope="col" className="px-3 py-1.5">
              Only in {pod}
            </th>
            <th scope="col" className="px-3 py-1.5">
              Only in {other}
            </th>
            <th scope="col" className="px-3 py-1.5">
              Different
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {data.sections.map((s) => (
            <tr key={s.section} className="align-top">
              <th scope="row" className="px-3 py-1.5 font-medium capitalize">
                {s.section}
              </th>
              <td className="px-3 py-1.5">{s.same}</td>
              <td className="px-3 py-1.5">
                <Names title="names" names={s.onlyHere} />
                {s.onlyHere.length === 0 && '0'}
              </td>
              <td className="px-3 py-1.5">
                <Names title="names" names={s.onlyThere} />
                {s.onlyThere.length === 0 && '0'}
              </td>
              <td className="px-3 py-1.5">
                {s.differing.length === 0
                  ? '0'
                  : s.differing.slice(0, LIST_AT_MOST).map((d) => (
                      <p key={d.key} className="font-mono text-xs break-all">
                        {d.key}: {d.paths.join(', ')}
                      </p>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
