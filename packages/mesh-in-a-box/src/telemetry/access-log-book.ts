// The containers' stdout for the mesh in a box: Envoy access lines on istio-proxy, a plain request line on the app
// container. Envoy writes the line when the stream ends, so each line is stamped with its side's end time.

import type { Attempt, Hop, ServiceRef, WorkloadRef } from '../traffic/hop.js';
import { HopSlots } from '../traffic/hop-slots.js';
import { type TargetPortOf, servicePortAsTargetPort, syntheticClusterIp } from './access-log-addresses.js';
import {
  type AccessLogAddressing,
  type AccessLogEntry,
  inboundAccessLogEntry,
  outboundAccessLogEntry,
  refusedConnectionEntry,
} from './access-log-entry.js';
import { type AccessLogCustomFormat, type AccessLogEncoding, formatAccessLog } from './access-log-format.js';
import { AccessLogRing } from './access-log-ring.js';

export const PROXY_CONTAINER = 'istio-proxy';

export interface LogLine {
  timeMs: number;
  line: string;
}

export interface AccessLogBookOptions {
  /** Lines kept per container while few pods log. */
  maxLinesPerContainer?: number;
  /** Lines kept over all containers; with thousands of pods each keeps its share (never under the minimum). */
  maxLinesTotal?: number;
  /** The least a container keeps however many share the total (default 100). */
  minLinesPerContainer?: number;
  /** The app container's name; undefined: the pod has no app container worth logging (default: the app label). */
  appContainerOf?: (workload: WorkloadRef) => string | undefined;
  targetPortOf?: TargetPortOf;
  clusterIpOf?: (service: ServiceRef) => string;
}

// A line is kept as the hop it is about, with only its own attempt, in the book's HopSlots, and formatted when read:
// at 15,000 hops/s most lines are never read. Its side and encoding are the ring entry's tag.
type Side = 'outbound' | 'inbound' | 'gateway-local-reply' | 'app' | 'refused';
const SIDES: readonly Side[] = ['outbound', 'inbound', 'gateway-local-reply', 'app', 'refused'];
const ENCODINGS: readonly AccessLogEncoding[] = ['TEXT', 'JSON'];
const tagOf = (side: Side, encoding: AccessLogEncoding) => SIDES.indexOf(side) | (ENCODINGS.indexOf(encoding) << 3);

export class AccessLogBook {
  private readonly pods = new Map<string, Map<string, AccessLogRing>>();
  // A pod's rings by its ref, shared by every hop of the pod until the mesh index is rebuilt: three lines a hop find
  // their rings without building and hashing a `namespace/pod` string each.
  private byRef = new WeakMap<WorkloadRef, Map<string, AccessLogRing>>();
  private readonly lines = new HopSlots();
  // A line's text once it has been read or followed, so it reads the same every time though the ports and addresses
  // it shows come from the mesh as it is when first formatted (few lines are ever read).
  private readonly formatted = new Map<number, string>();
  private readonly release = (slot: number) => {
    this.lines.release(slot);
    if (this.formatted.size > 0) this.formatted.delete(slot);
  };
  private readonly listeners = new Map<string, Set<(line: LogLine) => void>>();
  private readonly maxLinesPerContainer: number;
  private readonly maxLinesTotal: number;
  private readonly minLinesPerContainer: number;
  private readonly appContainerOf: (workload: WorkloadRef) => string | undefined;
  private readonly addressing: AccessLogAddressing;
  private containerCount = 0;
  private custom: AccessLogCustomFormat = null;
  private capacity: number;

  constructor(options: AccessLogBookOptions = {}) {
    this.maxLinesPerContainer = options.maxLinesPerContainer ?? 2_000;
    this.maxLinesTotal = options.maxLinesTotal ?? 300_000;
    this.minLinesPerContainer = options.minLinesPerContainer ?? 100;
    this.capacity = this.maxLinesPerContainer;
    this.appContainerOf = options.appContainerOf ?? ((w) => (w.app === 'unknown' ? w.workload : w.app));
    this.addressing = {
      targetPortOf: options.targetPortOf ?? servicePortAsTargetPort,
      clusterIpOf: options.clusterIpOf ?? ((service) => syntheticClusterIp(service.host)),
    };
  }

  /**
   * `custom` is MeshConfig's accessLogFormat. Lines are formatted when read, with the format of the latest record: a
   * line written before the format changed reads in the new one (the mesh in a box keeps hops, not text).
   */
  record(hop: Hop, encoding: AccessLogEncoding, custom: AccessLogCustomFormat = null): void {
    this.custom = custom;
    const source = hop.source;
    // A mirror copy is sent by the caller's router inside the original stream: no line of its own on the caller.
    if (source && (source.hasSidecar || source.isGateway) && !hop.mirrored) {
      const last = hop.attempts[hop.attempts.length - 1];
      this.push(source, PROXY_CONTAINER, hop.startMs + hop.durationMs, 'outbound', encoding, hop, last);
    }
    // Plaintext to a STRICT port: the server's listener logs each connection it closed for want of a filter chain.
    const refused = hop.refused;
    if (refused?.by.hasSidecar) {
      for (let i = 0; i < refused.connections; i++)
        this.push(refused.by, PROXY_CONTAINER, hop.startMs, 'refused', encoding, hop, undefined);
    }
    for (const attempt of hop.attempts) {
      const destination = attempt.destination;
      const timeMs = attempt.startMs + attempt.durationMs;
      if (destination.isGateway) {
        // A gateway is one proxy with no inbound listener of its own: what it forwards it logs as its outbound hop
        // (the traffic model starts outside traffic there). A request that ends at the gateway is a local reply.
        this.push(destination, PROXY_CONTAINER, timeMs, 'gateway-local-reply', encoding, hop, attempt);
        continue;
      }
      if (destination.hasSidecar) {
        this.push(destination, PROXY_CONTAINER, timeMs, 'inbound', encoding, hop, attempt);
      }
      const app = this.appContainerOf(destination);
      if (app && hop.protocol !== 'tcp' && attempt.responseCodeDetails === 'via_upstream') {
        this.push(destination, app, timeMs, 'app', encoding, hop, attempt);
      }
    }
  }

