import type { HealthStatus } from '@/lib/api/health';
import type { NamespaceSummary } from '@/lib/api/namespaces';
import { EntityLink } from '../ui/entity-link';
import { healthFilter } from '../ui/filter-text';
import { Icon } from '../ui/icon';
import { HealthStatusLabel, healthLabel } from '../ui/health-badge';

const WORST_FIRST: HealthStatus[] = ['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA'];

/** The applications list of one namespace, filtered to the apps in one status: what a health count counted. */
const appsIn = (namespace: string, status: HealthStatus) =>
  `/applications?${new URLSearchParams({ namespaces: namespace, filter: healthFilter(healthLabel(status)) })}`;

/** "All 4 apps healthy" or the worst status first: "1 app Degraded · 3 Healthy"; each count links to those apps. */
export function HealthSummary({ summary }: { summary: NamespaceSummary }) {
  const counts = WORST_FIRST.map((status) => ({ status, count: summary.health[status] ?? 0 })).filter(
    (c) => c.count > 0,
  );
  const total = counts.reduce((n, c) => n + c.count, 0);
  if (summary.metricsError) {
    return (
      <p className="inline-flex items-center gap-1 text-sm text-slate-600" title={summary.metricsError}>
        <Icon name="unknown" /> Metrics unavailable
      </p>
    );
  }
  if (total === 0) return <p className="text-sm text-slate-500">No apps to judge</p>;
  if (counts.length === 1 && counts[0]!.status === 'Healthy') {
    return (
      <p className="text-sm">
        <EntityLink
          path={appsIn(summary.name, 'Healthy')}
          className="inline-flex items-center gap-1 text-emerald-700 hover:underline"
        >
          <Icon name="ok" /> {total === 1 ? '1 app healthy' : `All ${total} apps healthy`}
        </EntityLink>
      </p>
    );
  }
  return (
    <ul className="flex flex-wrap gap-x-3 text-sm" aria-label="Health">
      {counts.map((c) => (
        <li key={c.status}>
          <EntityLink path={appsIn(summary.name, c.status)} className="inline-flex items-center gap-1 hover:underline">
            <span className="font-medium">{c.count}</span> <HealthStatusLabel status={c.status} />
          </EntityLink>
        </li>
      ))}
    </ul>
  );
}
