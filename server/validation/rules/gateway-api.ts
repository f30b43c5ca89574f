// Kubernetes Gateway API: route parents and backends (KIA1401, KIA1402), listener and address clashes (KIA1501–1503),
// gateway classes (KIA1504), ReferenceGrant namespaces (KIA1601).
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import type { Entry } from '../types.js';
import { arr, describe, labelsOf, obj, refOf, spec, str } from '../util.js';
import { missingSeverity, namespaceLabels, namespaceSeverity, notAmongInputs } from './common.js';

const GW_GROUP = 'gateway.networking.k8s.io';

function routeAllowed(ctx: RuleContext, gw: Entry, routeNs: string, sectionName?: string): boolean {
  const listeners = arr(spec(gw)['listeners'])
    .map(obj)
    .filter((l) => !sectionName || l['name'] === sectionName);
  return listeners.some((l) => {
    const from = str(obj(obj(l['allowedRoutes'])['namespaces'])['from']) ?? 'Same';
    if (from === 'All') return true;
    if (from === 'Same') return gw.namespace === routeNs;
    if (from === 'Selector') {
      const nsLabels = namespaceLabels(ctx, routeNs);
      if (!nsLabels) return true; // unknown labels: cannot judge
      const ml = labelsOf(obj(obj(obj(l['allowedRoutes'])['namespaces'])['selector'])['matchLabels']);
      return Object.keys(ml).every((k) => nsLabels[k] === ml[k]);
    }
    return false;
  });
}

function checkParents(ctx: RuleContext) {
  const e = ctx.entry;
  arr(spec(e)['parentRefs']).forEach((p, i) => {
    const ref = obj(p);
    const kind = str(ref['kind']) ?? 'Gateway';
    const group = str(ref['group']) ?? GW_GROUP;
    const name = str(ref['name']) ?? '';
    const ns = str(ref['namespace']) ?? e.namespace;
    const path = `spec.parentRefs[${i}]`;
    if (kind === 'Service' && (group === '' || group === 'core')) {
      checkService(ctx, name, ns, `${path}.name`, 'parentRef');
      return;
    }
    if (kind !== 'Gateway' || group !== GW_GROUP) return;
    const gw = ctx.ix.list('K8sGateway', ns).find((g) => g.name === name);
    if (!gw) {
      ctx.report({
        ruleId: 'gwapi.parent-not-found',
        codes: ['KIA1401'],
        severity: missingSeverity(ctx, 'error'),
        message: ctx.offline
          ? `${notAmongInputs(`Parent Gateway ${ns}/${name}`)}. If it does not exist, this ${e.kind} is attached to nothing: fix parentRefs[${i}] or create the Gateway.`
          : `Parent Gateway ${ns}/${name} does not exist, so this ${e.kind} is attached to nothing. Fix parentRefs[${i}] or create the Gateway.`,
        path: `${path}.name`,
      });
      return;
    }
    if (!routeAllowed(ctx, gw, e.namespace, str(ref['sectionName'])))
      ctx.report({
        ruleId: 'gwapi.parent-not-allowed',
        codes: ['KIA1401'],
        severity: 'error',
        message: `Gateway ${ns}/${name} does not admit routes from namespace ${e.namespace} (its listeners' allowedRoutes.namespaces), so this ${e.kind} is not attached. Allow the namespace on the listener.`,
        path,
        references: [refOf(gw)],
      });
  });
}

function checkService(ctx: RuleContext, name: string, ns: string, path: string, what: string) {
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
    ctx.report({
      ruleId: 'gwapi.backend-not-found',
      codes: ['KIA1402'],
      severity: missingSeverity(ctx, 'error'),
      message: ctx.offline
        ? `${notAmongInputs(`${what} Service ${ns}/${name}`)}. If it does not exist, requests to it fail: fix the name or create the Service.`
        : `${what} Service ${ns}/${name} does not exist, so requests to it fail. Fix the name or create the Service.`,
      path,
    });
    return;
  }
  if (ns !== e.namespace) {
    const granted = ctx.ix.list('ReferenceGrant', ns).some((g) => {
      const from = arr(spec(g)['from']).map(obj);
      const to = arr(spec(g)['to']).map(obj);
      return (
        from.some((f) => f['group'] === GW_GROUP && f['kind'] === e.kind && f['namespace'] === e.namespace) &&
        to.some(
          (t) =>
            (t['group'] ?? '') === '' && t['kind'] === 'Service' && (t['name'] === undefined || t['name'] === name),
        )
      );
    });
    if (!granted)
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

function checkBackends(ctx: RuleContext) {
  const e = ctx.entry;
  arr(spec(e)['rules']).forEach((r, i) =>
    arr(obj(r)['backendRefs']).forEach((b, j) => {
      const ref = obj(b);
      const kind = str(ref['kind']) ?? 'Service';
      const group = str(ref['group']) ?? '';
      if (kind !== 'Service' || (group !== '' && group !== 'core')) return;
      checkService(
        ctx,
        str(ref['name']) ?? '',
        str(ref['namespace']) ?? e.namespace,
        `spec.rules[${i}].backendRefs[${j}].name`,
        'backendRef',
      );
    }),
  );
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

function checkReferenceGrant(ctx: RuleContext) {
  arr(spec(ctx.entry)['from']).forEach((f, i) => {
    const ns = str(obj(f)['namespace']);
    if (!ns || ctx.ix.hasNamespace(ns)) return;
    ctx.report({
      ruleId: 'refgrant.namespace-not-found',
      codes: ['KIA1601'],
      severity: namespaceSeverity(ctx, 'error'),
      message: `Namespace "${ns}" does not exist${ctx.namespacesComplete ? '' : ' in the input'}, so this grant allows nothing. Fix the namespace name.`,
      path: `spec.from[${i}].namespace`,
    });
  });
}

export const gatewayApiRules: Rule[] = [
  {
    kinds: ['HTTPRoute', 'GRPCRoute'],
    check(ctx) {
      checkParents(ctx);
      checkBackends(ctx);
    },
  },
  { kinds: ['K8sGateway'], check: checkGateway },
  { kinds: ['ReferenceGrant'], check: checkReferenceGrant },
];
