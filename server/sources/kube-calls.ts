// Every call the console makes to the Kubernetes API, declared once: by API group, resource (with its subresource)
// and verb, with the role of deploy/rbac that grants it to the console's own identity. Declared, and enforced: the
// two places that send requests to the API server (kubernetes.ts `call`, kube-reviews.ts `post`), the informers'
// watches, the impersonation headers and every access review's question pass through `requireDeclared`, which
// throws on a call not listed here. So the list cannot fall behind the code without the code failing, and
// test/unit/deploy/rbac-exact.test.ts compares it both ways with deploy/rbac's roles.
//
// A logged-in person's calls go with their own credentials and their own rights; the same code runs as the console
// under the anonymous strategy and in the canary runner, so every call is the console's to be granted. The CLI
// (`sextant validate`, server/validation/io/load-cluster.ts) runs with a person's kubeconfig and is not gated.
import { CORE_TYPES } from './watched-kinds.js';

export type KubeVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'impersonate';

/** The roles of deploy/rbac held by the console's ServiceAccount: read-role.yaml, write-role.yaml, audit-role.yaml… */
export type ConsoleRole = 'read' | 'write' | 'audit' | 'impersonate';

export interface KubeCall {
  role: ConsoleRole;
  group: string;
  /** Plural resource names; a subresource as `pods/log`. */
  resources: readonly string[];
  verbs: readonly KubeVerb[];
  /** Which code makes it, and why. */
  why: string;
}

const ISTIO_NETWORKING = [
  'virtualservices',
  'destinationrules',
  'gateways',
  'serviceentries',
  'sidecars',
  'workloadentries',
  'envoyfilters',
];
const ISTIO_SECURITY = ['peerauthentications', 'requestauthentications', 'authorizationpolicies'];
const ROUTING = { 'networking.istio.io': ['virtualservices', 'destinationrules'] } as const;
const GATEWAY_ROUTES = ['httproutes', 'grpcroutes'];

export const KUBE_CALLS: readonly KubeCall[] = [
  // The watch cache: one list and watch per kind, across namespaces.
  ...['', 'apps'].map((group): KubeCall => ({
    role: 'read',
    group,
    resources: CORE_TYPES.filter((t) => t.group === group).map((t) => t.resource),
    verbs: ['list', 'watch'],
    why: 'the watch cache of CORE_TYPES (kubernetes.ts startInformer)',
  })),
  {
    role: 'read',
    group: 'networking.istio.io',
    resources: ISTIO_NETWORKING,
    verbs: ['list', 'watch'],
    why: 'the watch cache of the Istio kinds the cluster serves (discover-istio-kinds.ts)',
  },
  {
    role: 'read',
    group: 'security.istio.io',
    resources: ISTIO_SECURITY,
    verbs: ['list', 'watch'],
    why: 'the watch cache of the Istio kinds the cluster serves (discover-istio-kinds.ts)',
  },
  // Read on demand from the API itself.
  {
    role: 'read',
    group: '',
    resources: ['pods'],
    verbs: ['get'],
    why: 'a pod the cache has not seen yet (logs/io/load-pod-logs.ts, envoy/io/load-envoy.ts getObject)',
  },
  {
    role: 'read',
    group: '',
    resources: ['services'],
    verbs: ['get'],
    why: "a traffic change's Service, read fresh (traffic/io/read-plan-input.ts)",
  },
  {
    role: 'read',
    group: 'networking.istio.io',
    resources: ROUTING['networking.istio.io'],
    verbs: ['list'],
    why: "a traffic change's routing, read fresh (traffic/io/read-plan-input.ts)",
  },
  {
    role: 'read',
    group: 'gateway.networking.k8s.io',
    resources: GATEWAY_ROUTES,
    verbs: ['list'],
    why: "a traffic change's Gateway API routes (read-plan-input.ts) and a workload's applied config (mesh/io/load-applied-config.ts)",
  },
  {
    role: 'read',
    group: 'telemetry.istio.io',
    resources: ['telemetries'],
    verbs: ['list'],
    why: "a workload's applied config (mesh/io/load-applied-config.ts)",
  },
  {
    role: 'read',
    group: 'extensions.istio.io',
    resources: ['wasmplugins'],
    verbs: ['list'],
    why: "a workload's applied config (mesh/io/load-applied-config.ts)",
  },
  {
    role: 'read',
    group: '',
    resources: ['events'],
    verbs: ['list'],
    why: "a pod's events (pods/io/load-pod.ts)",
  },
  {
    role: 'read',
    group: '',
    resources: ['pods/log'],
    verbs: ['get'],
    why: "a container's log (logs/io/load-pod-logs.ts, read-proxy-log.ts)",
  },
  {
    role: 'read',
    group: '',
    resources: ['pods/proxy'],
    verbs: ['get'],
    why: "Envoy's admin on port 15000 (sources/envoy.ts)",
  },
  {
    role: 'read',
    group: '',
    resources: ['configmaps'],
    verbs: ['get', 'list'],
    why: 'the mesh config `istio` (telemetry/io/load-access-log-parser.ts, security/io/load-mesh-security-config.ts) and the canary runs, listed by label (traffic/canary/io/canary-store.ts)',
  },
  {
    role: 'read',
    group: 'coordination.k8s.io',
    resources: ['leases'],
    verbs: ['get'],
    why: "a canary run's Lease, read before it is taken (traffic/canary/io/canary-lease.ts)",
  },
  {
    role: 'read',
    group: 'authentication.k8s.io',
    resources: ['selfsubjectreviews', 'tokenreviews'],
    verbs: ['create'],
    why: 'who a pasted or proxied token belongs to, and who the console is (auth/io/kube-reviews.ts)',
  },
  {
    role: 'read',
    group: 'authorization.k8s.io',
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    verbs: ['create'],
    why: 'what the caller may do (auth/io/kube-reviews.ts canI, rulesIn; sources/kubernetes-writes.ts accessReview)',
  },
  // Writes, made as the console by the anonymous strategy and the canary runner.
  {
    role: 'write',
    group: 'networking.istio.io',
    resources: ROUTING['networking.istio.io'],
    verbs: ['create', 'update', 'delete'],
    why: 'a traffic change, dry-run then applied, and its rollback (traffic/io/check-plan.ts, write-plan.ts)',
  },
  {
    role: 'write',
    group: 'gateway.networking.k8s.io',
    resources: GATEWAY_ROUTES,
    verbs: ['create', 'update', 'delete'],
    why: 'a traffic change of Gateway API routes (traffic/io/check-plan.ts, write-plan.ts)',
  },
  {
    role: 'write',
    group: 'networking.istio.io',
    resources: ['virtualservices'],
    verbs: ['patch'],
    why: 'asked, not made: whether the caller may change traffic (auth/io/auth-routes.ts meOf, can.changeTraffic)',
  },
  {
    role: 'write',
    group: '',
    resources: ['configmaps'],
    verbs: ['create', 'update'],
    why: "a canary run's record (traffic/canary/io/canary-store.ts)",
  },
  {
    role: 'write',
    group: 'coordination.k8s.io',
    resources: ['leases'],
    verbs: ['create', 'update'],
    why: "a canary run's Lease, taken and renewed (traffic/canary/io/canary-lease.ts)",
  },
  // The audit log, written as the console whoever made the change.
  {
    role: 'audit',
    group: '',
    resources: ['configmaps'],
    verbs: ['get', 'create', 'update'],
    why: 'the audit log, ConfigMaps sextant-audit and sextant-audit-archive (traffic/io/audit-log.ts)',
  },
  {
    role: 'impersonate',
    group: '',
    resources: ['users', 'groups'],
    verbs: ['impersonate'],
    why: 'a person called as by Impersonate-User and Impersonate-Group (auth/kube-credentials.ts)',
  },
];

