// Kubernetes Gateway API: route parents and backends (KIA1401, KIA1402), listener and address clashes (KIA1501–1503),
// gateway classes (KIA1504), ReferenceGrant namespaces (KIA1601).
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import { arr, describe, obj, refOf, spec, str } from '../util.js';
import { fqdnIn, hostSeverity, missingSeverity, namespaceSeverity, notAmongInputs, notFoundTail } from './common.js';
import { checkBackends, checkParents, granted } from './gateway-api-routes.js';

function checkService(ctx: RuleContext, name: string, ns: string, path: string, what: 'parentRef' | 'backendRef') {
  const e = ctx.entry;
  if (name.includes('.')) {
    ctx.report({
      ruleId: 'gwapi.backend-not-found',
      codes: ['KIA1402'],
      severity: 'error',
      message: `${what} "${name}" is a host name, but a Service reference takes the Service's name (and its namespace in the namespace field).`,
      path,
    });
    return;
  }
  const svc = ctx.ix.list('Service', ns).find((s) => s.name === name);
  if (!svc) {
    const fqdn = fqdnIn(ctx, name, ns);
    ctx.report({
      ruleId: 'gwapi.backend-not-found',
      codes: ['KIA1402'],
      severity: hostSeverity(ctx, fqdn, 'error'),
      message: ctx.offline
        ? `${notAmongInputs(`${what} Service ${ns}/${name}`)}. If it does not exist, requests to it fail: fix the name or create the Service.`
        : `${what} Service ${ns}/${name} does not exist, so requests to it fail. Fix the name or create the Service.${notFoundTail(ctx, fqdn)}`,
      path,
    });
    return;
  }
  // A backend in another namespace needs a ReferenceGrant there; a parent Service does not (a GAMMA consumer route:
  // pilot/pkg/config/kube/gateway/conversion.go referenceAllowed checks only that it exists).
  if (ns !== e.namespace && what === 'backendRef') {
    if (!granted(ctx, ns, '', 'Service', name))
      ctx.report({
        ruleId: 'gwapi.backend-not-granted',
        codes: ['KIA1402'],
        severity: 'error',
        message: `Service ${ns}/${name} is in another namespace and no ReferenceGrant in ${ns} allows ${e.kind}s from ${e.namespace} to use it, so the reference is refused. Add a ReferenceGrant in ${ns}.`,
        path,
        references: [refOf(svc)],
      });
  }
}

const listenerKey = (l: Record<string, unknown>) => `${str(l['hostname']) ?? '*'}:${String(l['port'])}`;

