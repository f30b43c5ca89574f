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
