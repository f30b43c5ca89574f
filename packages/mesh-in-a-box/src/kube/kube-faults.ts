import { ApiError } from './api-error.js';

export type FaultStatus = 403 | 409 | 500 | 503 | 429;

export interface FailNextOptions {
  status: FaultStatus;
  count: number;
  /** Kubernetes verbs (get, list, watch, create, update, patch, delete, deletecollection); all when absent. */
  verbs?: string[];
  /**
   * A plural ('pods'), plural.group ('virtualservices.networking.istio.io') or, as RBAC names them, a subresource
   * ('pods/log', 'pods/proxy'); all requests when absent. As in an RBAC rule, a resource does not cover its
   * subresources: 'pods' fails reads of pods, not of their logs.
   */
  resource?: string;
  /**
   * true: only dry-run requests (dryRun=All) fail; false: only real writes; absent: both. A real API server can refuse
   * a write whose dry-run passed a moment before (an etcd timeout, a webhook that fails, a conflict in between).
   */
  dryRun?: boolean;
}

/** What a forbid rule refuses: as in failNext, verbs and an RBAC resource name, and optionally one namespace. */
export interface ForbidRule {
  verbs?: string[];
  resource?: string;
  namespace?: string;
}

/** Failures a test can inject into the Kubernetes API of the mesh in a box. */
export interface KubeFaults {
  failNext(options: FailNextOptions): void;
  /** Ends every open watch stream abruptly, as a dropped connection would. */
  dropWatches(): void;
  /** Delays every answer by this much; 0 turns the delay off. */
  setLatencyMs(ms: number): void;
  /**
   * Refuses these requests with 403 Forbidden until clearFailures, as a missing RBAC permission would; the
   * SelfSubjectAccessReview answers `allowed: false` for them, so "may you write this?" and the write agree.
   */
  forbid(rule: ForbidRule): void;
  /** Forgets the failures not yet served and the forbid rules (a test's outage ends, whatever count it asked for). */
  clearFailures(): void;
}

const REASONS: Record<FaultStatus, string> = {
  403: 'Forbidden',
  409: 'Conflict',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  429: 'TooManyRequests',
};

interface PendingFailure extends FailNextOptions {
  left: number;
}

/** What one request asks, in RBAC's terms (the authorizer's attributes). */
export interface RequestAttributes {
  verb: string;
  resource: string;
  group: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** The user a 403 names when the server was not told who asked: the admin of the kubeconfig the mesh writes. */
export const MESH_USER = 'mesh-admin';

// RBAC's names for what is asked (kubernetes.io/docs/reference/access-authn-authz/rbac, "Referring to resources":
// a subresource is "pods/log"), with the group for a custom resource.
function rbacNames(a: RequestAttributes): string[] {
  const sub = a.subresource ? `/${a.subresource}` : '';
  const named = `${a.resource}${sub}`;
  return a.group ? [named, `${a.resource}.${a.group}${sub}`] : [named];
}

const matches = (rule: { verbs?: string[]; resource?: string }, a: RequestAttributes) =>
  (!rule.verbs || rule.verbs.includes(a.verb)) && (!rule.resource || rbacNames(a).includes(rule.resource));

/**
 * The API server's Forbidden answer (apimachinery errors.NewForbidden with the RBAC authorizer's reason, as
 * k8s.io/apiserver endpoints/handlers/responsewriters/errors.go words it).
 */
export function forbidden(a: RequestAttributes, why = '', username = MESH_USER): ApiError {
  const gr = a.group ? `${a.resource}.${a.group}` : a.resource;
  const what = a.name ? `${gr} "${a.name}"` : gr;
  const sub = a.subresource ? `resource "${a.resource}/${a.subresource}"` : `resource "${a.resource}"`;
  const where = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  const message = `${what} is forbidden: User "${username}" cannot ${a.verb} ${sub} in API group "${a.group}"${where}${why ? `: ${why}` : ''}`;
  return new ApiError(403, 'Forbidden', message, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.group ? { group: a.group } : {}),
    kind: a.resource,
  });
}

/** The server's side of KubeFaults: it asks for the failure due on each request and registers its watches. */
export class FaultInjector implements KubeFaults {
  latencyMs = 0;
  private readonly pending: PendingFailure[] = [];
  private readonly forbidden: ForbidRule[] = [];
  private readonly watches = new Set<() => void>();

  failNext(options: FailNextOptions): void {
    if (!Number.isInteger(options.count) || options.count < 1) throw new Error('failNext needs a count of at least 1');
    this.pending.push({ ...options, left: options.count });
  }

  dropWatches(): void {
    for (const drop of [...this.watches]) drop();
  }

  setLatencyMs(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  forbid(rule: ForbidRule): void {
    this.forbidden.push({ ...rule });
  }

  clearFailures(): void {
    this.pending.length = 0;
    this.forbidden.length = 0;
  }

  /** The forbid rules in force for a namespace (all of them when none is given), in words. */
  forbidRules(namespace?: string): string[] {
    return this.forbidden.filter((r) => !namespace || !r.namespace || r.namespace === namespace).map(describeRule);
  }

  /**
   * Why a request with these attributes would be refused 403, if it would: a forbid rule, or a 403 failure due
   * (not consumed: asking is not doing). For the SelfSubjectAccessReview.
   */
  denialOf(a: RequestAttributes): string | undefined {
    const rule = this.forbidden.find((r) => matches(r, a) && (!r.namespace || r.namespace === a.namespace));
    if (rule) return `forbidden by the mesh in a box's faults API (forbid ${describeRule(rule)})`;
    const failure = this.pending.find((f) => f.status === 403 && matches(f, a));
    if (failure) return `the next ${failure.left} such request(s) answer 403 (failNext ${describeRule(failure)})`;
    return undefined;
  }

  /** Registers an open watch; the returned function unregisters it. */
  trackWatch(drop: () => void): () => void {
    this.watches.add(drop);
    return () => this.watches.delete(drop);
  }

  /** The injected failure for this request, if one is due; consumes one of its count. */
  failureFor(
    verb: string,
    resource: string,
    group: string,
    subresource?: string,
    where: { namespace?: string; name?: string; dryRun?: boolean; username?: string } = {},
  ): ApiError | undefined {
    const { dryRun = false, username, ...at } = where;
    const a: RequestAttributes = { verb, resource, group, subresource, ...at };
    if (this.forbidden.some((r) => matches(r, a) && (!r.namespace || r.namespace === a.namespace))) {
      return forbidden(a, '', username);
    }
    const index = this.pending.findIndex((f) => matches(f, a) && (f.dryRun === undefined || f.dryRun === dryRun));
    if (index < 0) return undefined;
    const failure = this.pending[index]!;
    if (--failure.left === 0) this.pending.splice(index, 1);
    if (failure.status === 403) return forbidden(a, '', username);
    const message = `injected fault: ${verb} ${rbacNames(a)[0]} answers ${failure.status}`;
    // Retry-After makes client-go retry a 429 by itself, as it does with a real API server under load.
    return new ApiError(failure.status, REASONS[failure.status], message, {
      kind: resource,
      group,
      ...(failure.status === 429 ? { retryAfterSeconds: 1 } : {}),
    });
  }
}

function describeRule(rule: { verbs?: string[]; resource?: string; namespace?: string }): string {
  const verbs = rule.verbs?.join(',') ?? 'every verb';
  const where = rule.namespace ? ` in ${rule.namespace}` : '';
  return `${verbs} on ${rule.resource ?? 'every resource'}${where}`;
}
