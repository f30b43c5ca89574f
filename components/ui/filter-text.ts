// What the list filter matches besides names: the words a row shows, so typing what you read finds the row.
import type { Health } from '@/lib/api/health';
import type { Badge } from '@/lib/api/workloads';
import { healthLabel } from './health-badge';
import { badgeLabel } from './istio-badges';

/** `app=sa-logic version=v1`, so both `version=v1` and a bare key or value match. */
export const labelsText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

export const badgesText = (badges: readonly Badge[]) => badges.map(badgeLabel).join(' ');

/**
 * The status as the Health column reads ("Healthy", "Degraded", "No health data"), or "Metrics unavailable"; also as
 * `health:degraded`, which nothing else contains, so a link can ask for exactly the rows in one status.
 */
export const healthText = (health: Health) => {
  const label = health.metricsError ? 'Metrics unavailable' : healthLabel(health.status);
  return `${label} ${healthFilter(label)}`;
};

/** The filter words that match exactly the rows whose health reads `label`. */
export const healthFilter = (label: string) => `health:${label.toLowerCase()}`;
