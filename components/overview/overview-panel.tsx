'use client';
import { useSearchParams } from 'next/navigation';
import { useNamespaces } from '@/lib/api/use-namespaces';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { useValidations } from '@/lib/api/use-validations';
import { windowLabel } from '@/lib/time-controls';
import { Empty, Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { keepControls } from '../shell/shell-link';
import { NamespaceCard } from './namespace-card';

export function OverviewPanel() {
  const { data, error, isPending } = useNamespaces();
  // One listing for every card: how many findings the Istio config of each namespace has.
  const validations = useValidations({});
  const { namespaces: selected, window } = useTimeControls();
  const search = useSearchParams();
  if (isPending) return <Loading>Loading namespaces…</Loading>;
  if (!data) return <Failure what="Namespaces" error={error} />;
  const chosen = selected.length > 0 ? data.filter((n) => selected.includes(n.name)) : data;
  // Namespaces that run something come first; empty ones (kube-public, kube-node-lease…) follow, each by name.
  const shown = [...chosen].sort(
    (a, b) => Number(b.workloads > 0) - Number(a.workloads > 0) || a.name.localeCompare(b.name),
  );
  const linkSearch = (ns: string) => {
    const params = new URLSearchParams(search.toString());
    params.set('namespaces', ns);
    return keepControls('', params);
  };
  return (
    <section aria-labelledby="overview-heading" className="space-y-3">
      <div className="flex items-baseline gap-3">
        <h1 id="overview-heading" className="text-lg font-semibold">
          Overview
        </h1>
        <p className="text-sm text-slate-500">
          {shown.length} of {data.length} namespaces · {windowLabel(window).toLowerCase()}
        </p>
      </div>
      {error && <RefreshFailed error={error} />}
      {shown.length === 0 ? (
        <Empty>
          {data.length === 0
            ? 'The cluster has no namespaces that Sextant can read.'
            : 'None of the selected namespaces exist.'}
        </Empty>
      ) : (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] gap-3">
          {shown.map((ns) => (
            <NamespaceCard
              key={ns.name}
              summary={ns}
              linkSearch={linkSearch}
              config={
                validations.data
                  ? (validations.data.namespaces.find((v) => v.namespace === ns.name) ?? 'none')
                  : validations.error
                    ? 'failed'
                    : 'loading'
              }
            />
          ))}
        </div>
      )}
    </section>
  );
}
