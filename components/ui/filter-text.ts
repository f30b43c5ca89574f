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

/** The status as the Health column reads ("Healthy", "Degraded", "No health data"), or "Metrics unavailable". */
export const healthText = (health: Health) =>
  health.metricsError ? 'Metrics unavailable' : healthLabel(health.status);

/** As the Sidecar column reads. */
export const sidecarText = (hasSidecar: boolean, exemption: string | null) =>
  hasSidecar ? 'Sidecar' : exemption ? `No sidecar (${exemption})` : 'Missing sidecar';
