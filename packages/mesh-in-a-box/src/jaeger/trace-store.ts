// Jaeger's in-memory span store for the mesh in a box: the spans the proxies would report for each hop, bounded in
// age and count, searchable as jaeger-query's memory backend searches (every criterion on one span of the service).

import { type TargetPortOf, servicePortAsTargetPort } from '../telemetry/access-log-addresses.js';
import type { Hop } from '../traffic/hop.js';
import { type DependencyWindow, dependencyLinks } from './dependency-links.js';
import type { JaegerDependencyLink, JaegerOperation, JaegerTrace } from './jaeger-json.js';
import { type ProxySpan, proxySpansOf } from './proxy-spans-of.js';
import { processTags, spanTags } from './span-tags.js';
import { type StoredTrace, processServiceName, toJaegerTrace } from './to-jaeger-trace.js';

export interface TraceStoreOptions {
  maxSpans?: number;
  retentionMs?: number;
  /** Share of traces kept, decided per trace id so a journey is kept or dropped whole (Envoy samples at the root). */
  samplingRatio?: number;
  meshId?: string;
  targetPortOf?: TargetPortOf;
}

/** A search as jaeger-query's parameters express it, times in µs. */
export interface TraceQuery {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  startUs?: number;
  endUs?: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** 0 or absent: no limit. */
  limit?: number;
}

interface TraceRecord extends StoredTrace {
  startUs: number;
  endMs: number;
}

export class TraceStore {
  private readonly byId = new Map<string, TraceRecord>();
  // Traces in the order they were first seen, which is close to start order; eviction takes from the front.
  private order: (TraceRecord | undefined)[] = [];
  private head = 0;
  private spans = 0;
  private newestMs = 0;
  // Like jaeger-query's memory store, services and operations outlive the spans that named them.
  private readonly operationIndex = new Map<string, Map<string, Set<string>>>();
  private readonly maxSpans: number;
  private readonly retentionMs: number;
  private readonly samplingRatio: number;
  private readonly meshId: string;
  private readonly targetPortOf: TargetPortOf;

  constructor(options: TraceStoreOptions = {}) {
    this.maxSpans = options.maxSpans ?? 50_000;
    this.retentionMs = options.retentionMs ?? 3_600_000;
    this.samplingRatio = options.samplingRatio ?? 1;
    this.meshId = options.meshId ?? 'cluster.local';
    this.targetPortOf = options.targetPortOf ?? servicePortAsTargetPort;
  }

  get spanCount(): number {
    return this.spans;
  }

  record(hop: Hop): void {
    if (!this.sampled(hop.traceId)) return;
    const { spans, aliases } = proxySpansOf(hop);
    if (spans.length === 0 && aliases.length === 0) return;
    const traceId = normalizeTraceId(hop.traceId);
    let trace = this.byId.get(traceId);
    if (!trace) {
      trace = { traceId, spans: [], startUs: Number.POSITIVE_INFINITY, endMs: 0 };
      this.byId.set(traceId, trace);
      this.order.push(trace);
    }
    for (const span of spans) {
      trace.spans.push(span);
      trace.startUs = Math.min(trace.startUs, span.startUs);
      this.indexOperation(span);
    }
    for (const [spanId, standsFor] of aliases) (trace.aliases ??= new Map()).set(spanId, standsFor);
    this.spans += spans.length;
    const endMs = hop.startMs + hop.durationMs;
    trace.endMs = Math.max(trace.endMs, endMs);
    this.newestMs = Math.max(this.newestMs, endMs);
    this.evict();
  }

  services(): string[] {
    return [...this.operationIndex.keys()].sort();
  }

  /** Operations of a service, one per span kind it was seen with; `spanKind` empty or absent: all kinds. */
  operations(service: string, spanKind?: string): JaegerOperation[] {
    const operations: JaegerOperation[] = [];
    for (const [name, kinds] of this.operationIndex.get(service) ?? []) {
      for (const kind of kinds) if (!spanKind || kind === spanKind) operations.push({ name, spanKind: kind });
    }
    return operations.sort((a, b) => a.name.localeCompare(b.name) || a.spanKind.localeCompare(b.spanKind));
  }

  trace(traceId: string): JaegerTrace | undefined {
    const trace = this.byId.get(normalizeTraceId(traceId));
    return trace && trace.spans.length > 0 ? toJaegerTrace(trace, this.meshId, this.targetPortOf) : undefined;
  }

  /** The service links of the traces kept, as /api/dependencies reports them (see dependency-links.ts). */
  dependencies(window: DependencyWindow): JaegerDependencyLink[] {
    return dependencyLinks(this.kept(), window);
  }

  private *kept(): Generator<TraceRecord> {
    for (let i = this.head; i < this.order.length; i++) {
      const trace = this.order[i];
      if (trace) yield trace;
    }
  }

  /** Traces with a span of the service that meets every criterion, newest first. */
  findTraces(query: TraceQuery): JaegerTrace[] {
    const matches: TraceRecord[] = [];
    for (let i = this.order.length - 1; i >= this.head; i--) {
      const trace = this.order[i];
      if (trace?.spans.some((span) => this.matches(span, query))) matches.push(trace);
    }
    matches.sort((a, b) => b.startUs - a.startUs);
    const limited = query.limit && query.limit > 0 ? matches.slice(0, query.limit) : matches;
    return limited.map((trace) => toJaegerTrace(trace, this.meshId, this.targetPortOf));
  }

  private matches(span: ProxySpan, query: TraceQuery): boolean {
    if (processServiceName(span.proxy) !== query.service) return false;
    if (query.operation && span.operationName !== query.operation) return false;
    if (query.minDurationUs && span.durationUs < query.minDurationUs) return false;
    if (query.maxDurationUs && span.durationUs > query.maxDurationUs) return false;
    if (query.startUs !== undefined && span.startUs < query.startUs) return false;
    if (query.endUs !== undefined && span.startUs > query.endUs) return false;
    if (!query.tags) return true;
    const wanted = Object.entries(query.tags);
    if (wanted.length === 0) return true;
    // Jaeger compares tag values as strings, over span and process tags alike.
    const tags = [...spanTags(span, this.meshId, this.targetPortOf), ...processTags(span.proxy)];
    return wanted.every(([key, value]) => tags.some((tag) => tag.key === key && String(tag.value) === value));
  }

  private indexOperation(span: ProxySpan): void {
    const service = processServiceName(span.proxy);
    let operations = this.operationIndex.get(service);
    if (!operations) this.operationIndex.set(service, (operations = new Map()));
    let kinds = operations.get(span.operationName);
    if (!kinds) operations.set(span.operationName, (kinds = new Set()));
    kinds.add(span.kind);
  }

  private evict(): void {
    const oldestKeptMs = this.newestMs - this.retentionMs;
    while (this.head < this.order.length) {
      const oldest = this.order[this.head]!;
      if (this.spans <= this.maxSpans && oldest.endMs >= oldestKeptMs) break;
      this.order[this.head] = undefined; // collectable before the next compaction
      this.head++;
      this.spans -= oldest.spans.length;
      this.byId.delete(oldest.traceId);
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  private sampled(traceId: string): boolean {
    if (this.samplingRatio >= 1) return true;
    if (this.samplingRatio <= 0) return false;
    const low = Number.parseInt(traceId.slice(-8), 16);
    return (Number.isNaN(low) ? 0 : low) / 2 ** 32 < this.samplingRatio;
  }
}

/** Jaeger reads trace ids as hex numbers: case and leading zeros do not matter. */
export function normalizeTraceId(traceId: string): string {
  return traceId.toLowerCase().padStart(32, '0');
}
