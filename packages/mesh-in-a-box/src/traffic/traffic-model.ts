import type { ObjectStore } from '../store/object-store.js';
import type { Scenario } from '../scenarios/scenario.js';
import { BEHAVIOUR_ANNOTATION, forwardedHeaders, type Behaviour, type ClientTraffic } from './behaviour.js';
import type { JwksOf, LocalReply, MtlsMode, SecurityStats } from '../security/index.js';
import type { Attempt, Hop, Protocol, RefusedConnections, WorkloadRef } from './hop.js';
import { hopFailed } from './hop-failed.js';
import { shouldRetry } from './istio-route.js';
import { MeshIndex, type MeshPod, type MeshService } from './mesh-index.js';
import { HopSlots } from './hop-slots.js';
import { InboundSecurity } from './inbound-security.js';
import { MinHeap } from './min-heap.js';
import { createRandom, type Random } from './random.js';
import { applyHeaderOperations, routeRequest, type Destination } from './route-request.js';
import { appOutcome, type AppOutcome } from './serve-request.js';

export type HopSink = (hop: Hop) => void;

/** Which hosts a proxy's outlier detection has ejected from one of its clusters (pod IPs), if any, at a time. */
export type EjectedHosts = (proxy: WorkloadRef, cluster: string, atMs: number) => ReadonlySet<string> | undefined;

export interface WorkloadFault {
  errorRatio?: number; // extra share of requests answered 500 (gRPC INTERNAL)
  delayMs?: number; // added to every request's service time
}

/** One request a client outside the simulation sends at once (the ingress listener's curl), see sendNow. */
export interface RequestNow {
  from: MeshPod; // the pod whose proxy sends it: a gateway's for a client outside the cluster
  host: string;
  port: number;
  method: string;
  path: string;
  authority: string;
  headers: Record<string, string>;
  /** The app's answer where it is known beforehand (the simulated Keycloak's), in place of its behaviour's. */
  answer?: (pod: MeshPod) => Partial<AppOutcome> | undefined;
}

interface Request {
  from: MeshPod; // the calling pod (a gateway for outside traffic)
  host: string;
  port: number;
  protocol: Protocol;
  method: string;
  path: string;
  authority: string;
  headers: Record<string, string>;
  startMs: number;
  requestId: string;
  traceId: string;
  parentSpanId?: string;
  depth: number;
  answer?: RequestNow['answer'];
}

/** What a hop knows before its outcome: the request's own facts, shared by every way it can end. */
type HopBase = Omit<
  Hop,
  | 'service'
  | 'durationMs'
  | 'responseCode'
  | 'responseFlags'
  | 'responseCodeDetails'
  | 'responseBytes'
  | 'mtls'
  | 'upstreamCluster'
  | 'routeName'
  | 'attempts'
>;

interface Result {
  failed: boolean;
  durationMs: number;
}

// Time a sidecar adds to each request it proxies, and Envoy's back-off between retries (25 ms base).
const PROXY_OVERHEAD_MS = 0.4;
const RETRY_BACKOFF_MS = 25;
const MAX_CALL_DEPTH = 16;
// Hops emitted to the sinks between two steps of a tick.
const EMIT_BATCH = 256;

/**
 * The traffic of the mesh in a box. Every tick it starts the requests that clients send in the elapsed time, walks
 * each through the mesh as Envoy and the apps would (routing by the applied VirtualServices and DestinationRules,
 * faults, retries, timeouts, mirroring, mTLS), and hands each hop to the sinks at the moment it finishes — which is
 * when Envoy updates its stats and writes its access log.
 */
export class TrafficModel {
  private index: MeshIndex;
  private readonly security: InboundSecurity;
  private dirty = false;
  private lastTickMs: number;
  // Hops wait in slots of inFlight until they are emitted: those that finish after the current tick by their end in
  // the heap, those already finished only for the flush.
  private readonly inFlight = new HopSlots();
  private readonly pending = new MinHeap<number>();
  private finished: number[] = [];
  private running: Generator<void> | undefined;
  private readonly random: Random;
  private readonly unsubscribe: () => void;
  private readonly awaited = new Map<string, (hop: Hop) => void>();
  hopsEmitted = 0;
  /** Faults on demand, by namespace/workload: extra failures and latency on top of the app's behaviour. */
  readonly overrides = new Map<string, WorkloadFault>();

