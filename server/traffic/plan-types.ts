// The seam between the pure planner (server/traffic/*.ts) and the code that reads and writes the cluster
// (server/traffic/io/): the planner takes the objects as read and an intent, and returns the objects after the change;
// it never does I/O, so every rule of "what the change does" is tested without a server.
import type { ObjectRef, Plan, TrafficChangeBody } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';

/** A version of the service: its pods' `version` label value and the labels that select them. */
export interface ServiceVersion {
  name: string;
  labels: Record<string, string>; // e.g. { app: 'sa-logic', version: 'v2' }: what a DR subset for it selects
  pods: number;
}

/** Everything the planner reads, as the API served it (fresh GETs, not the cache, when a write follows). */
export interface PlanInput {
  namespace: string;
  service: KubeObject; // the Service
  versions: ServiceVersion[];
  // The service's routing objects in the cluster: every VirtualService whose hosts name it (in any namespace that
  // exports to the service's), every DestinationRule for its host, every HTTPRoute/GRPCRoute whose parentRefs or
  // backendRefs name it. The planner picks the one to edit and keeps the others as they are.
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
  httpRoutes: KubeObject[];
  grpcRoutes: KubeObject[];
  // Services per version, for Gateway API (which routes to Services, not subsets): Service name → version.
  versionServices: Record<string, string>;
}

/** The intents of one change (the body without dryRun and resourceVersion). */
export type TrafficIntent = Omit<TrafficChangeBody, 'dryRun' | 'resourceVersion'>;

/** A refusal of an intent that names the field, e.g. { field: 'weights.v3', message: 'sa-logic has no version v3; …' }. */
export interface PlanProblem {
  field: string;
  message: string;
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

/** Label on every object Sextant created, so that Sextant later removes what it created and only that. */
export const CREATED_BY_LABEL = 'sextant.dev/created-by';
export const FIELD_MANAGER = 'sextant';

export type { ObjectRef };

/**
 * A rollback: the objects as an audit entry recorded them before its change (null: the object did not exist, so
 * Sextant removes it if Sextant created it), planned against the objects as they are now.
 */
export interface RestoreTarget {
  entryId: string;
  objects: { ref: ObjectRef; before: Record<string, unknown> | null }[];
}
