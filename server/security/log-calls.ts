// The calls a workload's sidecars logged (their access log, Istio's TEXT or JSON format or the mesh's own): what the
// metrics cannot say. Only the server side's lines count (UPSTREAM_CLUSTER `inbound|<port>||`: the request arrived
// at this workload; of a gateway, which has no inbound side, every line). From each line: the method and the path
// without its query (Istio's paths match the path alone), the port it arrived on (DOWNSTREAM_LOCAL_ADDRESS, the
// original destination), who called (DOWNSTREAM_REMOTE_ADDRESS: the caller's pod IP, looked up among the pods),
// whether it was mTLS (REQUESTED_SERVER_NAME: a sidecar's `outbound_.<port>_._.<host>` SNI; plaintext has none), and
// the proxy's own answer (RESPONSE_CODE_DETAILS).
import type { AccessLogFields } from '../../lib/api/logs.js';
import type { CallSource } from '../../lib/api/security.js';
import { sourceKey, type DenialEvidence } from './observed-calls.js';

export interface PodIdentity {
  namespace: string;
  workload: string;
  serviceAccount: string;
  hasSidecar: boolean;
}

export interface LogCall {
  destination: { workload: string; namespace: string };
  source: CallSource;
  mtls: boolean | null;
  method: string | null;
  path: string | null;
  port: number | null;
  responseCode: string;
  details: string;
  requests: number;
}

const read = (f: AccessLogFields, text: string, json: string) => {
  const v = f.all[text] ?? f.all[json];
  return v === undefined || v === '-' || v === '' ? null : v;
};

/** Where the `:<digits>` port at the end of an address starts, or -1 (read on every line: no regex). */
function portColon(address: string): number {
  const colon = address.lastIndexOf(':');
  if (colon < 0 || colon === address.length - 1) return -1;
  for (let i = colon + 1; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return colon;
}

const portOf = (address: string | null) => {
  const colon = address ? portColon(address) : -1;
  return colon < 0 ? null : Number(address!.slice(colon + 1));
};

/** The host of `ip:port` or `[ipv6]:port`; an address without a port as written. */
function ipOf(address: string | null): string | null {
  if (!address) return null;
  const colon = portColon(address);
  if (colon < 0) return address;
  const start = address.charCodeAt(0) === 91 /* [ */ ? 1 : 0;
  const end = colon > start && address.charCodeAt(colon - 1) === 93 /* ] */ ? colon - 1 : colon;
  const host = address.slice(start, end);
  return host.includes(']') ? address : host;
}

/**
 * What one server-side access-log line tells logCalls, and nothing more: kept per pod between calls (the logged-calls
 * cache), so its strings are interned and its numbers small.
 */
export interface LogFact {
  /** The kubelet's timestamp of the line, epoch ms (NaN when the line had none). */
  ms: number;
  remoteIp: string | null;
  /** From the SNI (a sidecar's `outbound_.…`); null on a gateway, where the SNI is its clients' host. */
  mtls: boolean | null;
  method: string | null;
  /** Without its query: Istio's paths match the path alone. */
  path: string | null;
  port: number | null;
  responseCode: string;
  details: string;
}

/** Keeps one copy of each distinct string (methods, paths, IPs, details repeat on every line). */
export type Intern = (value: string | null) => string | null;
const noIntern: Intern = (v) => v;

/** An intern table, and how many strings it holds. */
export function createIntern(): Intern & { size: () => number } {
  const seen = new Map<string, string>();
  const intern: Intern = (value) => {
    if (value === null) return null;
    const held = seen.get(value);
    if (held !== undefined) return held;
    seen.set(value, value);
    return value;
  };
  return Object.assign(intern, { size: () => seen.size });
}

/** The line's fact, or null when it is not the server side's (a sidecar's outbound line; every line of a gateway counts). */
export function logFact(f: AccessLogFields, ms: number, gateway: boolean, intern: Intern = noIntern): LogFact | null {
  if (!gateway && !f.upstreamCluster?.startsWith('inbound|')) return null;
  const sni = read(f, 'REQUESTED_SERVER_NAME', 'requested_server_name');
  return {
    ms,
    remoteIp: intern(ipOf(read(f, 'DOWNSTREAM_REMOTE_ADDRESS', 'downstream_remote_address'))),
    // A gateway's SNI is the host its clients asked for, not a sign of Istio's mTLS: unknown there.
    mtls: gateway ? null : sni ? sni.startsWith('outbound_') : false,
    method: intern(f.method),
    path: intern(f.path ? f.path.split('?')[0]! : null),
    port: portOf(read(f, 'DOWNSTREAM_LOCAL_ADDRESS', 'downstream_local_address')),
    responseCode: intern(f.responseCode === null ? '0' : String(f.responseCode))!,
    details: intern(read(f, 'RESPONSE_CODE_DETAILS', 'response_code_details') ?? '-')!,
  };
}

/** The facts of one workload's pods as its calls, per caller × mTLS × operation × code, and the 401/403 evidence. */
export function callsFromFacts(input: {
  destination: { workload: string; namespace: string };
  facts: Iterable<LogFact>;
  podsByIp: ReadonlyMap<string, PodIdentity>;
  /** meshConfig.trustDomain (cluster.local by default): the first part of a SPIFFE principal. */
  trustDomain: string;
}): { calls: LogCall[]; evidence: DenialEvidence[] } {
  const calls = new Map<string, LogCall>();
  const evidence = new Map<string, DenialEvidence>();
  for (const f of input.facts) {
    const pod = f.remoteIp ? input.podsByIp.get(f.remoteIp) : undefined;
    const { mtls, responseCode, details, path, port } = f;
    const source: CallSource = {
      workload: pod?.workload ?? null,
      namespace: pod?.namespace ?? null,
      principal: mtls && pod ? `${input.trustDomain}/ns/${pod.namespace}/sa/${pod.serviceAccount}` : null,
    };
    const key = [sourceKey(source), source.principal, mtls, f.method, path, port, responseCode, details].join('\u0000');
    const call = calls.get(key);
    if (call) call.requests++;
    else
      calls.set(key, {
        destination: input.destination,
        source,
        mtls,
        method: f.method,
        path,
        port,
        responseCode,
        details,
        requests: 1,
      });
    if (responseCode === '401' || responseCode === '403') {
      const ekey = `${sourceKey(source)}\u0000${responseCode}\u0000${details}`;
      const e = evidence.get(ekey);
      if (e) e.count++;
      else evidence.set(ekey, { source: sourceKey(source), responseCode, details, count: 1 });
    }
  }
  return { calls: [...calls.values()], evidence: [...evidence.values()] };
}

/** The parsed lines of one workload's sidecars as its calls (logFact, then callsFromFacts). */
export function logCalls(input: {
  destination: { workload: string; namespace: string };
  lines: readonly AccessLogFields[];
  podsByIp: ReadonlyMap<string, PodIdentity>;
  trustDomain: string;
  /** A gateway logs each request it received once, with the cluster it sent it to (or none, if it answered itself). */
  gateway?: boolean;
}): { calls: LogCall[]; evidence: DenialEvidence[] } {
  const facts: LogFact[] = [];
  for (const line of input.lines) {
    const fact = logFact(line, NaN, input.gateway ?? false);
    if (fact) facts.push(fact);
  }
  return callsFromFacts({ ...input, facts });
}