  constructor(
    private readonly options: {
      store: ObjectStore;
      scenario: Scenario;
      sinks: HopSink[];
      /** Hosts ejected by outlier detection, which Envoy's load balancer skips (the recorder of the proxies' stats). */
      ejected?: EjectedHosts;
      /** The key set behind a RequestAuthentication's jwksUri (the simulated Keycloak's); none: every token fails. */
      jwksOf?: JwksOf;
      /** Where the proxies' security stats go (RBAC, jwt_authn, the inbound listener's refused connections). */
      securityStats?: SecurityStats;
      seed?: number;
      nowMs?: number;
    },
  ) {
    this.random = createRandom(options.seed);
    this.index = new MeshIndex(options.store);
    this.security = new InboundSecurity(options.store, options.jwksOf, options.securityStats);
    this.lastTickMs = options.nowMs ?? Date.now();
    // Any change may affect routing; rebuild the index once at the next tick, not per event.
    this.unsubscribe = options.store.subscribe((e) => {
      if (e.gr !== '/events') this.dirty = true;
    });
  }

  get mesh(): MeshIndex {
    return this.index;
  }

  /** The mTLS mode a pod's inbound listener enforces on a container port, from the policies in force now. */
  mtlsModeOf(pod: MeshPod, targetPort: number): MtlsMode {
    return this.security.mtlsMode(pod, targetPort);
  }

  get pendingHops(): number {
    return this.pending.size + this.finished.length;
  }

  stop(): void {
    this.running = undefined;
    this.unsubscribe();
  }

  /** Advances the simulation to `nowMs`: starts the requests of the elapsed interval and emits finished hops. */
  tick(nowMs: number = Date.now()): void {
    this.finishRunning();
    for (const _ of this.steps(nowMs));
  }

  /**
   * The same tick as steps, for a caller that yields to the event loop between them (runInSlices): each step is one
   * call of a request's journey or a batch of emitted hops. tick() and the next tickSteps() finish a tick still running.
   */
  tickSteps(nowMs: number = Date.now()): Iterator<void> {
    this.finishRunning();
    const steps = (this.running = this.steps(nowMs));
    return {
      next: () => {
        if (this.running !== steps) return { done: true, value: undefined };
        const step = steps.next();
        if (step.done) this.running = undefined;
        return step;
      },
    };
  }

  private finishRunning(): void {
    const steps = this.running;
    this.running = undefined;
    if (steps) for (const _ of steps);
  }

  /** Rebuilds what routing and security read once after any change to the cluster, not per event. */
  private refreshIndexes(): void {
    if (!this.dirty) return;
    this.index = new MeshIndex(this.options.store);
    this.security.rebuild();
    this.dirty = false;
  }

  private *steps(nowMs: number): Generator<void> {
    this.refreshIndexes();
    const fromMs = this.lastTickMs;
    const elapsedMs = Math.max(0, nowMs - fromMs);
    this.lastTickMs = nowMs;
    for (const client of this.options.scenario.clients) yield* this.generate(client, fromMs, elapsedMs);
    yield* this.flushSteps(nowMs);
  }

  /** Emits every hop that has finished by `nowMs`. */
  flush(nowMs: number): void {
    for (const _ of this.flushSteps(nowMs));
  }

  private *flushSteps(nowMs: number): Generator<void> {
    const finished = this.finished;
    this.finished = [];
    for (let i = 0; i < finished.length; i++) {
      this.emit(finished[i]!);
      if (i % EMIT_BATCH === EMIT_BATCH - 1) yield;
    }
    for (let n = 1; this.pending.peekKey() <= nowMs; n++) {
      this.emit(this.pending.pop()!);
      if (n % EMIT_BATCH === 0) yield;
    }
  }

  private emit(slot: number): void {
    this.hopsEmitted++;
    const hop = this.inFlight.take(slot);
    for (const sink of this.options.sinks) sink(hop);
    if (this.awaited.size > 0 && hop.parentSpanId === undefined) {
      this.awaited.get(hop.requestId)?.(hop);
      this.awaited.delete(hop.requestId);
    }
  }

