// AuthorizationPolicy: source namespaces and principals that exist, HTTP methods, hosts, and fields that need mTLS.
import type { Rule, RuleContext } from '../context.js';
import { arr, obj, spec, str, strs } from '../util.js';
import { serviceOfAuthority, stripPort } from '../hosts.js';
import { hostSeverity, missingSeverity, namespaceReceivesMtls, notFoundTail } from './common.js';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Istio's string match for policy values: exact, `prefix*`, `*suffix` or `*`. */
export function policyMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const MTLS_SOURCE_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'];
const MTLS_CONDITION_KEYS = ['source.namespace', 'source.principal', 'connection.sni'];

function eachRule(ctx: RuleContext, fn: (rule: Record<string, unknown>, i: number) => void) {
  arr(spec(ctx.entry)['rules']).forEach((r, i) => fn(obj(r), i));
}

function checkNamespaces(ctx: RuleContext) {
  let names: string[] | undefined;
  eachRule(ctx, (rule, i) =>
    arr(rule['from']).forEach((f, j) => {
      const source = obj(obj(f)['source']);
      // Kiali checks `namespaces`; istioctl also `notNamespaces`.
      for (const field of ['namespaces', 'notNamespaces'] as const)
        strs(source[field]).forEach((ns, k) => {
          names ??= ctx.ix.namespaceNames();
          if (names.some((n) => policyMatch(ns, n))) return;
          ctx.report({
            ruleId: 'ap.namespace-not-found',
            codes: field === 'namespaces' ? ['KIA0101', 'IST0101'] : ['IST0101'],
            severity: missingSeverity(ctx, 'warning'),
            message: ctx.offline
              ? `No namespace among the inputs matches "${ns}"; it may exist in the cluster (add its manifests, or run with --cluster to check). If none does, this ${field === 'namespaces' ? 'source never matches a request' : 'exclusion excludes nothing'}: fix the namespace name.`
              : `No namespace matches "${ns}"${ctx.namespacesComplete ? '' : ' in the input'}, so this ${field === 'namespaces' ? 'source never matches a request' : 'exclusion excludes nothing'}. Fix the namespace name.`,
            path: `spec.rules[${i}].from[${j}].source.${field}[${k}]`,
          });
        });
    }),
  );
}

/** IST0127 for a namespace-wide policy (no selector, no targetRefs) in a namespace where nothing runs. */
function checkNamespaceWide(ctx: RuleContext) {
  const e = ctx.entry;
  const s = spec(e);
  if (
    e.namespace === ctx.mesh.rootNamespace ||
    s['selector'] !== undefined ||
    s['targetRef'] !== undefined ||
    s['targetRefs'] !== undefined
  )
    return;
  if (ctx.ix.workloadsIn(e.namespace).length > 0) return;
  ctx.report({
    ruleId: 'ap.namespace-no-workload',
    codes: ['IST0127'],
    severity: 'warning',
    message: `This namespace-wide AuthorizationPolicy applies to the workloads of ${e.namespace}, but no workload runs there, so it has no effect. Check the namespace.`,
    path: 'metadata.namespace',
  });
}

function checkMethods(ctx: RuleContext) {
  eachRule(ctx, (rule, i) =>
    arr(rule['to']).forEach((t, j) =>
      strs(obj(obj(t)['operation'])['methods']).forEach((m, k) => {
        const upper = m.toUpperCase();
        if (HTTP_METHODS.some((verb) => policyMatch(upper, verb))) return;
        ctx.report({
          ruleId: 'ap.method-invalid',
          codes: ['KIA0102'],
          severity: 'warning',
          message: `"${m}" is not an HTTP method (${HTTP_METHODS.join(', ')}), so this operation never matches. For gRPC, match the method's path in paths (e.g. /package.Service/Method).`,
          path: `spec.rules[${i}].to[${j}].operation.methods[${k}]`,
        });
      }),
    ),
  );
}

function checkHosts(ctx: RuleContext) {
  const e = ctx.entry;
  eachRule(ctx, (rule, i) =>
    arr(rule['to']).forEach((t, j) =>
      strs(obj(obj(t)['operation'])['hosts']).forEach((raw, k) => {
        // A Host-header value, never resolved: it names a Service through the domains of the Service's virtual host.
        // Only `name` (this namespace) and `name.ns` are checked, as Kiali does; wildcards and longer names are left
        // alone.
        if (raw.includes('*')) return;
        const svc = serviceOfAuthority(raw, e.namespace, ctx.mesh.clusterDomain);
        if (!svc || stripPort(raw).split('.').length > 2) return;
        // `example.com` is a Host header unless `com` is a namespace (kiali#10188): only then can it mean a Service.
        if (svc.namespace !== e.namespace && !ctx.ix.hasNamespace(svc.namespace)) return;
        const fqdn = `${svc.name}.${svc.namespace}.svc.${ctx.mesh.clusterDomain}`;
        if (ctx.ix.hostKnown(fqdn, e.namespace).known || ctx.ix.declaring('VirtualService', fqdn).length > 0) return;
        ctx.report({
          ruleId: 'ap.host-not-found',
          codes: ['KIA0104'],
          severity: hostSeverity(ctx, fqdn, ctx.mesh.outboundTrafficPolicy === 'REGISTRY_ONLY' ? 'error' : 'warning'),
          message: `Host "${raw}" (${fqdn}) matches no Service, ServiceEntry or VirtualService host, so this operation never matches. Fix the host name.${notFoundTail(ctx, fqdn)}`,
          path: `spec.rules[${i}].to[${j}].operation.hosts[${k}]`,
        });
      }),
    ),
  );
}

