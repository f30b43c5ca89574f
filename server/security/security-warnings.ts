// Warnings no analyzer gives, because they need the traffic of the window as well as the policies:
// - STRICT in force while callers without mTLS were seen: once enforced, Envoy resets their connections before any
//   HTTP exchange, so the caller sees failures and the server's metrics see nothing (issue 18);
// - an ALLOW policy that would refuse calls seen in the window (ALLOW present: anything it does not name is denied);
// - a RequestAuthentication with no AuthorizationPolicy requiring a request principal: tokens are checked only when
//   present, a request without one passes (istio.io, tasks/security/authentication/authn-policy "end-user
//   authentication": "requests without a token are accepted" unless an authorization policy requires one).
import type { MtlsPort, PolicyRef, SecurityWarning } from '../../lib/api/security.js';
import type { AuthzPolicy } from './authz-policy.js';
import { callerName, factsOf, refusedByProxy, type EvaluableCall } from './evaluable-calls.js';
import { evaluateAuthz } from './evaluate-authz.js';
import type { KubeObject } from '../sources/kubernetes.js';

const refOf = (o: KubeObject, kind: string): PolicyRef => ({
  kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

function strictPlaintext(
  ports: readonly MtlsPort[],
  hasSidecar: boolean,
  calls: readonly EvaluableCall[],
): SecurityWarning | null {
  const strict = ports.filter((p) => p.mode === 'STRICT');
  if (!hasSidecar || strict.length === 0) return null;
  const strictPorts = new Set(strict.map((p) => p.port));
  const others = new Set(ports.filter((p) => p.port !== null && p.mode !== 'STRICT').map((p) => p.port));
  // A plaintext call on a port the workload-wide STRICT covers (a port-level PERMISSIVE/DISABLE exempts it).
  const plain = calls.filter((c) => {
    if (c.mtls !== false) return false;
    const port = c.operation.port;
    if (port !== null && others.has(port)) return false;
    return strictPorts.has(null) || (port !== null && strictPorts.has(port));
  });
  if (plain.length === 0) return null;
  const callers = [...new Set(plain.map((c) => callerName(c.source)))].sort();
  const policies = [
    ...new Map(
      strict.filter((p) => p.policy).map((p) => [`${p.policy!.namespace}/${p.policy!.name}`, p.policy!]),
    ).values(),
  ];
  const requests = plain.reduce((n, c) => n + c.requests, 0);
  return {
    kind: 'strict-plaintext-callers',
    message: `mTLS STRICT is in force, but ${callers.join(', ')} called in plaintext in the window (${requests} requests). Their connections are refused before any HTTP exchange: they fail, and this workload's metrics do not show it.`,
    policies,
    callers,
    fix: `Give ${callers.join(', ')} a sidecar (label the namespace istio-injection=enabled and restart it), or keep this workload PERMISSIVE (a workload PeerAuthentication or portLevelMtls) until it has one.`,
  };
}

function allowRefusesSeen(
  authz: readonly AuthzPolicy[],
  jwtChecked: boolean,
  calls: readonly EvaluableCall[],
): SecurityWarning | null {
  const allows = authz.filter((p) => p.action === 'ALLOW' && !p.dryRun);
  if (allows.length === 0) return null;
  const refused = calls.filter(
    (c) => !refusedByProxy(c) && evaluateAuthz(authz, factsOf(c, jwtChecked)).decision === 'deny',
  );
  if (refused.length === 0) return null;
  const callers = [...new Set(refused.map((c) => callerName(c.source)))].sort();
  const requests = refused.reduce((n, c) => n + c.requests, 0);
  return {
    kind: 'allow-refuses-seen-traffic',
    message: `The ALLOW policies in force (${allows.map((p) => p.ref.name).join(', ')}) name no rule for ${callers.join(', ')}, whose ${requests} requests passed in the window: from now on they are denied with 403 RBAC: access denied.`,
    policies: allows.map((p) => p.ref),
    callers,
    fix: `If ${callers.join(', ')} should still call this workload, add a rule for them (principals or namespaces, with the paths they use) to an ALLOW policy; otherwise nothing to do.`,
  };
}

/** Does any policy in force refuse a request for lacking a request principal? */
function requiresPrincipal(authz: readonly AuthzPolicy[]): boolean {
  return authz.some(
    (p) =>
      !p.dryRun &&
      p.rules.some((r) =>
        p.action === 'ALLOW'
          ? r.from.some((s) => s.requestPrincipals !== undefined) ||
            r.when.some((c) => c.key.startsWith('request.auth.') && c.values !== undefined)
          : p.action === 'DENY' && r.from.some((s) => s.notRequestPrincipals !== undefined),
      ),
  );
}

function jwtWithoutRequirement(
  requestAuthns: readonly KubeObject[],
  authz: readonly AuthzPolicy[],
): SecurityWarning | null {
  if (requestAuthns.length === 0 || requiresPrincipal(authz)) return null;
  return {
    kind: 'jwt-without-requirement',
    message: `RequestAuthentication ${requestAuthns.map((o) => o.metadata.name).join(', ')} checks tokens only when a request carries one: no AuthorizationPolicy in force requires a request principal, so a request without a token passes.`,
    policies: requestAuthns.map((o) => refOf(o, 'RequestAuthentication')),
    callers: [],
    fix: 'Add an AuthorizationPolicy (ALLOW with from.source.requestPrincipals: ["*"], or DENY with notRequestPrincipals: ["*"]) on the paths that need a signed-in user.',
  };
}

export function securityWarnings(input: {
  ports: readonly MtlsPort[];
  hasSidecar: boolean;
  authz: readonly AuthzPolicy[];
  requestAuthns: readonly KubeObject[];
  calls: readonly EvaluableCall[];
}): SecurityWarning[] {
  const jwtChecked = input.requestAuthns.length > 0;
  return [
    strictPlaintext(input.ports, input.hasSidecar, input.calls),
    allowRefusesSeen(input.authz, jwtChecked, input.calls),
    jwtWithoutRequirement(input.requestAuthns, input.authz),
  ].filter((w): w is SecurityWarning => w !== null);
}