  /**
   * Sends one request now and resolves with the sender's hop once it finishes, when the sinks count, log and trace
   * it: the routing, telemetry and traces of generated traffic. Undefined when the host does not resolve from the
   * sending pod (nothing is sent).
   */
  sendNow(request: RequestNow, nowMs: number = Date.now()): Promise<Hop> | undefined {
    // A change applied just before (kubectl apply, then curl) is in force, as Envoy has it once istiod pushed it.
    this.refreshIndexes();
    if (!this.index.lookupHost(request.host, request.from.ref.namespace)) return undefined;
    const requestId = this.random.uuid();
    let lost: (err: Error) => void = () => undefined;
    const hop = new Promise<Hop>((resolve, reject) => {
      this.awaited.set(requestId, resolve);
      lost = reject;
    });
    const protocol = this.protocolOf(request.host, request.port, request.from);
    const journey = this.send({
      ...request,
      protocol,
      startMs: nowMs,
      requestId,
      traceId: this.random.hex(32),
      depth: 0,
    });
    let step = journey.next();
    while (!step.done) step = journey.next();
    // Emitted when it ends rather than at the next tick, so the sender waits as long as the request took (a timer
    // may fire a fraction of a millisecond early: the flush reaches the end regardless). Every journey schedules its
    // sender's hop; should one not, the sender is told rather than left waiting.
    const endMs = nowMs + step.value.durationMs;
    const settle = (again: boolean) => {
      this.flush(Math.max(Date.now(), endMs));
      if (!this.awaited.has(requestId)) return;
      if (again) {
        setTimeout(() => settle(false), 1000).unref();
      } else {
        this.awaited.delete(requestId);
        lost(new Error(`the traffic model finished request ${requestId} without a hop of its sender`));
      }
    };
    setTimeout(() => settle(true), Math.max(0, Math.ceil(endMs - Date.now()))).unref();
    return hop;
  }

  /** Queues a hop until the moment it finishes, when Envoy would count and log it. */
  private schedule(hop: Hop): void {
    const endMs = hop.startMs + hop.durationMs;
    const slot = this.inFlight.put(hop);
    if (endMs <= this.lastTickMs) this.finished.push(slot);
    else this.pending.push(slot, endMs);
  }

  private *generate(client: ClientTraffic, fromMs: number, elapsedMs: number): Generator<void> {
    const count = this.random.poisson((client.rps * elapsedMs) / 1000);
    if (count === 0) return;
    const sources = this.sourcesOf(client);
    if (sources.length === 0) return;
    const totalWeight = client.requests.reduce((a, r) => a + r.weight, 0);
    for (let i = 0; i < count; i++) {
      let pick = this.random.next() * totalWeight;
      const request = client.requests.find((r) => (pick -= r.weight) < 0) ?? client.requests[0]!;
      const from = sources[(this.random.next() * sources.length) | 0]!;
      const protocol = this.index.lookupHost(client.host, from.ref.namespace)
        ? this.protocolOf(client.host, client.port, from)
        : 'http';
      yield* this.send({
        from,
        host: client.host,
        port: client.port,
        protocol,
        method: request.method,
        path: request.path,
        authority: request.authority ?? client.host,
        headers: request.headers ?? {},
        startMs: fromMs + this.random.next() * elapsedMs,
        requestId: this.random.uuid(),
        traceId: this.random.hex(32),
        depth: 0,
      });
      yield;
    }
  }

  /** Outside clients enter through the gateway the client dials; workload clients are that workload's pods. */
  private sourcesOf(client: ClientTraffic): MeshPod[] {
    if (client.from === 'outside') {
      const target = this.index.lookupHost(client.host, 'default');
      return target && 'pods' in target ? target.pods : [];
    }
    return this.index.podsByWorkload.get(client.from) ?? [];
  }

  private protocolOf(host: string, port: number, from: MeshPod): Protocol {
    const target = this.index.lookupHost(host, from.ref.namespace);
    const p = target?.ports.find((sp) => sp.port === port) ?? target?.ports[0];
    const hint = `${p?.appProtocol ?? ''} ${p?.name ?? ''} ${p?.protocol ?? ''}`.toLowerCase();
    // Istio's protocol selection: appProtocol, then the port name prefix.
    if (/(^|\s)grpc/.test(hint)) return 'grpc';
    if (/(^|\s)(http|http2|https)/.test(hint)) return 'http';
    if (/(^|\s)(tcp|mongo|mysql|redis|tls)/.test(hint)) return 'tcp';
    return 'http';
  }

