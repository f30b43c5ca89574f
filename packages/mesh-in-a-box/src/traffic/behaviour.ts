import type { Protocol } from './hop.js';

/** A call a workload makes to another service while it serves a request. */
export interface OutboundCall {
  host: string; // as the app would dial it: 'sa-logic', 'ratings.bookinfo', 'api.example.com'
  port: number;
  protocol: Protocol;
  method: string; // 'GET', 'POST'; for gRPC the service method path goes in `path`
  path: string;
  probability?: number; // chance the call is made per inbound request; 1 when absent
  /** Only when the inbound request's path starts with this. */
  whenPathPrefix?: string;
  /** When the call fails, the app fails the request too (500, gRPC INTERNAL). Default true; false for optional calls. */
  critical?: boolean;
  /** Request headers the app copies onto this call, besides its behaviour's forwardHeaders. */
  forwardHeaders?: string[];
}

/** How a workload's application (not its proxy) answers requests. */
export interface Behaviour {
  /** Log-normal service time of the app itself, without downstream calls. */
  latencyMs: { median: number; p95: number };
  /** Share of requests answered 500 at once. */
  errorRatio: number;
  /**
   * The sentiment-analysis logic image's FAIL_RANDOMLY mode: a third of requests answer 500 at once, a third answer
   * 500 after a 30 s delay, the rest succeed.
   */
  failRandomly?: boolean;
  calls: OutboundCall[];
  responseBytes: { mean: number };
  /**
   * Headers of the request it serves that the app copies onto every call it makes (case-insensitive names). A proxy
   * forwards nothing from one request to another: a real app must propagate what its callees route on itself, as
   * Istio's docs say of the trace headers (istio.io "Distributed Tracing overview": "applications need to propagate
   * the appropriate headers"). The trace context and x-request-id are carried by the model apart from this list; the
   * article's dark launch needs sa-webapp to forward x-usertype so that sa-logic's route can match it.
   */
  forwardHeaders?: string[];
}

/** Traffic that enters the mesh from a client the mesh does not know (or from a workload of its own). */
export interface ClientTraffic {
  name: string;
  /** Where requests are sent from: 'outside' for a client outside the cluster, or a workload as namespace/name. */
  from: 'outside' | `${string}/${string}`;
  /** Service host and port the client dials (for 'outside': the ingress gateway service). */
  host: string;
  port: number;
  rps: number;
  requests: { method: string; path: string; weight: number; headers?: Record<string, string>; authority?: string }[];
}

/** Pod annotation that carries a workload's Behaviour as JSON (the synthetic scenario uses it). */
export const BEHAVIOUR_ANNOTATION = 'demo.sextant.dev/behaviour';

/** The headers of `inbound` named in `names` (case-insensitive), lower-cased, for an outbound call. */
export function forwardedHeaders(inbound: Record<string, string>, names: readonly string[]): Record<string, string> {
  if (names.length === 0) return {};
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(inbound))
    if (wanted.has(name.toLowerCase())) out[name.toLowerCase()] = value;
  return out;
}
