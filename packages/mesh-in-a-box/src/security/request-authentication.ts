// RequestAuthentication as Istio's sidecars and gateways enforce it with Envoy's jwt_authn filter. istiod merges the
// jwtRules of every RequestAuthentication that applies to the workload into one provider per rule and requires
// "any provider, or allow_missing" (istio/istio pilot/pkg/security/authn/policy_applier.go): a request without a token
// passes with no request principal, a request with a token that fails any check is refused (istio.io reference,
// RequestAuthentication: "reject a request if the request contains invalid authentication information ... A request
// that does not contain any authentication credentials will be accepted").

import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { KubeObject } from '../store/kube-object.js';
import type { JwtStatus } from './jwt-status.js';
import { oldestFirst, policyApplies, ROOT_NAMESPACE, type WorkloadFacts } from './policy-selection.js';
import { audiencesOf, decodeToken, timeStatus, verifySignature } from './verify-jwt.js';

export interface JwtRule {
  issuer: string;
  audiences?: string[];
  jwksUri?: string;
  /** Inline JWKS, a JSON string. */
  jwks?: string;
  fromHeaders?: { name: string; prefix?: string }[];
  fromParams?: string[];
  forwardOriginalToken?: boolean;
  outputPayloadToHeader?: string;
  outputClaimToHeaders?: { header: string; claim: string }[];
}

/**
 * The key set behind a jwksUri, or undefined when it cannot be had (the simulated Keycloak fills it: S1's
 * `jwksOf` in src/identity). When a rule has no jwksUri the issuer itself is asked (istiod discovers the key set
 * through the issuer's OpenID configuration).
 */
export type JwksOf = (jwksUri: string) => JSONWebKeySet | undefined;

export const NO_JWKS: JwksOf = () => undefined;

/** What the proxy knows of a request whose token verified (Istio's request.auth.* attributes). */
export interface AuthenticatedRequest {
  /** `<iss>/<sub>`: what requestPrincipals match. */
  principal: string;
  claims: JWTPayload;
  audiences: string[];
  /** The `azp` claim. */
  presenter?: string;
}

export type JwtOutcome =
  { ok: true; auth?: AuthenticatedRequest; headers: Record<string, string> } | { ok: false; status: JwtStatus };

/** The merged jwtRules of the RequestAuthentications that apply to a workload, oldest policy first. */
export function jwtRulesFor(
  policies: readonly KubeObject[],
  workload: WorkloadFacts,
  rootNamespace = ROOT_NAMESPACE,
): JwtRule[] {
  return policies
    .filter((p) => policyApplies(p, workload, rootNamespace))
    .sort(oldestFirst)
    .flatMap((p) => (Array.isArray(p.spec?.jwtRules) ? (p.spec.jwtRules as JwtRule[]) : []))
    .filter((r) => typeof r?.issuer === 'string' && r.issuer !== '');
}

// Envoy's default token locations when a provider names none: `Authorization: Bearer <token>`, then the access_token
// query parameter (envoy JwtProvider: "If no explicit location is specified, the following default locations are
// tried in order").
const DEFAULT_HEADER = { name: 'authorization', prefix: 'Bearer ' };
const DEFAULT_PARAM = 'access_token';

interface FoundToken {
  token: string;
  /** Issuers of the rules that read this location: a token whose iss is not among them is refused. */
  rules: JwtRule[];
  header?: string;
}

