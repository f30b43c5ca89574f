// Changes to Istio objects seen by the console's watch, kept in memory while the console is up, so that charts can
// mark when the config of what they show changed.

import { processChangeLog } from './io/change-recorder.js';

/** One change to an Istio object: when, what, and who per its managedFields. */
export interface ConfigChange {
  /** Unix seconds. */
  time: number;
  kind: string;
  namespace: string;
  name: string;
  /** In words: "created by kubectl-client-side-apply", "spec changed by sextant", "deleted". */
  change: string;
  /** The manager of the change per managedFields, when the object says (a deletion does not). */
  manager?: string;
}

/** The entity a page shows, as the API names it. */
export interface ChangedEntity {
  namespace: string;
  resource: 'apps' | 'workloads' | 'services';
  name: string;
}

/**
 * The changes that touch an entity between two instants (unix seconds), oldest first: from the process-wide log of the
 * first cluster's watch (io/change-recorder.ts, attached when the sources start); none before it is.
 */
export function changesTouching(entity: ChangedEntity, fromSeconds: number, toSeconds: number): ConfigChange[] {
  return processChangeLog()?.touching(entity, fromSeconds, toSeconds) ?? [];
}