  /** The container's lines, oldest first; `sinceMs` and `tailLines` narrow them as the Kubernetes log API does. */
  entries(
    namespace: string,
    pod: string,
    container: string,
    options: { sinceMs?: number; tailLines?: number } = {},
  ): LogLine[] {
    const ring = this.pods.get(podKey(namespace, pod))?.get(container);
    if (!ring) return [];
    return ring.slice(options.sinceMs, options.tailLines).map((entry) => {
      let line = this.formatted.get(entry.handle);
      if (line === undefined) {
        const hop = this.lines.read(entry.handle);
        line = this.format(SIDES[entry.tag & 7]!, ENCODINGS[entry.tag >> 3]!, hop, hop.attempts[0]);
        this.formatted.set(entry.handle, line);
      }
      return { timeMs: entry.timeMs, line };
    });
  }

  /** Calls `onEntry` with each new line of the container until the returned function is called. */
  subscribe(namespace: string, pod: string, container: string, onEntry: (line: LogLine) => void): () => void {
    const key = `${podKey(namespace, pod)}/${container}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(onEntry);
    return () => {
      set.delete(onEntry);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  /** Forgets a deleted pod's logs, as the kubelet does. */
  deletePod(namespace: string, pod: string): void {
    const containers = this.pods.get(podKey(namespace, pod));
    if (!containers) return;
    this.pods.delete(podKey(namespace, pod));
    this.byRef = new WeakMap(); // it may still point at the dropped rings
    for (const ring of containers.values()) ring.clear(this.release);
    this.containerCount -= containers.size;
    this.updateCapacity();
  }

  private push(
    workload: WorkloadRef,
    container: string,
    timeMs: number,
    side: Side,
    encoding: AccessLogEncoding,
    hop: Hop,
    attempt: Attempt | undefined,
  ): void {
    let containers = this.byRef.get(workload);
    if (!containers) {
      const key = podKey(workload.namespace, workload.pod);
      containers = this.pods.get(key);
      if (!containers) this.pods.set(key, (containers = new Map()));
      this.byRef.set(workload, containers);
    }
    let ring = containers.get(container);
    if (!ring) {
      containers.set(container, (ring = new AccessLogRing()));
      this.containerCount++;
      this.updateCapacity();
    }
    const slot = this.lines.put(hop, attempt ? [attempt] : []);
    const listeners =
      this.listeners.size > 0
        ? this.listeners.get(`${podKey(workload.namespace, workload.pod)}/${container}`)
        : undefined;
    // A followed line is formatted now, and kept so that reading it later gives the same text.
    const line = listeners && this.format(side, encoding, hop, attempt);
    if (line !== undefined) this.formatted.set(slot, line);
    ring.push(timeMs, slot, tagOf(side, encoding), this.capacity, this.release);
    if (listeners && line !== undefined) for (const listener of listeners) listener({ timeMs, line });
  }

  /** Lines held over all containers (each in one slot), for tests. */
  get lineCount(): number {
    return this.lines.size;
  }

  // Existing rings shrink to the new share on their next push.
  private updateCapacity(): void {
    const share = Math.floor(this.maxLinesTotal / Math.max(1, this.containerCount));
    this.capacity = Math.min(this.maxLinesPerContainer, Math.max(this.minLinesPerContainer, share));
  }

  private format(side: Side, encoding: AccessLogEncoding, hop: Hop, attempt: Attempt | undefined): string {
    if (side === 'app') return `${hop.method} ${hop.path} ${attempt?.responseCode ?? hop.responseCode}`;
    let entry: AccessLogEntry;
    if (side === 'refused' && hop.refused) entry = refusedConnectionEntry(hop, hop.refused);
    else if (side === 'outbound' || !attempt) entry = outboundAccessLogEntry(hop, this.addressing);
    else if (side === 'inbound') entry = inboundAccessLogEntry(hop, attempt, this.addressing);
    else entry = gatewayLocalReply(inboundAccessLogEntry(hop, attempt, this.addressing));
    return formatAccessLog(entry, encoding, this.custom);
  }
}

/** The gateway answered itself (no route, or a request the traffic model ends there): nothing went upstream. */
function gatewayLocalReply(entry: AccessLogEntry): AccessLogEntry {
  return {
    ...entry,
    upstreamHost: undefined,
    upstreamCluster: undefined,
    upstreamLocalAddress: undefined,
    upstreamServiceTimeMs: undefined,
    requestedServerName: undefined,
    routeName: undefined,
  };
}

function podKey(namespace: string, pod: string): string {
  return `${namespace}/${pod}`;
}