function checkMtlsFields(ctx: RuleContext) {
  const e = ctx.entry;
  let receives: boolean | undefined;
  const needs = (path: string, what: string) => {
    receives ??= namespaceReceivesMtls(ctx, e.namespace);
    if (receives) return;
    ctx.report({
      ruleId: 'ap.needs-mtls',
      codes: ['KIA0105'],
      severity: 'error',
      message: `${what} is known only from the peer's mTLS certificate, but workloads in ${e.namespace} do not receive mTLS (a PeerAuthentication disables it, or autoMtls is off without an ISTIO_MUTUAL DestinationRule), so this rule never matches. Enable mTLS for them.`,
      path,
    });
  };
  eachRule(ctx, (rule, i) => {
    arr(rule['from']).forEach((f, j) => {
      const src = obj(obj(f)['source']);
      for (const field of MTLS_SOURCE_FIELDS)
        if (src[field] !== undefined) needs(`spec.rules[${i}].from[${j}].source.${field}`, `source.${field}`);
    });
    arr(rule['when']).forEach((w, j) => {
      const key = str(obj(w)['key']);
      if (key && MTLS_CONDITION_KEYS.includes(key)) needs(`spec.rules[${i}].when[${j}].key`, `The condition ${key}`);
    });
  });
}

function checkPrincipals(ctx: RuleContext) {
  const trustDomains = [ctx.mesh.trustDomain, ...ctx.mesh.trustDomainAliases];
  let identities: string[] | undefined;
  eachRule(ctx, (rule, i) =>
    arr(rule['from']).forEach((f, j) =>
      strs(obj(obj(f)['source'])['principals']).forEach((p, k) => {
        const path = `spec.rules[${i}].from[${j}].source.principals[${k}]`;
        if (p === '*') return;
        const m = /^([^/]*)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(p);
        if (!m) return;
        const [, td, ns, sa] = m as unknown as [string, string, string, string];
        if (!td.includes('*') && !trustDomains.includes(td)) {
          ctx.report({
            ruleId: 'ap.trust-domain-unknown',
            codes: ['KIA0108'],
            severity: 'warning',
            message: `Trust domain "${td}" is not this mesh's (${trustDomains.join(', ')}), so the principal cannot be verified and matches only peers from that domain. Use ${ctx.mesh.trustDomain}/ns/${ns}/sa/${sa}, or add the alias to the mesh config.`,
            path,
          });
          return;
        }
        const wanted = `${ns}/${sa}`;
        let matched: boolean;
        if (!wanted.includes('*'))
          matched = ctx.ix.serviceAccountUsed(ns, sa) || (sa === 'default' && ctx.ix.hasNamespace(ns));
        else {
          identities ??= ctx.ix.serviceAccountKeys();
          matched = identities.some(
            (id) =>
              policyMatch(wanted, id) || (policyMatch(ns, id.split('/')[0]!) && policyMatch(sa, id.split('/')[1]!)),
          );
        }
        if (matched) return;
        const unknownNs = !ns.includes('*') && !ctx.namespacesComplete && !ctx.ix.hasNamespace(ns);
        ctx.report({
          ruleId: 'ap.principal-not-found',
          codes: ['KIA0106'],
          severity: unknownNs ? 'info' : missingSeverity(ctx, 'error'),
          message: ctx.offline
            ? `No workload among the inputs runs as service account ${sa} in namespace ${ns}; one may run in the cluster (add its manifests, or run with --cluster to check). If none does, principal "${p}" matches no peer: fix the namespace or service-account name.${unknownNs ? ` The input holds nothing from namespace ${ns}.` : ''}`
            : `No workload runs as service account ${sa} in namespace ${ns}, so principal "${p}" matches no peer. Fix the namespace or service-account name.${unknownNs ? ` The input holds nothing from namespace ${ns}, so this cannot be checked offline.` : ''}`,
          path,
        });
      }),
    ),
  );
}

export const authorizationPolicyRules: Rule[] = [
  {
    kinds: ['AuthorizationPolicy'],
    check(ctx) {
      checkNamespaces(ctx);
      checkNamespaceWide(ctx);
      checkMethods(ctx);
      checkHosts(ctx);
      checkMtlsFields(ctx);
      checkPrincipals(ctx);
    },
  },
];