function checkGateway(ctx: RuleContext) {
  const e = ctx.entry;
  const listeners = arr(spec(e)['listeners']).map(obj);
  const seen = new Map<string, number>();
  listeners.forEach((l, i) => {
    const key = `${listenerKey(l)}:${str(l['protocol']) ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined)
      ctx.report({
        ruleId: 'k8sgw.duplicate-listener',
        codes: ['KIA1503'],
        severity: 'error',
        message: `listeners[${i}] repeats the hostname, port and protocol of listeners[${first}]; the Gateway marks them Conflicted. Give them different hostnames or ports.`,
        path: `spec.listeners[${i}]`,
      });
    else seen.set(key, i);
  });
  const addresses = arr(spec(e)['addresses']).map(
    (a) => `${str(obj(a)['type']) ?? 'IPAddress'}:${str(obj(a)['value']) ?? ''}`,
  );
  for (const o of ctx.ix.listAll('K8sGateway')) {
    if (sameObject(o, e)) continue;
    const theirs = new Set(arr(spec(o)['listeners']).map((l) => listenerKey(obj(l))));
    listeners.forEach((l, i) => {
      if (l['hostname'] !== undefined && theirs.has(listenerKey(l)))
        ctx.report({
          ruleId: 'k8sgw.shared-listener',
          codes: ['KIA1501'],
          severity: 'warning',
          message: `${describe(o)} has a listener with the same hostname ${String(l['hostname'])} and port ${String(l['port'])}; which Gateway gets the traffic is undefined. Use distinct hostnames or ports.`,
          path: `spec.listeners[${i}]`,
          references: [refOf(o)],
        });
    });
    const theirAddr = new Set(
      arr(spec(o)['addresses']).map((a) => `${str(obj(a)['type']) ?? 'IPAddress'}:${str(obj(a)['value']) ?? ''}`),
    );
    addresses.forEach((a, i) => {
      if (theirAddr.has(a))
        ctx.report({
          ruleId: 'k8sgw.shared-address',
          codes: ['KIA1502'],
          severity: 'warning',
          message: `${describe(o)} requests the same address ${a.split(':').slice(1).join(':')}; only one Gateway can have it.`,
          path: `spec.addresses[${i}]`,
          references: [refOf(o)],
        });
    });
  }
  checkCertificateGrants(ctx);
  const cls = str(spec(e)['gatewayClassName']);
  if (cls && !ctx.mesh.gatewayClasses.includes(cls))
    ctx.report({
      ruleId: 'k8sgw.unknown-class',
      codes: ['KIA1504'],
      severity: 'error',
      message: `gatewayClassName "${cls}" is not one of the classes this console knows (${ctx.mesh.gatewayClasses.join(', ')}), so Istio does not program this Gateway. Use an Istio class such as "istio".`,
      path: 'spec.gatewayClassName',
    });
}

/**
 * A listener's certificateRefs in another namespace need a ReferenceGrant there from Gateways of this namespace to
 * Secrets (pilot/pkg/config/kube/gateway/conversion.go: "certificateRef … not accessible to a Gateway in namespace …
 * (missing a ReferenceGrant?)"); the listener then serves no certificate.
 */
function checkCertificateGrants(ctx: RuleContext) {
  const e = ctx.entry;
  arr(spec(e)['listeners']).forEach((l, i) =>
    arr(obj(obj(l)['tls'])['certificateRefs']).forEach((c, j) => {
      const ref = obj(c);
      const ns = str(ref['namespace']) ?? e.namespace;
      const name = str(ref['name']) ?? '';
      if (ns === e.namespace || (str(ref['kind']) ?? 'Secret') !== 'Secret') return;
      const ok = ctx.ix.list('ReferenceGrant', ns).some(
        (g) =>
          arr(spec(g)['from']).some((f) => {
            const fo = obj(f);
            return (
              fo['group'] === 'gateway.networking.k8s.io' && fo['kind'] === 'Gateway' && fo['namespace'] === e.namespace
            );
          }) &&
          arr(spec(g)['to']).some((t) => {
            const to = obj(t);
            return (
              (str(to['group']) ?? '') === '' &&
              to['kind'] === 'Secret' &&
              (to['name'] === undefined || to['name'] === name)
            );
          }),
      );
      if (!ok)
        ctx.report({
          ruleId: 'k8sgw.certificate-not-granted',
          severity: 'error',
          message: `Listener ${String(obj(l)['name'] ?? i)} uses Secret ${ns}/${name} from another namespace, but no ReferenceGrant in ${ns} lets Gateways of ${e.namespace} read Secrets, so istiod refuses the reference (RefNotPermitted) and the listener has no certificate. Add a ReferenceGrant in ${ns} from Gateway (namespace ${e.namespace}) to Secret ${name}.`,
          path: `spec.listeners[${i}].tls.certificateRefs[${j}]`,
        });
    }),
  );
}

function checkReferenceGrant(ctx: RuleContext) {
  arr(spec(ctx.entry)['from']).forEach((f, i) => {
    const ns = str(obj(f)['namespace']);
    if (!ns || ctx.ix.hasNamespace(ns)) return;
    ctx.report({
      ruleId: 'refgrant.namespace-not-found',
      codes: ['KIA1601'],
      severity: missingSeverity(ctx, namespaceSeverity(ctx, 'error')),
      message: ctx.offline
        ? `${notAmongInputs(`Namespace "${ns}"`)}. If it does not exist, this grant allows nothing: fix the namespace name.`
        : `Namespace "${ns}" does not exist${ctx.namespacesComplete ? '' : ' in the input'}, so this grant allows nothing. Fix the namespace name.`,
      path: `spec.from[${i}].namespace`,
    });
  });
}

export const gatewayApiRules: Rule[] = [
  {
    kinds: ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'],
    check(ctx) {
      checkParents(ctx, (name, ns, path) => checkService(ctx, name, ns, path, 'parentRef'));
      checkBackends(ctx, (name, ns, path) => checkService(ctx, name, ns, path, 'backendRef'));
    },
  },
  { kinds: ['K8sGateway'], check: checkGateway },
  { kinds: ['ReferenceGrant'], check: checkReferenceGrant },
];
