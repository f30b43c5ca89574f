// Does one rule of an AuthorizationPolicy match a request, as Istio documents it (istio.io, reference/config/security/
// authorization-policy and concepts/security "Authorization policy"): in a rule, `from`, `to` and `when` must all
// match; a list of sources or operations matches when any entry does; inside an entry every field set must match, and
// a field matches when any of its values does (`notX` when none does); a field left out is no constraint. Values are
// exact, `prefix*`, `*suffix` or `*` (server/validation's policyMatch, the one reading of that syntax).
//
// The console sees only part of a request, so a match is three-valued: 'unknown' when the rule asks about a fact the
// console could not observe (a JWT's principal or claims, a header, an IP): never a guess.
import { policyMatch } from '../validation/rules/authorization-policy.js';
import type { AuthzCondition, AuthzOperation, AuthzRule, AuthzSource } from './authz-policy.js';

export type Match = 'yes' | 'no' | 'unknown';

/**
 * What the console knows of one request. `undefined`: not observed; `null`: observed to be absent (no mTLS, so no
 * peer principal; no RequestAuthentication in force, so no request principal).
 */
export interface RequestFacts {
  /** The peer's SPIFFE id without `spiffe://` (`cluster.local/ns/demo/sa/x`), only with mTLS. */
  principal: string | null | undefined;
  /** The JWT's `iss/sub`. */
  requestPrincipal: string | null | undefined;
  /** The JWT's claims, each as strings (a list claim lists its items). */
  claims?: Record<string, string[]> | undefined;
  method?: string | undefined;
  /** Without the query string: Istio matches the path alone. */
  path?: string | undefined;
  /** The workload's (container) port the request arrived on. */
  port?: number | undefined;
  host?: string | undefined;
  sourceIp?: string | undefined;
}

