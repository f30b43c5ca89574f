// What the config-change log keeps and answers (config-changes.ts re-exports it for the routes).

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