  /** One request from a proxy (or a plain pod) to a host; returns what the caller got. */
  private *send(req: Request): Generator<void, Result> {
    const from = req.from;
    const target = this.index.lookupHost(req.host, from.ref.namespace);
    if (!target) return { failed: true, durationMs: 1 }; // DNS failure in the app: nothing reaches any proxy
    const clientSpanId = this.random.hex(16);
    // Without a sidecar there is no Envoy on the client side: kube-proxy picks any endpoint and no Istio routing applies.
    if (!from.ref.hasSidecar) return yield* this.sendWithoutProxy(req, target, clientSpanId);
    // The ingress gateway runs its own jwt_authn and RBAC filters on a request from outside before its router.
    const atGateway =
      from.ref.isGateway && req.depth === 0
        ? this.security.checkGateway({ gateway: from, request: req, nowMs: req.startMs })
        : undefined;
    if (atGateway?.ok) req = { ...req, headers: atGateway.headers };
    const decision = routeRequest(this.index, {
      from,
      target,
      protocol: req.protocol,
      method: req.method,
      path: req.path,
      authority: req.authority,
      port: req.port,
      headers: req.headers,
      random: this.random.next,
    });
    const base = {
      requestId: req.requestId,
      traceId: req.traceId,
      clientSpanId,
      parentSpanId: req.parentSpanId,
      source: from.ref,
      protocol: req.protocol,
      method: req.protocol === 'tcp' ? '-' : req.method,
      path: req.protocol === 'tcp' ? '-' : req.path,
      authority: req.authority,
      userAgent: req.headers['user-agent'] ?? 'mesh-in-a-box',
      startMs: req.startMs,
      requestBytes: req.protocol === 'tcp' ? 0 : 200 + ((this.random.next() * 300) | 0),
    };
    if (atGateway && !atGateway.ok) return this.gatewayReply(base, decision, atGateway.reply);
    if (!decision.ok) {
      const hop: Hop = {
        ...base,
        service: decision.service,
        durationMs: 0.2,
        responseCode: decision.code,
        responseFlags: decision.flags,
        responseCodeDetails: decision.details,
        responseBytes: 0,
        mtls: false,
        upstreamCluster: decision.cluster,
        routeName: '-',
        attempts: [],
      };
      this.schedule(hop);
      return { failed: hopFailed(hop), durationMs: hop.durationMs };
    }
    const { destination } = decision;
    if (decision.requestHeaders) req = { ...req, headers: applyHeaderOperations(req.headers, decision.requestHeaders) };
    let elapsedMs = 0;
    let flags: string[] = [];
    const fault = decision.fault;
    if (fault?.delayMs !== undefined && this.random.next() * 100 < (fault.delayPercent ?? 100)) {
      elapsedMs += fault.delayMs;
      flags.push('DI');
    }
    if (fault?.abortStatus !== undefined && this.random.next() * 100 < (fault.abortPercent ?? 100)) {
      return this.finish(base, destination, decision.routeName, {
        durationMs: elapsedMs + 0.1,
        code: fault.abortStatus,
        flags: [...flags, 'FI'],
        details: 'fault_filter_abort',
        attempts: [],
        mtls: false,
        responseBytes: 0,
      });
    }
    if (decision.mirror && this.random.next() * 100 < decision.mirror.percent) {
      yield* this.mirror(req, decision.mirror.destination);
    }
    const mtls = this.usesMtls(from, destination);
    const attempts: Attempt[] = [];
    let code = 0;
    let grpcStatus: number | undefined;
    let details = 'via_upstream';
    let responseBytes = 0;
    const deadline = decision.timeoutMs;
    let refused: RefusedConnections | undefined;
    for (let attempt = 0; attempt <= decision.retry.attempts; attempt++) {
      if (attempt > 0) elapsedMs += RETRY_BACKOFF_MS * (1 + this.random.next());
      const pod = this.pickPod(this.healthyPods(from, destination, req.startMs + elapsedMs));
      if (!pod) {
        if (destination.target && !('pods' in destination.target)) {
          // A ServiceEntry host outside the mesh: it answers, but no proxy of ours sees the server side.
          const external = appOutcome(undefined, { path: req.path, protocol: req.protocol }, this.random);
          return this.finish(base, destination, decision.routeName, {
            durationMs: elapsedMs + external.ownMs * 4,
            code: req.protocol === 'tcp' ? 0 : external.code,
            grpcStatus: external.grpcStatus,
            flags,
            details: 'via_upstream',
            attempts: [],
            mtls: false,
            responseBytes: external.responseBytes,
          });
        }
        code = 503;
        flags = [...flags, 'UH'];
        details = 'no_healthy_upstream';
        break;
      }
      if (!mtls && this.security.refusesPlaintext(pod, destination.targetPort)) {
        // STRICT mTLS on the server: a plaintext connection finds no filter chain and is closed before any HTTP
        // exchange; the caller's proxy sees the upstream connection terminated (UC).
        refused = { by: pod.ref, targetPort: destination.targetPort, connections: (refused?.connections ?? 0) + 1 };
        code = 503;
        if (!flags.includes('UC')) flags = [...flags, 'UC'];
        details = 'upstream_reset_before_response_started{connection_termination}';
        // A reset, not an answer: only `reset` (or 5xx) in retryOn retries it, which Istio's default policy lacks.
        if (!shouldRetry(decision.retry, 0, false)) break;
        continue;
      }
      const startMs = req.startMs + elapsedMs;
      const verdict = this.security.checkSidecar({
        pod,
        request: req,
        source: from.ref,
        mtls,
        targetPort: destination.targetPort,
        nowMs: startMs,
      });
      if (verdict && !verdict.ok) {
        // The server's sidecar refused it: its own answer comes back through the caller's proxy as any answer does.
        const local = this.localAttempt(pod, startMs, verdict.reply);
        attempts.push(local);
        elapsedMs += local.durationMs + PROXY_OVERHEAD_MS;
        code = local.responseCode;
        grpcStatus = local.grpcStatus;
        responseBytes = local.responseBytes;
        details = 'via_upstream';
        if (!shouldRetry(decision.retry, code, false)) break;
        continue;
      }
      const served = yield* this.serve(pod, req, startMs, clientSpanId);
      const perTry = decision.retry.perTryTimeoutMs;
      const remaining = deadline !== undefined ? deadline - elapsedMs : undefined;
      const limit = Math.min(perTry ?? Infinity, remaining ?? Infinity);
      if (served.attempt.durationMs > limit) {
        // The caller's proxy gives up: it answers 504 UT; the server sees its client go away (0 DC).
        served.attempt.durationMs = limit;
        served.attempt.responseCode = 0;
        served.attempt.responseFlags = 'DC';
        served.attempt.responseCodeDetails = 'downstream_remote_disconnect';
        attempts.push(served.attempt);
        elapsedMs += limit;
        code = 504;
        flags = [...flags, 'UT'];
        details = 'response_timeout';
        if (remaining !== undefined && elapsedMs >= deadline!) break;
        if (!decision.retry.retryOn.has('5xx') && !decision.retry.retryOn.has('gateway-error')) break;
        continue;
      }
      attempts.push(served.attempt);
      elapsedMs += served.attempt.durationMs + PROXY_OVERHEAD_MS;
      code = served.attempt.responseCode;
      grpcStatus = served.attempt.grpcStatus;
      responseBytes = served.attempt.responseBytes;
      details = 'via_upstream';
      if (!shouldRetry(decision.retry, code, false)) break;
    }
    if (attempts.length > 1 && shouldRetry(decision.retry, code, false)) flags.push('URX');
    return this.finish(base, destination, decision.routeName, {
      durationMs: elapsedMs,
      code,
      grpcStatus,
      flags,
      details,
      attempts,
      mtls,
      responseBytes,
      refused,
    });
  }