export function all(matches: Iterable<Match>): Match {
  let result: Match = 'yes';
  for (const m of matches) {
    if (m === 'no') return 'no';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

export function any(matches: Iterable<Match>): Match {
  let result: Match = 'no';
  for (const m of matches) {
    if (m === 'yes') return 'yes';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

const not = (m: Match): Match => (m === 'yes' ? 'no' : m === 'no' ? 'yes' : 'unknown');

/** A fact against a field's values; an absent fact (null) matches no value, `*` included ("any authenticated"). */
function field(values: string[] | undefined, fact: string | null | undefined, match = policyMatch): Match {
  if (values === undefined) return 'yes';
  if (fact === undefined) return 'unknown';
  if (fact === null) return 'no';
  return values.some((v) => match(v, fact)) ? 'yes' : 'no';
}

function pair(
  values: string[] | undefined,
  notValues: string[] | undefined,
  fact: string | null | undefined,
  match = policyMatch,
): Match {
  const positive = field(values, fact, match);
  // notX: matches when the fact is none of the values (an absent fact is none of them).
  const negative = notValues === undefined ? 'yes' : fact === null ? 'yes' : not(field(notValues, fact, match));
  return all([positive, negative]);
}

/** The namespace Istio reads from the peer certificate (`…/ns/<ns>/sa/…`): present only with mTLS. */
export function namespaceOfPrincipal(principal: string | null | undefined): string | null | undefined {
  if (principal === undefined || principal === null) return principal;
  return /\/ns\/([^/]+)\//.exec(`${principal}/`)?.[1] ?? null;
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  if (!base || !/^\d+\.\d+\.\d+\.\d+$/.test(base) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return base === ip;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const size = 2 ** (32 - bits);
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

/** The matches of `checks` in order, stopping at the first 'no' (most rules fail on their first field). */
function allOf(...checks: (() => Match)[]): Match {
  let result: Match = 'yes';
  for (const check of checks) {
    const m = check();
    if (m === 'no') return 'no';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

function sourceMatches(s: AuthzSource, r: RequestFacts): Match {
  return allOf(
    () => (s.principals || s.notPrincipals ? pair(s.principals, s.notPrincipals, r.principal) : 'yes'),
    () =>
      s.requestPrincipals || s.notRequestPrincipals
        ? pair(s.requestPrincipals, s.notRequestPrincipals, r.requestPrincipal)
        : 'yes',
    () =>
      s.namespaces || s.notNamespaces ? pair(s.namespaces, s.notNamespaces, namespaceOfPrincipal(r.principal)) : 'yes',
    () => (s.ipBlocks || s.notIpBlocks ? pair(s.ipBlocks, s.notIpBlocks, r.sourceIp, ipInCidr) : 'yes'),
    () =>
      s.remoteIpBlocks || s.notRemoteIpBlocks
        ? pair(s.remoteIpBlocks, s.notRemoteIpBlocks, r.sourceIp, ipInCidr)
        : 'yes',
  );
}

// Hosts are compared case-insensitively, with or without the port (Istio's hosts field).
const hostMatch = (pattern: string, host: string) => {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  return policyMatch(p, h) || policyMatch(p, h.replace(/:\d+$/, ''));
};

function operationMatches(o: AuthzOperation, r: RequestFacts): Match {
  return allOf(
    () => (o.methods || o.notMethods ? pair(o.methods, o.notMethods, r.method) : 'yes'),
    () => (o.paths || o.notPaths ? pair(o.paths, o.notPaths, r.path) : 'yes'),
    () =>
      o.ports || o.notPorts ? pair(o.ports, o.notPorts, r.port === undefined ? undefined : String(r.port)) : 'yes',
    () => (o.hosts || o.notHosts ? pair(o.hosts, o.notHosts, r.host, hostMatch) : 'yes'),
  );
}

/** A `when` key's fact: the JWT's claims and principal, the peer's identity, the port; others are not observed. */
function conditionFact(key: string, r: RequestFacts): string[] | null | undefined {
  const claim = /^request\.auth\.claims((?:\[[^\]]+\])+)$/.exec(key);
  const noJwt = r.requestPrincipal === null;
  if (claim) {
    if (noJwt) return null;
    if (!r.claims) return undefined;
    const path = [...claim[1]!.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!).join('.');
    return r.claims[path] ?? null;
  }
  switch (key) {
    case 'request.auth.principal':
      return r.requestPrincipal === undefined ? undefined : r.requestPrincipal === null ? null : [r.requestPrincipal];
    case 'request.auth.audiences':
    case 'request.auth.presenter':
      return noJwt ? null : undefined;
    case 'source.principal':
      return r.principal === undefined ? undefined : r.principal === null ? null : [r.principal];
    case 'source.namespace': {
      const ns = namespaceOfPrincipal(r.principal);
      return ns === undefined ? undefined : ns === null ? null : [ns];
    }
    case 'destination.port':
      return r.port === undefined ? undefined : [String(r.port)];
    case 'source.ip':
    case 'remote.ip':
      return r.sourceIp === undefined ? undefined : [r.sourceIp];
    default:
      return undefined; // request.headers[…], destination.ip, connection.sni, experimental.*: not observed
  }
}

function conditionMatches(c: AuthzCondition, r: RequestFacts): Match {
  const facts = conditionFact(c.key, r);
  const isIp = c.key === 'source.ip' || c.key === 'remote.ip';
  const one = (v: string, fact: string) => (isIp ? ipInCidr(fact, v) : policyMatch(v, fact));
  const anyOf = (values: string[]): Match =>
    facts === undefined
      ? 'unknown'
      : facts === null
        ? 'no'
        : values.some((v) => facts.some((f) => one(v, f)))
          ? 'yes'
          : 'no';
  return all([
    c.values === undefined ? 'yes' : anyOf(c.values),
    c.notValues === undefined ? 'yes' : facts === null ? 'yes' : not(anyOf(c.notValues)),
  ]);
}

export function ruleMatches(rule: AuthzRule, r: RequestFacts): Match {
  return allOf(
    () => (rule.from.length === 0 ? 'yes' : any(rule.from.map((s) => sourceMatches(s, r)))),
    () => (rule.to.length === 0 ? 'yes' : any(rule.to.map((o) => operationMatches(o, r)))),
    () => (rule.when.length === 0 ? 'yes' : all(rule.when.map((c) => conditionMatches(c, r)))),
  );
}
