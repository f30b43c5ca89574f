import type { ObjectStore } from '../../store/object-store.js';
import type { KubeObject } from '../../store/kube-object.js';
import { sameRule, type PolicyRule } from './policy-rule.js';
import { RBAC_GR } from './rbac-authorizer.js';

// The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
// aggregationRule gets as rules the union of the rules of every other ClusterRole its selectors match, in the order
// of the roles' names, each distinct rule once; its own rules are overwritten. It runs on every ClusterRole change,
// so a role labelled aggregate-to-view widens view (and, through view's own label, edit and admin) at once.

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function selects(selector: LabelSelector, labels: Record<string, string> = {}): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    if (operator === 'In' && !(has && values.includes(labels[key]!))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key]!)) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const selectorsOf = (role: KubeObject): LabelSelector[] | undefined =>
  (role.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined)?.clusterRoleSelectors;

/** The rules an aggregated ClusterRole should have now, from all the ClusterRoles (pure). */
export function aggregatedRules(role: KubeObject, clusterRoles: KubeObject[]): PolicyRule[] {
  const selectors = selectorsOf(role) ?? [];
  const rules: PolicyRule[] = [];
  const sorted = [...clusterRoles].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const other of sorted) {
    if (other.metadata.name === role.metadata.name) continue;
    if (!selectors.some((s) => selects(s, other.metadata.labels))) continue;
    for (const rule of (other.rules as PolicyRule[] | undefined) ?? []) {
      if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
    }
  }
  return rules;
}

/** Brings every aggregated ClusterRole up to date; returns how many it rewrote. */
export function reconcileAggregatedRoles(store: ObjectStore): number {
  let written = 0;
  // An aggregated role can itself be aggregated (edit into admin): repeat until nothing changes.
  for (let pass = 0; pass < 5; pass++) {
    let changed = false;
    const all = store.list(RBAC_GR.clusterroles);
    for (const role of all) {
      if (!selectorsOf(role)) continue;
      const rules = aggregatedRules(role, all);
      const current = (role.rules as PolicyRule[] | undefined) ?? [];
      if (current.length === rules.length && current.every((r, i) => sameRule(r, rules[i]!))) continue;
      store.update(RBAC_GR.clusterroles, { ...role, rules });
      changed = true;
      written++;
    }
    if (!changed) break;
  }
  return written;
}

/** Keeps the aggregated ClusterRoles up to date as ClusterRoles come, change and go; returns the stop function. */
export function startClusterRoleAggregation(store: ObjectStore): () => void {
  reconcileAggregatedRoles(store);
  let queued = false;
  return store.subscribe((event) => {
    if (event.gr !== RBAC_GR.clusterroles || queued) return;
    queued = true;
    // After the write that triggered it, as the controller's work queue would: never inside the store's emit.
    queueMicrotask(() => {
      queued = false;
      reconcileAggregatedRoles(store);
    });
  });
}
