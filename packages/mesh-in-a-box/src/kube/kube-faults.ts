import { ApiError } from './api-error.js';

export type FaultStatus = 409 | 500 | 503 | 429;

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
}

/** Failures a test can inject into the Kubernetes API of the mesh in a box. */
export interface KubeFaults {
  failNext(options: FailNextOptions): void;
  /** Ends every open watch stream abruptly, as a dropped connection would. */
  dropWatches(): void;
  /** Delays every answer by this much; 0 turns the delay off. */
  setLatencyMs(ms: number): void;
  /** Forgets the failures not yet served (a test's outage ends, whatever count it asked for). */
  clearFailures(): void;
}

const REASONS: Record<FaultStatus, string> = {
  409: 'Conflict',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  429: 'TooManyRequests',
};

interface PendingFailure extends FailNextOptions {
  left: number;
}

/** The server's side of KubeFaults: it asks for the failure due on each request and registers its watches. */
export class FaultInjector implements KubeFaults {
  latencyMs = 0;
  private readonly pending: PendingFailure[] = [];
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

  clearFailures(): void {
    this.pending.length = 0;
  }

  /** Registers an open watch; the returned function unregisters it. */
  trackWatch(drop: () => void): () => void {
    this.watches.add(drop);
    return () => this.watches.delete(drop);
  }

  /** The injected failure for this request, if one is due; consumes one of its count. */
  failureFor(verb: string, resource: string, group: string, subresource?: string): ApiError | undefined {
    // RBAC's names for what is asked (kubernetes.io/docs/reference/access-authn-authz/rbac, "Referring to resources":
    // a subresource is "pods/log"), with the group for a custom resource.
    const sub = subresource ? `/${subresource}` : '';
    const named = `${resource}${sub}`;
    const grouped = group ? `${resource}.${group}${sub}` : named;
    const index = this.pending.findIndex(
      (f) => (!f.verbs || f.verbs.includes(verb)) && (!f.resource || f.resource === named || f.resource === grouped),
    );
    if (index < 0) return undefined;
    const failure = this.pending[index]!;
    if (--failure.left === 0) this.pending.splice(index, 1);
    const message = `injected fault: ${verb} ${named} answers ${failure.status}`;
    // Retry-After makes client-go retry a 429 by itself, as it does with a real API server under load.
    return new ApiError(failure.status, REASONS[failure.status], message, {
      kind: resource,
      group,
      ...(failure.status === 429 ? { retryAfterSeconds: 1 } : {}),
    });
  }
}