  private finish(
    base: HopBase,
    destination: Destination,
    routeName: string,
    outcome: {
      durationMs: number;
      code: number;
      grpcStatus?: number;
      flags: string[];
      details: string;
      attempts: Attempt[];
      mtls: boolean;
      responseBytes: number;
      refused?: RefusedConnections;
    },
  ): Result {
    const hop: Hop = {
      requestId: base.requestId,
      traceId: base.traceId,
      clientSpanId: base.clientSpanId,
      parentSpanId: base.parentSpanId,
      source: base.source,
      service: destination.service,
      protocol: base.protocol,
      method: base.method,
      path: base.path,
      authority: base.authority,
      userAgent: base.userAgent,
      startMs: base.startMs,
      durationMs: Math.max(0.1, outcome.durationMs),
      responseCode: base.protocol === 'tcp' ? 0 : outcome.code,
      grpcStatus: outcome.grpcStatus,
      responseFlags: outcome.flags.length ? outcome.flags.join(',') : '-',
      responseCodeDetails: outcome.details,
      requestBytes: base.requestBytes,
      responseBytes: outcome.responseBytes,
      mtls: outcome.mtls,
      upstreamCluster: destination.cluster,
      routeName,
      attempts: outcome.attempts,
      mirrored: false,
      outlierDetection: destination.outlier,
      ...(outcome.refused ? { refused: outcome.refused } : {}),
    };
    if (base.protocol === 'tcp' && outcome.code >= 500)
      hop.responseFlags = hop.responseFlags === '-' ? 'UF' : hop.responseFlags;
    this.schedule(hop);
    return { failed: hopFailed(hop), durationMs: hop.durationMs };
  }

