// The Kubernetes API through @kubernetes/client-node: a watch-backed cache (informers) of the objects the mesh model
// needs, single GETs, and pods/proxy for Envoy admin. The cache keeps objects by namespace then name (client-node's
// ListWatch), so a watch event costs O(1) and a namespace's objects are read without scanning the others.
import type { RequestOptions } from 'node:https';
import {
  KubeConfig,
  makeInformer,
  type Informer,
  type KubernetesObject,
  type ObjectCache,
} from '@kubernetes/client-node';
import { requestOptionsFor } from '../auth/kube-credentials.js';
import type { KubeCredentials } from '../auth/request-user.js';
import { NotFoundError, KubernetesError, RefusedError } from '../errors.js';
import { timedSourceCall } from '../observability/source-call.js';
import { log } from '../observability/log.js';
import { informerRestarts } from '../observability/telemetry.js';
import { HttpFailure, httpCall, seconds, type HttpAnswer } from './http-get.js';
import { CORE_TYPES, type CachedKind, type ResourceType, type ServedKind } from './watched-kinds.js';
import { discoverIstioKinds } from './discover-istio-kinds.js';
import { requireDeclared } from './kube-calls.js';

/** A Kubernetes object as the API serves it (JSON: timestamps are strings). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** An object the watch saw come, change or go, as the API served it (a deletion: its last state). */
export interface ObjectEvent {
  type: 'add' | 'update' | 'delete';
  kind: CachedKind;
  object: KubeObject;
}

export interface KubernetesSource extends ApiCalls {
  /** The kubeconfig context (or "in-cluster"): one source per cluster. */
  readonly cluster: string;
  readonly server: string;
  /** The kubeconfig user Sextant acts as; in a person's view (kubernetes-as-user.ts), the person's name. */
  readonly user: string;
  /** Discovers the served Istio versions, starts the informers and waits for their first list. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True once every informer has listed once. */
  synced(): boolean;
  /**
   * What the cache still waits for: the resources (plural names, as `pods`) not listed yet, leaving out those the API
   * refuses (see problems); `discovery` first, until the cluster has said which Istio kinds it serves.
   */
  unsynced(): string[];
  /**
   * A count that grows with every change to the cache (an object added, updated or deleted): a view derived from the
   * cache at one count is still right while the count stays.
   */
  changes(): number;
  /**
   * Calls `listener` for every object the cache adds, updates or deletes (the first list's objects arrive as adds),
   * of every kind, including informers started later; returns what stops it. Listeners run inside the watch's
   * handler: they must be quick and must not throw.
   */
  onObjectEvent(listener: (event: ObjectEvent) => void): () => void;
  /** Kinds the cache cannot list (e.g. RBAC forbids it), with the reason; their lists read empty meanwhile. */
  problems(): { kind: CachedKind; message: string }[];
  /** Each watched resource's cache, as /metrics shows it: O(1) per resource. */
  cacheStates(): CacheState[];
  /** Objects from the cache; all namespaces when namespace is undefined. */
  list(kind: CachedKind, namespace?: string): readonly KubeObject[];
  get(kind: CachedKind, namespace: string | undefined, name: string): KubeObject | undefined;
  /** The Istio kinds this cluster serves, with the version the cache reads (v1 preferred). */
  istioKinds(): ServedKind[];
  /** The resource a cached kind is read from (its group and plural name); undefined for a kind not served. */
  resourceOf(kind: CachedKind): ResourceType | undefined;
  /**
   * The shared source behind a person's view (kubernetes-as-user.ts), or this one: caches derived from every object
   * (the live validator) are built once from it.
   */
  readonly shared: KubernetesSource;
  /** Who the calls are made for: `console` for the console's own credentials, else the person's name. */
  readonly actingFor: 'console' | { person: string };
  /** The calls to the API itself (not the cache) made with other credentials: a person's view makes them its own. */
  callsAs(credentials: KubeCredentials): ApiCalls;
}