/** Checks the request's tokens against the rules; on success, the headers the request goes on with. */
export function authenticateRequest(input: {
  rules: readonly JwtRule[];
  headers: Record<string, string>;
  path: string;
  nowMs: number;
  jwksOf: JwksOf;
}): JwtOutcome {
  const { rules, headers } = input;
  if (rules.length === 0) return { ok: true, headers };
  const found = extractTokens(rules, headers, input.path);
  if (found.length === 0) return { ok: true, headers };
  let auth: AuthenticatedRequest | undefined;
  let forwarded = headers;
  for (const { token, rules: atLocation, header } of found) {
    const jwt = decodeToken(token);
    if (!jwt) return { ok: false, status: 'JwtBadFormat' };
    const rule = atLocation.find((r) => r.issuer === jwt.payload.iss);
    if (!rule) return { ok: false, status: 'JwtUnknownIssuer' };
    const late = timeStatus(jwt.payload, Math.floor(input.nowMs / 1000));
    if (late) return { ok: false, status: late };
    const audiences = audiencesOf(jwt.payload);
    if (rule.audiences?.length && !audiences.some((a) => rule.audiences!.includes(a)))
      return { ok: false, status: 'JwtAudienceNotAllowed' };
    const keys = keysOf(rule, input.jwksOf);
    const signature = keys ? verifySignature(jwt, token, keys) : 'JwksKidAlgMismatch';
    if (signature !== 'ok') return { ok: false, status: signature };
    forwarded = forwardHeaders(forwarded, rule, jwt.payload, header);
    auth ??= {
      principal: `${String(jwt.payload.iss)}/${String(jwt.payload.sub ?? '')}`,
      claims: jwt.payload,
      audiences,
      ...(typeof jwt.payload['azp'] === 'string' ? { presenter: jwt.payload['azp'] } : {}),
    };
  }
  return { ok: true, auth, headers: forwarded };
}

function extractTokens(rules: readonly JwtRule[], headers: Record<string, string>, path: string): FoundToken[] {
  const byToken = new Map<string, FoundToken>();
  const add = (token: string, rule: JwtRule, header?: string) => {
    const found = byToken.get(token);
    if (found) found.rules.push(rule);
    else byToken.set(token, { token, rules: [rule], ...(header ? { header } : {}) });
  };
  const query = new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
  for (const rule of rules) {
    const explicit = Boolean(rule.fromHeaders?.length || rule.fromParams?.length);
    const locations = explicit ? (rule.fromHeaders ?? []) : [DEFAULT_HEADER];
    for (const location of locations) {
      const name = location.name.toLowerCase();
      const value = headerValue(headers, name);
      if (value === undefined) continue;
      const prefix = location.prefix ?? '';
      if (!value.startsWith(prefix)) continue;
      const token = value.slice(prefix.length).trim();
      if (token) add(token, rule, name);
    }
    for (const param of explicit ? (rule.fromParams ?? []) : [DEFAULT_PARAM]) {
      const token = query.get(param);
      if (token) add(token, rule);
    }
  }
  return [...byToken.values()];
}

function headerValue(headers: Record<string, string>, lowerName: string): string | undefined {
  if (lowerName in headers) return headers[lowerName];
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === lowerName) return value;
  return undefined;
}

const inlineKeys = new Map<string, JSONWebKeySet | null>();

function keysOf(rule: JwtRule, jwksOf: JwksOf): JSONWebKeySet | undefined {
  if (rule.jwks) {
    let keys = inlineKeys.get(rule.jwks);
    if (keys === undefined) {
      try {
        keys = JSON.parse(rule.jwks) as JSONWebKeySet;
      } catch {
        keys = null; // istiod rejects the policy's key set: no key fits any token
      }
      inlineKeys.set(rule.jwks, keys);
    }
    return keys ?? undefined;
  }
  return jwksOf(rule.jwksUri ?? rule.issuer);
}

/**
 * After a success Envoy drops the token's header unless forwardOriginalToken (JwtProvider.forward, false by default),
 * and adds the payload (base64url JSON) and the claims the rule asks for as headers.
 */
function forwardHeaders(
  headers: Record<string, string>,
  rule: JwtRule,
  payload: JWTPayload,
  tokenHeader: string | undefined,
): Record<string, string> {
  const forwardsAll = rule.forwardOriginalToken === true || tokenHeader === undefined;
  if (forwardsAll && !rule.outputPayloadToHeader && !rule.outputClaimToHeaders?.length) return headers;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (forwardsAll || name.toLowerCase() !== tokenHeader) out[name] = value;
  if (rule.outputPayloadToHeader)
    out[rule.outputPayloadToHeader.toLowerCase()] = Buffer.from(JSON.stringify(payload)).toString('base64url');
  for (const { header, claim } of rule.outputClaimToHeaders ?? []) {
    const value = payload[claim];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[header.toLowerCase()] = String(value);
  }
  return out;
}