  /** The server side of one attempt: the app's own work, its downstream calls in sequence, then its answer. */
  private *serve(
    pod: MeshPod,
    req: Request,
    startMs: number,
    clientSpanId: string,
  ): Generator<void, { attempt: Attempt }> {
    const behaviour = this.behaviourOf(pod);
    const outcome = appOutcome(behaviour, { path: req.path, protocol: req.protocol }, this.random);
    if (req.answer) Object.assign(outcome, req.answer(pod));
    const fault = this.overrides.get(`${pod.ref.namespace}/${pod.ref.workload}`);
    if (fault) {
      outcome.ownMs += fault.delayMs ?? 0;
      if (fault.errorRatio && this.random.next() < fault.errorRatio) {
        outcome.calls = [];
        if (req.protocol === 'grpc') outcome.grpcStatus = 13;
        else outcome.code = 500;
      }
    }
    const serverSpanId = this.random.hex(16);
    let elapsedMs = PROXY_OVERHEAD_MS;
    let code = outcome.code;
    let grpcStatus = outcome.grpcStatus;
    if (req.depth < MAX_CALL_DEPTH) {
      for (const call of outcome.calls) {
        const child = yield* this.send({
          from: pod,
          host: call.host,
          port: call.port,
          protocol: call.protocol,
          method: call.method,
          path: call.path,
          authority: call.host,
          headers: forwardedHeaders(req.headers, [
            ...(behaviour?.forwardHeaders ?? []),
            ...(call.forwardHeaders ?? []),
          ]),
          startMs: startMs + elapsedMs + outcome.ownMs / 2,
          requestId: req.requestId,
          traceId: req.traceId,
          parentSpanId: pod.ref.hasSidecar ? serverSpanId : clientSpanId,
          depth: req.depth + 1,
        });
        yield; // a journey can be hundreds of hops at 5,000 workloads: the slicer may pause between its calls
        elapsedMs += child.durationMs;
        if (child.failed && call.critical !== false && code < 500) {
          // The app cannot answer without this call: it fails the request too.
          if (req.protocol === 'grpc') grpcStatus = 13;
          else code = 500;
        }
      }
    }
    elapsedMs += outcome.ownMs;
    return {
      attempt: {
        destination: pod.ref,
        startMs,
        durationMs: elapsedMs,
        responseCode: req.protocol === 'tcp' ? 0 : code,
        grpcStatus,
        responseFlags: '-',
        responseCodeDetails: 'via_upstream',
        requestBytes: req.protocol === 'tcp' ? 0 : 300,
        responseBytes: code >= 500 ? 0 : outcome.responseBytes,
        serverSpanId,
      },
    };
  }

