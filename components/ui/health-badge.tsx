import type { Health, HealthStatus } from '@/lib/api/health';
import { formatPercent } from '@/lib/format';
import { Icon, type IconName } from './icon';

/** Worst first, for sorting a health column. */
export const HEALTH_RANK: Record<HealthStatus, number> = { Failure: 0, Degraded: 1, 'Not Ready': 2, Healthy: 3, NA: 4 };

const LOOK: Record<HealthStatus, { icon: IconName; className: string; label: string }> = {
  Healthy: { icon: 'ok', className: 'text-emerald-700', label: 'Healthy' },
  Degraded: { icon: 'warn', className: 'text-amber-700', label: 'Degraded' },
  Failure: { icon: 'error', className: 'text-red-700', label: 'Failure' },
  'Not Ready': { icon: 'warn', className: 'text-slate-600', label: 'Not ready' },
  NA: { icon: 'unknown', className: 'text-slate-500', label: 'No health data' },
};

export const healthLabel = (status: HealthStatus) => LOOK[status].label;

export function HealthStatusLabel({ status }: { status: HealthStatus }) {
  const look = LOOK[status];
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap ${look.className}`}>
      <Icon name={look.icon} />
      {look.label}
    </span>
  );
}

/** Status in words and an icon; when Prometheus could not be asked, that is what it says instead of a guess. */
export function HealthBadge({ health }: { health: Health }) {
  if (health.metricsError) {
    return (
      <span className="inline-flex items-center gap-1 whitespace-nowrap text-slate-600" title={health.metricsError}>
        <Icon name="unknown" />
        Metrics unavailable
      </span>
    );
  }
  const errors =
    health.requests && health.requests.errorRatio > 0 ? ` (${formatPercent(health.requests.errorRatio)} errors)` : '';
  return (
    <span title={errors ? `${LOOK[health.status].label}${errors}` : undefined}>
      <HealthStatusLabel status={health.status} />
    </span>
  );
}
