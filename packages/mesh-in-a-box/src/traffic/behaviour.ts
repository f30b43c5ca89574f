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
