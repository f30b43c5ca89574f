// The workloads a graph node stands for: itself, its app, or its app at one version. Indexed once per namespace and
// node kind: scanning the namespace's workloads for every node was quadratic in a large namespace.
import type { WorkloadModel } from '../mesh/build-workloads.js';
import type { NodeIdentity } from './node-identity.js';

type KeyKind = 'workload' | 'app' | 'version';

const keyOfWorkload = (w: WorkloadModel, kind: KeyKind): string =>
  kind === 'workload'
    ? w.name
    : kind === 'app'
      ? (w.app ?? w.name)
      : `${w.app ?? w.name}\u0000${w.version ?? 'latest'}`;

export class NodeWorkloads {
  private readonly indexes = new Map<string, Map<string, WorkloadModel[]>>();

  constructor(private readonly byNamespace: ReadonlyMap<string, readonly WorkloadModel[]>) {}

  /** null for nodes that are not workloads or apps (services, ServiceEntries, the unknown source). */
  of(identity: NodeIdentity): WorkloadModel[] | null {
    if (identity.nodeType !== 'app' && identity.nodeType !== 'workload') return null;
    const kind: KeyKind =
      identity.nodeType === 'workload' ? 'workload' : identity.version === undefined ? 'app' : 'version';
    const key =
      kind === 'workload'
        ? identity.workload!
        : kind === 'app'
          ? identity.app!
          : `${identity.app}\u0000${identity.version}`;
    return this.index(identity.namespace, kind).get(key) ?? [];
  }

  private index(namespace: string, kind: KeyKind): Map<string, WorkloadModel[]> {
    const name = `${kind} ${namespace}`;
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (const w of this.byNamespace.get(namespace) ?? []) {
        const key = keyOfWorkload(w, kind);
        const list = index.get(key);
        if (list) list.push(w);
        else index.set(key, [w]);
      }
      this.indexes.set(name, index);
    }
    return index;
  }
}
