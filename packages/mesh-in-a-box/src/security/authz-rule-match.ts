// Whether one AuthorizationPolicy rule matches a request (istio.io reference, AuthorizationPolicy, Rule: "A match
// occurs when at least one source, one operation and all conditions matches the request. An empty rule is always
// matched." Within a source or operation every field set must match, a field matches when any of its values does, and
// a not-field when none does). Peer identities (principals, namespaces, source.principal, source.namespace) come only
// from a mutual TLS peer certificate: on plaintext they are absent, so they never match.

import type { AuthenticatedRequest } from './request-authentication.js';
import { inIpBlocks, matchesAny, matchesHost } from './authz-values.js';

/** What the server's proxy knows about one request when its RBAC filters run. */
export interface AuthzRequest {
  method: string;
  /** The request path; the query is not part of what `paths` match. */
  path: string;
  /** The Host / :authority header. */
  host: string;
  /** The port the proxy received the request on: the workload's container port (the gateway's 8080). */
  port: number;
  headers: Record<string, string>;
  /** The connection's peer address (ipBlocks, source.ip). */
  sourceIp: string;
  /** The original client address (remoteIpBlocks, remote.ip); the peer's when no trusted proxy forwarded it. */
  remoteIp: string;
  destinationIp: string;
  /** Present only on mutual TLS: `cluster.local/ns/<ns>/sa/<sa>` and its namespace. */
  peer?: { principal: string; namespace: string };
  /** Present when a token verified. */
  auth?: AuthenticatedRequest;
  sni?: string;
}

export interface Source {
  principals?: string[];
  notPrincipals?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  notRemoteIpBlocks?: string[];
}

export interface Operation {
  hosts?: string[];
  notHosts?: string[];
  ports?: string[];
  notPorts?: string[];
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}

export interface Condition {
  key: string;
  values?: string[];
  notValues?: string[];
}

export interface Rule {
  from?: { source?: Source }[];
  to?: { operation?: Operation }[];
  when?: Condition[];
}

export function ruleMatches(rule: Rule, request: AuthzRequest): boolean {
  if (rule.from?.length && !rule.from.some((f) => sourceMatches(f.source ?? {}, request))) return false;
  if (rule.to?.length && !rule.to.some((t) => operationMatches(t.operation ?? {}, request))) return false;
  for (const condition of rule.when ?? []) if (!conditionMatches(condition, request)) return false;
  return true;
}

/** A field set must match (any value), a not-field must not (no value). */
function field<T>(
  values: readonly string[] | undefined,
  notValues: readonly string[] | undefined,
  test: T,
  match: (p: readonly string[], v: T) => boolean,
): boolean {
  if (values && !match(values, test)) return false;
  if (notValues && match(notValues, test)) return false;
  return true;
}

function sourceMatches(source: Source, request: AuthzRequest): boolean {
  const peer = request.peer;
  return (
    field(source.principals, source.notPrincipals, peer?.principal, matchesAny) &&
    field(source.requestPrincipals, source.notRequestPrincipals, request.auth?.principal, matchesAny) &&
    field(source.namespaces, source.notNamespaces, peer?.namespace, matchesAny) &&
    field(source.ipBlocks, source.notIpBlocks, request.sourceIp, inIpBlocks) &&
    field(source.remoteIpBlocks, source.notRemoteIpBlocks, request.remoteIp, inIpBlocks)
  );
}

function operationMatches(operation: Operation, request: AuthzRequest): boolean {
  const path = pathOnly(request.path);
  return (
    field(operation.hosts, operation.notHosts, request.host, matchesHost) &&
    field(operation.ports, operation.notPorts, String(request.port), matchesAny) &&
    field(operation.methods, operation.notMethods, request.method, matchesAny) &&
    field(operation.paths, operation.notPaths, path, matchesAny)
  );
}

/** The path without query or fragment: Istio matches `paths` with Envoy's url_path matcher. */
function pathOnly(path: string): string {
  const query = path.indexOf('?');
  const fragment = path.indexOf('#');
  const end = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  return end < 0 ? path : path.slice(0, end);
}

// request.auth.claims[groups] or nested request.auth.claims[a][b].
const CLAIM_KEY = /^request\.auth\.claims((?:\[[^\]]+\])+)$/;
const HEADER_KEY = /^request\.headers\[([^\]]+)\]$/;

function conditionMatches(condition: Condition, request: AuthzRequest): boolean {
  const values = conditionValues(condition.key, request);
  const ipKey = condition.key === 'source.ip' || condition.key === 'remote.ip' || condition.key === 'destination.ip';
  const test = (patterns: readonly string[]) =>
    values.some((v) => (ipKey ? inIpBlocks(patterns, v) : matchesAny(patterns, v)));
  if (condition.values && !test(condition.values)) return false;
  if (condition.notValues && test(condition.notValues)) return false;
  return true;
}

/** The request's values for a condition key; a list claim gives each of its strings. Unknown keys give none. */
function conditionValues(key: string, request: AuthzRequest): string[] {
  const one = (v: string | undefined) => (v === undefined || v === '' ? [] : [v]);
  switch (key) {
    case 'source.ip':
      return one(request.sourceIp);
    case 'remote.ip':
      return one(request.remoteIp);
    case 'source.namespace':
      return one(request.peer?.namespace);
    case 'source.principal':
      return one(request.peer?.principal);
    case 'request.auth.principal':
      return one(request.auth?.principal);
    case 'request.auth.audiences':
      return request.auth?.audiences ?? [];
    case 'request.auth.presenter':
      return one(request.auth?.presenter);
    case 'destination.ip':
      return one(request.destinationIp);
    case 'destination.port':
      return one(String(request.port));
    case 'connection.sni':
      return one(request.sni);
  }
  const header = HEADER_KEY.exec(key);
  if (header) {
    const name = header[1]!.toLowerCase();
    for (const [k, v] of Object.entries(request.headers)) if (k.toLowerCase() === name) return one(v);
    return [];
  }
  const claim = CLAIM_KEY.exec(key);
  if (claim && request.auth) {
    let value: unknown = request.auth.claims;
    for (const [, name] of claim[1]!.matchAll(/\[([^\]]+)\]/g)) {
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[name!] : undefined;
    }
    if (typeof value === 'string') return one(value);
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
    return [];
  }
  return [];
}
