// The HTTP security filters a proxy runs on a request before it routes it: jwt_authn (RequestAuthentication), then
// the RBAC filters (AuthorizationPolicy), in the order istiod puts them in the chain (istio/istio
// pilot/pkg/networking/core/listener_builder.go: authn filters, then authz). A refusal is a local reply of the proxy:
// the app (or, at a gateway, the upstream) never sees the request.

import { evaluateAuthz, rbacDetails, type RbacCounts } from './authorization-policy.js';
import type { AuthzRequest } from './authz-rule-match.js';
import { JWT_STATUS_TEXT, jwtDetails, jwtStatusCode } from './jwt-status.js';
import { authenticateRequest, type AuthenticatedRequest, type JwksOf } from './request-authentication.js';
import type { WorkloadSecurity } from './security-index.js';

export type LocalReplyKind = 'jwt' | 'rbac' | 'ext_authz';

/** A proxy's own answer to a request it refused, as Envoy sends and logs it. */
export interface LocalReply {
  kind: LocalReplyKind;
  /** The HTTP status on the wire; a gRPC request gets 200 with grpcStatus. */
  code: number;
  grpcStatus?: number;
  body: string;
  details: string;
  /** '-' or the response flag Envoy sets (ext_authz failures set UAEX; RBAC and jwt_authn set none). */
  flags: string;
  headers: Record<string, string>;
}

export type InboundVerdict =
  | { ok: true; auth?: AuthenticatedRequest; headers: Record<string, string>; rbac?: RbacCounts }
  | { ok: false; reply: LocalReply; rbac?: RbacCounts };

const RBAC_DENIED_BODY = 'RBAC: access denied';
// envoy source/common/grpc/status.cc httpToGrpcStatus: 401 → UNAUTHENTICATED, 403 → PERMISSION_DENIED.
const GRPC_STATUS: Record<number, number> = { 401: 16, 403: 7 };

export function checkInbound(input: {
  security: WorkloadSecurity;
  request: Omit<AuthzRequest, 'auth'>;
  protocol: 'http' | 'grpc';
  nowMs: number;
  jwksOf: JwksOf;
  extensionProviders: ReadonlySet<string>;
}): InboundVerdict {
  const { security, request } = input;
  if (security.open) return { ok: true, headers: request.headers };
  const jwt = authenticateRequest({
    rules: security.jwtRules,
    headers: request.headers,
    path: request.path,
    nowMs: input.nowMs,
    jwksOf: input.jwksOf,
  });
  if (!jwt.ok) {
    const code = jwtStatusCode(jwt.status);
    // RFC 6750 challenge with the request's original URL as realm, on 401 only (envoy jwt_authn filter.cc,
    // Http::Utility::buildOriginalUri; shared/fixtures/wire/istio-jwt-401-headers.txt).
    const headers: Record<string, string> =
      code === 401
        ? { 'www-authenticate': `Bearer realm="http://${request.host}${request.path}", error="invalid_token"` }
        : {};
    return {
      ok: false,
      reply: localReply(input.protocol, {
        kind: 'jwt',
        code,
        body: JWT_STATUS_TEXT[jwt.status],
        details: jwtDetails(jwt.status),
        headers,
      }),
    };
  }
  const decision = evaluateAuthz(security.authz, { ...request, auth: jwt.auth }, input.extensionProviders);
  const rbac = decision.counts;
  if (decision.allowed) return { ok: true, auth: jwt.auth, headers: jwt.headers, rbac };
  if (decision.extAuthzError) {
    // ext_authz with its service unreachable answers status_on_error (403) and flags UAEX (envoy ext_authz filter).
    const reply = localReply(input.protocol, {
      kind: 'ext_authz',
      code: 403,
      body: '',
      details: 'ext_authz_error',
      headers: {},
    });
    return { ok: false, reply: { ...reply, flags: 'UAEX' }, rbac };
  }
  const reply = localReply(input.protocol, {
    kind: 'rbac',
    code: 403,
    body: RBAC_DENIED_BODY,
    details: rbacDetails(decision.policyId!),
    headers: {},
  });
  return { ok: false, reply, rbac };
}

/** For gRPC, Envoy's local reply is a trailers-only 200 whose grpc-status stands for the HTTP code, with no body. */
function localReply(protocol: 'http' | 'grpc', reply: Omit<LocalReply, 'flags'>): LocalReply {
  if (protocol !== 'grpc') return { ...reply, flags: '-' };
  return {
    ...reply,
    code: 200,
    grpcStatus: GRPC_STATUS[reply.code] ?? 2,
    body: '',
    flags: '-',
    headers: { ...reply.headers, 'grpc-message': reply.body },
  };
}