  /** A pod without a sidecar dials the service's cluster IP: kube-proxy picks an endpoint, nothing else applies. */
  private *sendWithoutProxy(
    req: Request,
    target: ReturnType<MeshIndex['lookupHost']> & object,
    clientSpanId: string,
  ): Generator<void, Result> {
    const pods = 'pods' in target ? (target as MeshService).pods : [];
    const pod = this.pickPod(pods);
    const port = target.ports.find((p) => p.port === req.port) ?? target.ports[0];
    const service = {
      host: target.host,
      name: 'pods' in target ? (target as MeshService).name : target.host,
      namespace: target.namespace,
      port: port?.port ?? req.port,
    };
    const base = {
      requestId: req.requestId,
      traceId: req.traceId,
      clientSpanId,
      parentSpanId: req.parentSpanId,
      source: req.from.ref,
      service,
      protocol: req.protocol,
      method: req.protocol === 'tcp' ? '-' : req.method,
      path: req.protocol === 'tcp' ? '-' : req.path,
      authority: req.authority,
      userAgent: req.headers['user-agent'] ?? 'mesh-in-a-box',
      startMs: req.startMs,
      requestBytes: 300,
      mtls: false,
      upstreamCluster: '-',
      routeName: '-',
    };
    // No endpoint, or a server sidecar that accepts only mutual TLS on that port: the plaintext connection fails. The
    // server's proxy closes it before any HTTP exchange (no filter chain for plaintext), so it reports no request.
    const targetPort = pod ? targetPortOn(pod, port?.targetPort ?? req.port) : req.port;
    const reset = pod !== undefined && this.security.refusesPlaintext(pod, targetPort);
    if (!pod || reset) {
      const hop: Hop = {
        ...base,
        durationMs: 1,
        responseCode: 0,
        responseFlags: '-',
        responseCodeDetails: reset ? 'connection_reset' : 'connection_refused',
        responseBytes: 0,
        attempts: [],
        ...(reset && pod ? { refused: { by: pod.ref, targetPort, connections: 1 } } : {}),
      };
      this.schedule(hop);
      return { failed: true, durationMs: 1 };
    }
    const verdict = this.security.checkSidecar({
      pod,
      request: req,
      source: req.from.ref,
      mtls: false,
      targetPort,
      nowMs: req.startMs,
    });
    if (verdict && !verdict.ok) {
      const local = this.localAttempt(pod, req.startMs, verdict.reply);
      const hop: Hop = {
        ...base,
        durationMs: local.durationMs + 0.5,
        responseCode: local.responseCode,
        ...(local.grpcStatus !== undefined ? { grpcStatus: local.grpcStatus } : {}),
        responseFlags: '-',
        responseCodeDetails: 'via_upstream',
        responseBytes: local.responseBytes,
        attempts: [local],
      };
      this.schedule(hop);
      return { failed: hopFailed(hop), durationMs: hop.durationMs };
    }
    const served = yield* this.serve(pod, req, req.startMs, clientSpanId);
    const hop: Hop = {
      ...base,
      durationMs: served.attempt.durationMs,
      responseCode: served.attempt.responseCode,
      grpcStatus: served.attempt.grpcStatus,
      responseFlags: '-',
      responseCodeDetails: 'via_upstream',
      responseBytes: served.attempt.responseBytes,
      attempts: [served.attempt],
    };
    this.schedule(hop);
    return { failed: hopFailed(hop), durationMs: hop.durationMs };
  }

  private *mirror(req: Request, destination: Destination): Generator<void> {
    const pod = this.pickPod(destination.pods);
    if (!pod) return;
    const host = destination.service.host;
    // Envoy sends the shadow copy fire-and-forget, with "-shadow" appended to the authority.
    const shadow: Request = { ...req, host, authority: `${req.authority}-shadow`, requestId: this.random.uuid() };
    const clientSpanId = this.random.hex(16);
    const served = yield* this.serve(pod, shadow, req.startMs, clientSpanId);
    this.schedule({
      requestId: shadow.requestId,
      traceId: req.traceId,
      clientSpanId,
      parentSpanId: req.parentSpanId,
      source: req.from.ref,
      service: destination.service,
      protocol: req.protocol,
      method: req.method,
      path: req.path,
      authority: shadow.authority,
      userAgent: 'mesh-in-a-box',
      startMs: req.startMs,
      durationMs: served.attempt.durationMs,
      responseCode: served.attempt.responseCode,
      grpcStatus: served.attempt.grpcStatus,
      responseFlags: '-',
      responseCodeDetails: 'via_upstream',
      requestBytes: 300,
      responseBytes: served.attempt.responseBytes,
      mtls: this.usesMtls(req.from, destination),
      upstreamCluster: destination.cluster,
      routeName: 'mirror',
      attempts: [served.attempt],
      mirrored: true,
    });
  }

