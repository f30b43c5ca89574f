// Changes to Istio objects seen by the console's watch, kept in memory while the console is up, so that charts can
// mark when the config of what they show changed.

/** One change to an Istio object: when, what, and who per its managedFields. */
export interface ConfigChange {
  /** Unix seconds. */
  time: number;
  kind: string;
  namespace: string;
  name: string;
  /** In words: "created by kubectl-client-side-apply", "spec changed by sextant", "deleted". */
  change: string;
}

/** The entity a page shows, as the API names it. */
export interface ChangedEntity {
  namespace: string;
  resource: 'apps' | 'workloads' | 'services';
  name: string;
}

/**
 * The changes that touch an entity between two instants (unix seconds), oldest first.
 * Stub until the change log is built: the metrics route already asks it for its markers.
 */
export function changesTouching(entity: ChangedEntity, fromSeconds: number, toSeconds: number): ConfigChange[] {
  void entity;
  void fromSeconds;
  void toSeconds;
  return [];
}