/** Calls to the API server itself, each with the credentials of whoever the source acts for. */
export interface ApiCalls {
  /** One object read from the API itself (not the cache), e.g. right after a write; null when it does not exist. */
  getObject(
    kind: CachedKind,
    namespace: string | undefined,
    name: string,
    options?: { signal?: AbortSignal },
  ): Promise<KubeObject | null>;
  /**
   * One request on the API with any method and body, answered whatever its status (the caller judges it): the writes
   * (kubernetes-writes.ts) build on this. Failures to get an answer are KubernetesErrors as for every call.
   */
  send(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: { body?: string; contentType?: string; signal?: AbortSignal; operation: string },
  ): Promise<HttpAnswer>;
  /** One GET on the API (not the cache); null for 404. */
  getJson(path: string, options?: { signal?: AbortSignal }): Promise<unknown>;
  /** GET through the API server's pods/proxy to a pod's port, e.g. Envoy admin on 15000. Returns the body text. */
  proxyGet(
    target: { namespace: string; pod: string; port: number; path: string },
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<string>;
  /**
   * GET pods/{name}/log with PodLogOptions (container, timestamps, tailLines, sinceTime, limitBytes): the text, which
   * the API server cuts at limitBytes, so a log of gigabytes is never read whole. A missing pod or container is a
   * NotFoundError; a container with no logs yet (the kubelet's "is waiting to start") a RefusedError 409.
   */
  podLog(target: PodLogTarget, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<string>;
}

/** One resource's watch cache. */
export interface CacheState {
  /** The plural name, as `pods`. */
  resource: string;
  /** Listed once and its watch running: false before the first list and while a failed list or watch waits to retry. */
  synced: boolean;
  objects: number;
  /** When its last list succeeded (the first sync, or a resync after the watch broke); null before. */
  lastListMs: number | null;
}

export interface PodLogTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The kubelet's RFC 3339 timestamp before each line. */
  timestamps?: boolean;
  tailLines?: number;
  /** RFC 3339; the API server passes it on to the kubelet in whole seconds. */
  sinceTime?: string;
  limitBytes: number;
}

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export function createKubernetesSource(options: {
  cluster: string;
  kc: KubeConfig;
  timeoutMs: number;
  /**
   * true for the CLI, which runs with a person's own kubeconfig and reads what they may; the console's sources make
   * only the calls server/sources/kube-calls.ts declares (and deploy/rbac grants), and throw on any other.
   */
  anyCall?: boolean;
}): KubernetesSource {
  const { kc, timeoutMs, cluster } = options;
  const declared = (call: { method: string; path: string }) => {
    if (!options.anyCall) requireDeclared(call);
  };
  const server = kc.getCurrentCluster()?.server ?? '(no server)';
  const where = `Kubernetes API at ${server} (context ${cluster})`;
  const informers = new Map<CachedKind, Informer<KubernetesObject> & ObjectCache<KubernetesObject>>();
  let changes = 0;
  const listeners = new Set<(event: ObjectEvent) => void>();
  const tell = (event: ObjectEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error('kubernetes: a watch listener failed', { err, cluster, kind: event.kind });
      }
    }
  };
  const listedOnce = new Set<CachedKind>();
  // What /metrics reads of each cache (cacheStates), kept up to date by the informers' events rather than counted.
  const objectCounts = new Map<CachedKind, number>();
  const lastListMs = new Map<CachedKind, number>();
  const failing = new Set<CachedKind>();
  // Lists the API refused (403, not served): start() does not wait for them; they keep retrying with backoff.
  const refused = new Map<CachedKind, string>();
  const timers = new Set<NodeJS.Timeout>();
  let served: ServedKind[] = [];
  let discovered = false;
  const types = new Map<CachedKind, ResourceType>(CORE_TYPES.map((t) => [t.kind, t]));
  let stopped = false;

  async function call(
    path: string,
    opts: {
      signal?: AbortSignal;
      timeoutMs?: number;
      accept?: string;
      operation: string;
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      body?: string;
      contentType?: string;
      credentials?: KubeCredentials;
    },
  ) {
    declared({ method: opts.method ?? 'GET', path });
    return timedSourceCall('kubernetes', opts.operation, async () => {
      const consoleOptions: RequestOptions = {};
      await kc.applyToHTTPSOptions(consoleOptions);
      const requestOptions = opts.credentials ? requestOptionsFor(consoleOptions, opts.credentials) : consoleOptions;
      const ms = opts.timeoutMs ?? timeoutMs;
      try {
        return await httpCall({
          url: `${server}${path}`,
          timeoutMs: ms,
          signal: opts.signal,
          requestOptions,
          method: opts.method,
          body: opts.body,
          headers: {
            ...(opts.accept ? { accept: opts.accept } : {}),
            ...(opts.contentType ? { 'content-type': opts.contentType } : {}),
          },
        });
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        if (err.kind === 'timeout')
          throw new KubernetesError(
            'timeout',
            `${where} did not answer ${path.split('?')[0]} in ${seconds(ms)} (KUBECONFIG)`,
            err,
          );
        if (err.kind === 'too-large')
          throw new KubernetesError('malformed', `${where} sent too much data for ${path}`, err);
        throw new KubernetesError('unreachable', `${where} is unreachable: ${err.message} (KUBECONFIG)`, err);
      }
    });
  }

  function failure(path: string, status: number, text: string, credentials?: KubeCredentials): Error {
    let message = text.slice(0, 200);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not a Status object
    }
    // Made as a person, a refusal is theirs: the API server's message names the verb and resource they lack
    // ('pods "x" is forbidden: User "u" cannot get resource "pods/proxy" in API group "" in the namespace "demo"').
    if (credentials && credentials.kind !== 'console') {
      if (status === 403) return new RefusedError(403, 'forbidden', `Kubernetes refused: ${message}`);
      if (status === 401)
        return new RefusedError(401, 'unauthenticated', `${where} no longer accepts your credentials: log in again`);
    }
    if (status === 401 || status === 403)
      return new KubernetesError(
        'rejected',
        `${where} refused ${path.split('?')[0]} (${status}): ${message}; check the credentials and RBAC of Sextant's user`,
      );
    return new KubernetesError(
      status >= 500 ? 'unreachable' : 'rejected',
      `${where} answered ${status} to ${path.split('?')[0]}: ${message}`,
    );
  }

  async function getJson(
    path: string,
    opts: { signal?: AbortSignal; operation?: string; credentials?: KubeCredentials } = {},
  ): Promise<unknown> {
    const answer = await call(path, {
      signal: opts.signal,
      operation: opts.operation ?? 'get',
      credentials: opts.credentials,
    });
    if (answer.status === 404) return null;
    if (answer.status >= 400) throw failure(path, answer.status, answer.text, opts.credentials);
    try {
      return JSON.parse(answer.text) as unknown;
    } catch (err) {
      throw new KubernetesError('malformed', `${where} answered ${path} with something other than JSON`, err);
    }
  }

  function pathOf(type: ResourceType): string {
    return type.group
      ? `/apis/${type.group}/${type.version}/${type.resource}`
      : `/api/${type.version}/${type.resource}`;
  }

  function startInformer(type: ResourceType): void {
    const path = pathOf(type);
    const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    let backoffMs = BACKOFF_START_MS;
    const listFn = async () => {
      let list: { metadata?: { resourceVersion?: string }; items?: KubeObject[] } | null;
      try {
        list = (await getJson(path, { operation: 'list' })) as typeof list;
        if (!list) throw new KubernetesError('rejected', `${where} does not serve ${path}`);
      } catch (err) {
        if (err instanceof KubernetesError && err.reason === 'rejected') refused.set(type.kind, err.message);
        throw err;
      }
      refused.delete(type.kind);
      // Items of a list carry no apiVersion/kind; the watch events do. Make them alike.
      for (const item of list.items ?? []) {
        item.apiVersion ??= apiVersion;
        item.kind ??= type.kind;
      }
      listedOnce.add(type.kind);
      lastListMs.set(type.kind, Date.now());
      failing.delete(type.kind);
      backoffMs = BACKOFF_START_MS;
      return { metadata: list.metadata ?? {}, items: list.items ?? [] } as never;
    };
    // client-node's informer watches the path itself (GET …?watch=true), past `call`.
    declared({ method: 'GET', path: `${path}?watch=true` });
    const informer = makeInformer<KubernetesObject>(kc, path, listFn);
    const typeKind = type.kind;
    // Any event proves the watch healthy again: the next failure starts from the short delay.
    informer.on('change', () => {
      backoffMs = BACKOFF_START_MS;
      changes++;
    });
    // A restarted informer lists again only after a 410 Gone; otherwise it watches on from where it was (cache.js
    // doneHandler), so a new connection is where a failed cache counts as running again; a failure sets it back.
    informer.on('connect', () => failing.delete(typeKind));
    // client-node's ListWatch calls add only for an object it did not hold and delete only for one it removed
    // (cache.js addOrUpdateObject, deleteObject, deleteItems), so the count follows the cache exactly.
    informer.on('add', () => objectCounts.set(typeKind, (objectCounts.get(typeKind) ?? 0) + 1));
    informer.on('delete', () => objectCounts.set(typeKind, (objectCounts.get(typeKind) ?? 0) - 1));
    for (const type of ['add', 'update', 'delete'] as const)
      informer.on(type, (object) => {
        if (listeners.size > 0) tell({ type, kind: typeKind, object: object as unknown as KubeObject });
      });
    informer.on('error', (err: unknown) => {
      if (stopped) return;
      failing.add(typeKind);
      informerRestarts.inc({ resource: type.resource });
      log.warn('kubernetes: a watch cache failed and restarts', {
        cluster,
        resource: type.resource,
        retryInMs: backoffMs,
        err,
      });
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) void informer.start();
      }, backoffMs);
      timers.add(timer);
      backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
    });
    informers.set(type.kind, informer);
    void informer.start();
  }

  // The calls to the API itself; `undefined` credentials: the console's own (its kubeconfig).
  function callsAs(credentials: KubeCredentials | undefined): ApiCalls {
    return {
      async getObject(kind, namespace, name, opts = {}) {
        const type = types.get(kind);
        if (!type) throw new KubernetesError('rejected', `${where} does not serve ${kind}`);
        const base = pathOf(type);
        const slash = base.lastIndexOf('/');
        const path =
          type.namespaced && namespace
            ? `${base.slice(0, slash)}/namespaces/${encodeURIComponent(namespace)}${base.slice(slash)}/${encodeURIComponent(name)}`
            : `${base}/${encodeURIComponent(name)}`;
        return (await getJson(path, { signal: opts.signal, operation: 'get', credentials })) as KubeObject | null;
      },
      getJson: (path, opts = {}) => getJson(path, { ...opts, credentials }),
      send: (method, path, opts) => call(path, { ...opts, method, credentials }),
      async proxyGet(target, opts = {}) {
        const path =
          `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}:${target.port}` +
          `/proxy${target.path.startsWith('/') ? '' : '/'}${target.path}`;
        const answer = await call(path, {
          signal: opts.signal,
          timeoutMs: opts.timeoutMs,
          accept: '*/*',
          operation: 'pod-proxy',
          credentials,
        });
        if (answer.status === 404 && /pods? .*not found/i.test(answer.text))
          throw new NotFoundError(`pod ${target.pod} does not exist in namespace ${target.namespace}`);
        if (answer.status >= 400) throw failure(path, answer.status, answer.text, credentials);
        return answer.text;
      },
      async podLog(target, opts = {}) {
        const params = new URLSearchParams({ container: target.container, limitBytes: String(target.limitBytes) });
        if (target.timestamps) params.set('timestamps', 'true');
        if (target.tailLines !== undefined) params.set('tailLines', String(target.tailLines));
        if (target.sinceTime) params.set('sinceTime', target.sinceTime);
        const path =
          `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log?` +
          params.toString();
        const answer = await call(path, {
          signal: opts.signal,
          timeoutMs: opts.timeoutMs,
          accept: '*/*',
          operation: 'pod-log',
          credentials,
        });
        if (answer.status === 404)
          throw new NotFoundError(`pod ${target.pod} does not exist in namespace ${target.namespace}`);
        if (answer.status === 400) {
          const message = failure(path, answer.status, answer.text, credentials).message;
          // The API server's words (pkg/registry/core/pod/strategy.go, LogLocation): "container x is not valid for pod y".
          if (/is not valid for pod/.test(message))
            throw new NotFoundError(`container ${target.container} does not exist in pod ${target.pod}`);
          // The kubelet's (pkg/kubelet/kubelet_pods.go, validateContainerLogStatus): "... is waiting to start: ...".
          if (/waiting to start|ContainerCreating|PodInitializing/.test(message))
            throw new RefusedError(
              409,
              'no_logs_yet',
              `container ${target.container} of pod ${target.pod} has no logs yet: it has not started (${message.replace(/^.*?: /, '')})`,
            );
        }
        if (answer.status >= 400) throw failure(path, answer.status, answer.text, credentials);
        return answer.text;
      },
    };
  }

  const source: KubernetesSource = {
    cluster,
    server,
    user: kc.getCurrentUser()?.name ?? '(no user)',
    async start() {
      served = await discoverIstioKinds((path) => getJson(path, { operation: 'discovery' }));
      discovered = true;
      for (const s of served) {
        const [group, version] = s.apiVersion.split('/') as [string, string];
        types.set(s.kind, { kind: s.kind, group, version, resource: s.resource, namespaced: true });
      }
      for (const type of types.values()) startInformer(type);
      const deadline = Date.now() + Math.max(timeoutMs, 5_000);
      const pending = () => [...types.values()].filter((t) => !listedOnce.has(t.kind) && !refused.has(t.kind));
      while (pending().length > 0) {
        if (Date.now() > deadline) {
          const missing = pending().map((t) => t.resource);
          throw new KubernetesError(
            'timeout',
            `${where} did not list ${missing.join(', ')} in ${seconds(Math.max(timeoutMs, 5_000))} (KUBECONFIG)`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([...informers.values()].map((i) => i.stop()));
    },
    synced: () => informers.size > 0 && listedOnce.size === informers.size,
    unsynced: () => [
      ...(discovered ? [] : ['discovery']),
      ...[...types.values()].filter((t) => !listedOnce.has(t.kind) && !refused.has(t.kind)).map((t) => t.resource),
    ],
    changes: () => changes,
    onObjectEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    problems: () => [...refused].map(([kind, message]) => ({ kind, message })),
    cacheStates: () =>
      [...informers.keys()].map((kind) => ({
        resource: types.get(kind)?.resource ?? kind,
        synced: listedOnce.has(kind) && !failing.has(kind),
        objects: objectCounts.get(kind) ?? 0,
        lastListMs: lastListMs.get(kind) ?? null,
      })),
    list(kind, namespace) {
      return (informers.get(kind)?.list(namespace) ?? []) as unknown as readonly KubeObject[];
    },
    get(kind, namespace, name) {
      return informers.get(kind)?.get(name, namespace) as KubeObject | undefined;
    },
    istioKinds: () => served,
    resourceOf: (kind) => types.get(kind),
    get shared() {
      return source;
    },
    actingFor: 'console',
    callsAs,
    ...callsAs(undefined),
  };
  return source;
}