/** A request as the API server's authorizer sees it (k8s.io/apiserver pkg/endpoints/request/requestinfo.go). */
export type RequestInfo =
  | { url: 'resource'; verb: KubeVerb; group: string; resource: string; namespace?: string; name?: string }
  | { url: 'non-resource'; path: string };

const VERB_OF_METHOD: Record<string, KubeVerb> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * Method and path to verb, group and resource, as RequestInfoFactory does: /api/{v}/… is the core group, /apis/{g}/{v}/…
 * any other; `namespaces/{ns}` scopes what follows, or is the Namespace itself; a GET is `get` with a name, else `list`,
 * or `watch` with ?watch=true; a DELETE without a name is `deletecollection`. `pods/{name}:{port}/proxy/…` is the pod's
 * `proxy` subresource. Paths outside a group and version (`/apis`, `/apis/{g}/{v}`: discovery) are non-resource URLs.
 */
export function requestInfo(method: string, pathWithQuery: string): RequestInfo {
  const [path = '', query = ''] = pathWithQuery.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else return { url: 'non-resource', path };
  if (rest.length === 0) return { url: 'non-resource', path };
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest as [string, string | undefined, string | undefined];
  const watch = /(?:^|&)watch=(?:true|1)(?:&|$)/.test(query);
  let verb: KubeVerb;
  if (method === 'GET' || method === 'HEAD') verb = watch ? 'watch' : name === undefined ? 'list' : 'get';
  else if (method === 'DELETE' && name === undefined) verb = 'deletecollection';
  else verb = VERB_OF_METHOD[method] ?? 'get';
  return {
    url: 'resource',
    verb,
    group,
    resource: subresource ? `${resource}/${subresource}` : resource,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name: name.replace(/:\d+$/, '') }),
  };
}

/** The declared calls that cover (group, resource, verb), in whichever role. */
export function declarationsOf(call: { group: string; resource: string; verb: KubeVerb }): KubeCall[] {
  return KUBE_CALLS.filter(
    (c) => c.group === call.group && c.resources.includes(call.resource) && c.verbs.includes(call.verb),
  );
}

/** A call the console makes that KUBE_CALLS does not declare: a bug, to fix in the declaration and in deploy/rbac. */
export class UndeclaredKubeCallError extends Error {
  override readonly name = 'UndeclaredKubeCallError';
}

/**
 * Throws UndeclaredKubeCallError for a call KUBE_CALLS does not list: a request (method and path) or a question
 * (verb, group, resource) asked of an access review. Discovery (non-resource URLs) is every authenticated user's
 * (Kubernetes' system:discovery), and not the console's roles' business.
 */
export function requireDeclared(
  call: { method: string; path: string } | { verb: KubeVerb; group: string; resource: string },
): void {
  const info = 'path' in call ? requestInfo(call.method, call.path) : { url: 'resource' as const, ...call };
  if (info.url === 'non-resource') return;
  if (declarationsOf(info).length > 0) return;
  const what = `${info.verb} ${info.group ? `${info.resource}.${info.group}` : info.resource}`;
  throw new UndeclaredKubeCallError(
    `the console made a Kubernetes call it does not declare (${what}${'path' in call ? `: ${call.method} ${call.path.split('?')[0]}` : ''}); add it to server/sources/kube-calls.ts KUBE_CALLS and to the role of deploy/rbac that grants it`,
  );
}
