// The security policies in force on each workload, computed once per pod and mesh index generation (the traffic
// model rebuilds the index when the cluster changes), so a request costs a map lookup and the rule checks only.

import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { GR } from '../store/resource-types.js';
import { authzFor, NO_AUTHZ, type WorkloadAuthz } from './authorization-policy.js';
import { composePeerAuthentication, type EffectivePeerAuthentication } from './peer-authentication.js';
import { ROOT_NAMESPACE, type WorkloadFacts } from './policy-selection.js';
import { jwtRulesFor, type JwtRule } from './request-authentication.js';

export interface WorkloadSecurity {
  peer: EffectivePeerAuthentication;
  jwtRules: JwtRule[];
  authz: WorkloadAuthz;
  /** No RequestAuthentication and no AuthorizationPolicy: requests pass the HTTP filters untouched. */
  open: boolean;
}

const PERMISSIVE: WorkloadSecurity = {
  peer: { mode: 'PERMISSIVE', ports: new Map() },
  jwtRules: [],
  authz: NO_AUTHZ,
  open: true,
};

export class SecurityIndex {
  private readonly peer = new Map<string, KubeObject[]>();
  private readonly requestAuthn = new Map<string, KubeObject[]>();
  private readonly authz = new Map<string, KubeObject[]>();
  private readonly byPod = new WeakMap<object, WorkloadSecurity>();
  readonly rootNamespace: string;
  /** MeshConfig extensionProviders by name: what a CUSTOM policy may name. */
  readonly extensionProviders: ReadonlySet<string>;
  /** Whether any security policy exists at all (a mesh without any skips every check). */
  readonly empty: boolean;

  /** The objects the index was built from: the three policy kinds, then the mesh config (frozen, replaced on change). */
  readonly inputs: readonly (KubeObject | undefined)[];

  constructor(store: ObjectStore) {
    this.inputs = securityInputs(store);
    const mesh = readMeshConfig(store);
    this.rootNamespace = mesh.rootNamespace ?? ROOT_NAMESPACE;
    this.extensionProviders = new Set((mesh.extensionProviders ?? []).map((p) => p.name).filter(Boolean) as string[]);
    const byNamespace = (map: Map<string, KubeObject[]>, objects: KubeObject[]) => {
      for (const o of objects) {
        const ns = o.metadata.namespace!;
        const list = map.get(ns);
        if (list) list.push(o);
        else map.set(ns, [o]);
      }
      return objects.length;
    };
    const count =
      byNamespace(this.peer, store.list(GR.peerauthentications)) +
      byNamespace(this.requestAuthn, store.list(GR.requestauthentications)) +
      byNamespace(this.authz, store.list(GR.authorizationpolicies));
    this.empty = count === 0;
  }

  /** The policies in force on a pod (keyed by its object, which a rebuilt index replaces). */
  forWorkload(key: object, namespace: string, labels: Record<string, string>): WorkloadSecurity {
    if (this.empty) return PERMISSIVE;
    let found = this.byPod.get(key);
    if (!found) {
      const workload: WorkloadFacts = { namespace, labels };
      const candidates = (map: Map<string, KubeObject[]>) => {
        const own = map.get(workload.namespace) ?? [];
        return workload.namespace === this.rootNamespace ? own : [...(map.get(this.rootNamespace) ?? []), ...own];
      };
      const jwtRules = jwtRulesFor(candidates(this.requestAuthn), workload, this.rootNamespace);
      const authz = authzFor(candidates(this.authz), workload, this.rootNamespace);
      found = {
        peer: composePeerAuthentication(candidates(this.peer), workload, this.rootNamespace),
        jwtRules,
        authz,
        open: jwtRules.length === 0 && authz === NO_AUTHZ,
      };
      this.byPod.set(key, found);
    }
    return found;
  }
}

/** What the index depends on; the store replaces an object when it changes, so identity tells a change. */
export function securityInputs(store: ObjectStore): (KubeObject | undefined)[] {
  return [
    ...store.list(GR.peerauthentications),
    ...store.list(GR.requestauthentications),
    ...store.list(GR.authorizationpolicies),
    store.get(GR.configmaps, 'istio-system', 'istio'),
  ];
}

export function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface MeshConfigFields {
  rootNamespace?: string;
  extensionProviders?: { name?: string }[];
}

function readMeshConfig(store: ObjectStore): MeshConfigFields {
  const mesh = (store.get(GR.configmaps, 'istio-system', 'istio')?.['data'] as Record<string, string> | undefined)?.[
    'mesh'
  ];
  if (!mesh) return {};
  try {
    return (parseYaml(mesh) as MeshConfigFields | null) ?? {};
  } catch {
    return {};
  }
}
