// The shapes the validation core works on: objects as read (from a file or the cluster), findings, mesh facts.

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** A Kubernetes or Istio object as parsed from YAML or read from the API. */
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Where an object came from: a file (with a way to find a field's line) or the cluster. */
export interface ObjectSource {
  file?: string;
  /** 1-based line of the document's first line. */
  line?: number;
  /** Line of a field in the file, by path segments; undefined when the field is absent. */
  lineOf?: (path: (string | number)[]) => number | undefined;
}

/** An object the engine validates: the object, its identity and where it came from. */
export interface Entry {
  /** `kind/namespace/name`, plus `#n` when the same identity appears in several documents. */
  id: string;
  kind: string;
  namespace: string;
  name: string;
  object: K8sObject;
  source?: ObjectSource;
}

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface Finding {
  /** Sextant's rule id, e.g. `vs.subset-not-found`. */
  ruleId: string;
  /** The Kiali (KIA) or istioctl (IST) code of the same check, the first one when both tools have it. */
  code?: string;
  /** Every upstream code of the same check (KIA and/or IST). */
  codes: string[];
  severity: Severity;
  message: string;
  object: ObjectRef;
  /** Dotted path to the offending field, e.g. `spec.http[0].route[1].destination.subset`. */
  path: string;
  file?: string;
  line?: number;
  /** Other objects the finding names, so a UI can link to them. */
  references?: ObjectRef[];
}

/** Facts about the control plane that rules need; defaults are Istio's own. */
export interface MeshFacts {
  rootNamespace: string;
  autoMtls: boolean;
  trustDomain: string;
  trustDomainAliases: string[];
  outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** The cluster's DNS suffix: `cart` in `shop` is `cart.shop.svc.<clusterDomain>`. */
  clusterDomain: string;
  /** ServiceEntry IPs are auto-allocated (ISTIO_META_DNS_AUTO_ALLOCATE / enable-autoallocate-ip). */
  autoAllocateIps: boolean;
  /** Gateway API classes the console accepts (Kiali's gateway_api_classes). */
  gatewayClasses: string[];
}

export const DEFAULT_MESH: MeshFacts = {
  rootNamespace: 'istio-system',
  autoMtls: true,
  trustDomain: 'cluster.local',
  trustDomainAliases: [],
  outboundTrafficPolicy: 'ALLOW_ANY',
  clusterDomain: 'cluster.local',
  autoAllocateIps: false,
  gatewayClasses: ['istio', 'istio-remote', 'istio-waypoint', 'istio-east-west'],
};

export interface ValidationOptions {
  mesh?: Partial<MeshFacts>;
  /** Codes or rule ids never reported (Kiali's validations.ignore; default KIA1301). */
  ignore?: string[];
  /**
   * True when the index holds every namespace (a live cluster). Default: true when every namespace holding objects
   * has its Namespace object in the files. Otherwise a namespace the files never mention may exist, so "no such
   * namespace" is reported as a warning at most, and references into unseen namespaces as info.
   */
  namespacesComplete?: boolean;
  /**
   * The input is a set of files (the CLI without --cluster), not the cluster: an object they reference but do not hold
   * may exist in the cluster. Such findings say it is "not among the inputs", one severity below what a live cluster
   * gets (error → warning → info). Default false: the console's cache and `--cluster` hold every object.
   */
  offline?: boolean;
}