  /** Auto mTLS: a sidecar speaks Istio mutual TLS to endpoints that have a sidecar, unless a DestinationRule says otherwise. */
  private usesMtls(from: MeshPod, destination: Destination): boolean {
    if (!from.ref.hasSidecar) return false;
    if (destination.tlsMode === 'DISABLE' || destination.tlsMode === 'SIMPLE') return false;
    if (destination.tlsMode === 'ISTIO_MUTUAL' || destination.tlsMode === 'MUTUAL') return true;
    return destination.pods.length > 0 && destination.pods.every((p) => p.ref.hasSidecar);
  }

  /** An attempt the server's sidecar answered itself (jwt_authn or RBAC): the app does no work for it. */
  private localAttempt(pod: MeshPod, startMs: number, reply: LocalReply): Attempt {
    return {
      destination: pod.ref,
      startMs,
      durationMs: 0.1 + this.random.next() * 0.4,
      responseCode: reply.code,
      ...(reply.grpcStatus !== undefined ? { grpcStatus: reply.grpcStatus } : {}),
      responseFlags: reply.flags,
      responseCodeDetails: reply.details,
      requestBytes: 0, // refused on its headers, before the body was read
      responseBytes: Buffer.byteLength(reply.body),
      serverSpanId: this.random.hex(16),
      localReply: reply.kind,
    };
  }

  /**
   * The ingress gateway refused a request from outside: nothing goes upstream, but Envoy had already picked the route,
   * so the access log and the metrics name its cluster and service (destination workload unknown: no upstream peer).
   */
  private gatewayReply(base: HopBase, decision: ReturnType<typeof routeRequest>, reply: LocalReply): Result {
    const hop: Hop = {
      ...base,
      service: decision.ok ? decision.destination.service : decision.service,
      durationMs: 0.2 + this.random.next() * 0.6,
      responseCode: reply.code,
      ...(reply.grpcStatus !== undefined ? { grpcStatus: reply.grpcStatus } : {}),
      responseFlags: reply.flags,
      responseCodeDetails: reply.details,
      requestBytes: 0,
      responseBytes: Buffer.byteLength(reply.body),
      mtls: false,
      upstreamCluster: decision.ok ? decision.destination.cluster : decision.cluster,
      routeName: decision.ok ? decision.routeName : '-',
      attempts: [],
      localReply: reply.kind,
    };
    this.schedule(hop);
    return { failed: hopFailed(hop), durationMs: hop.durationMs };
  }

  /**
   * The endpoints the caller's load balancer may pick: those its outlier detection has not ejected. Istio turns off
   * Envoy's panic threshold, so with every host ejected none is left (503 UH).
   */
  private healthyPods(from: MeshPod, destination: Destination, atMs: number): MeshPod[] {
    if (!destination.outlier || !this.options.ejected) return destination.pods;
    const ejected = this.options.ejected(from.ref, destination.cluster, atMs);
    return ejected ? destination.pods.filter((p) => !ejected.has(p.ref.podIp)) : destination.pods;
  }

  private pickPod(pods: MeshPod[]): MeshPod | undefined {
    if (pods.length === 0) return undefined;
    return pods[(this.random.next() * pods.length) | 0];
  }

  private behaviourCache = new WeakMap<object, Behaviour | undefined>();

  private behaviourOf(pod: MeshPod): Behaviour | undefined {
    if (this.behaviourCache.has(pod.object)) return this.behaviourCache.get(pod.object);
    let behaviour = this.options.scenario.behaviourFor(pod.object);
    const annotation = pod.object.metadata.annotations?.[BEHAVIOUR_ANNOTATION];
    if (!behaviour && annotation) {
      try {
        behaviour = JSON.parse(annotation) as Behaviour;
      } catch {
        behaviour = undefined; // a broken annotation: the plain default
      }
    }
    this.behaviourCache.set(pod.object, behaviour);
    return behaviour;
  }
}

/** The container port a Service port's targetPort names on a pod (a name resolves through the pod's ports). */
function targetPortOn(pod: MeshPod, targetPort: number | string): number {
  if (typeof targetPort === 'number') return targetPort;
  const byName = pod.containerPorts.get(targetPort);
  return byName ?? (Number(targetPort) || 0);
}
