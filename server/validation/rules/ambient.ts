// Ambient mode: L7 policy and routing take effect only in a waypoint proxy, so Kiali flags L7 config that no waypoint
// will ever apply (namespace not enrolled, Service not enrolled, config in another namespace, attached by selector).
import type { Rule, RuleContext } from '../context.js';
import type { Entry } from '../types.js';
import { arr, labels, obj, spec, str, strs } from '../util.js';
import { fqdnIn, hasTargetRefs, namespaceAmbient, namespaceLabels, waypointOf } from './common.js';
import { boundGateways } from './vs-destinations.js';

const enrolledNs = (ctx: RuleContext, ns: string) => !!waypointOf(namespaceLabels(ctx, ns));
const enrolledSvc = (ctx: RuleContext, svc: Entry) => !!waypointOf(labels(svc)) || enrolledNs(ctx, svc.namespace);

function isL7Policy(e: Entry): boolean {
  const s = spec(e);
  if (e.kind !== 'AuthorizationPolicy') return true; // RequestAuthentication, WasmPlugin, Telemetry are L7 by nature
  return arr(s['rules']).some((r) => {
    const ro = obj(r);
    const l7To = arr(ro['to']).some((t) => {
      const op = obj(obj(t)['operation']);
      return ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'].some((k) => op[k] !== undefined);
    });
    const l7When = arr(ro['when']).some((w) => (str(obj(w)['key']) ?? '').startsWith('request.'));
    const l7From = arr(ro['from']).some((f) => {
      const src = obj(obj(f)['source']);
      return src['requestPrincipals'] !== undefined || src['notRequestPrincipals'] !== undefined;
    });
    return l7To || l7When || l7From;
  });
}

const POLICY_CODES: Record<string, { selector: string; unenrolled: string }> = {
  AuthorizationPolicy: { selector: 'KIA0110', unenrolled: 'KIA0109' },
  RequestAuthentication: { selector: 'KIA1115', unenrolled: 'KIA1110' },
  WasmPlugin: { selector: 'KIA1116', unenrolled: 'KIA1111' },
  Telemetry: { selector: 'KIA1117', unenrolled: 'KIA1112' },
};

function checkPolicy(ctx: RuleContext) {
  const e = ctx.entry;
  const codes = POLICY_CODES[e.kind]!;
  if (!namespaceAmbient(ctx, e.namespace) || !isL7Policy(e)) return;
  const s = spec(e);
  if (s['selector'] !== undefined && !hasTargetRefs(e)) {
    ctx.report({
      ruleId: 'ambient.selector-policy',
      codes: [codes.selector],
      severity: 'warning',
      message: `Namespace ${e.namespace} is ambient: this L7 ${e.kind} is attached with a selector, which waypoints ignore. Attach it with targetRefs (to a Service or the waypoint Gateway).`,
      path: 'spec.selector',
    });
    return;
  }
  const refs = [...arr(s['targetRefs']), ...(s['targetRef'] ? [s['targetRef']] : [])].map(obj);
  refs.forEach((ref, i) => {
    if (str(ref['kind']) !== 'Service') return;
    const svc = ctx.ix.list('Service', e.namespace).find((x) => x.name === str(ref['name']));
    if (!svc || enrolledSvc(ctx, svc)) return;
    ctx.report({
      ruleId: 'ambient.target-not-enrolled',
      codes: [codes.unenrolled],
      severity: 'warning',
      message: `Service ${svc.name} is not enrolled to a waypoint (label istio.io/use-waypoint on it or its namespace), so this L7 ${e.kind} is never enforced. Enrol it to a waypoint.`,
      path: s['targetRef'] ? 'spec.targetRef' : `spec.targetRefs[${i}]`,
    });
  });
  if (refs.length === 0 && !enrolledNs(ctx, e.namespace))
    ctx.report({
      ruleId: 'ambient.target-not-enrolled',
      codes: [codes.unenrolled],
      severity: 'warning',
      message: `Namespace ${e.namespace} is ambient but not enrolled to a waypoint, so this L7 ${e.kind} is never enforced. Deploy a waypoint and label the namespace istio.io/use-waypoint.`,
      path: 'spec',
    });
}

/** DestinationRule (KIA0210–0212) and VirtualService (KIA1109, 1113, 1114) that need a waypoint. */
function checkRouting(ctx: RuleContext, hosts: { host: string; path: string }[], codes: [string, string, string]) {
  const e = ctx.entry;
  for (const { host, path } of hosts) {
    const fqdn = fqdnIn(ctx, host);
    const svc = ctx.ix.service(fqdn);
    if (!svc) {
      if (namespaceAmbient(ctx, e.namespace) && !enrolledNs(ctx, e.namespace))
        ctx.report({
          ruleId: 'ambient.unresolved-host',
          codes: [codes[0]],
          severity: 'warning',
          message: `Namespace ${e.namespace} is ambient and not enrolled to a waypoint, and host ${host} is not a Service here, so this L7 ${e.kind} is applied by no proxy.`,
          path,
        });
      continue;
    }
    if (!namespaceAmbient(ctx, svc.namespace)) continue;
    if (!enrolledSvc(ctx, svc))
      ctx.report({
        ruleId: 'ambient.service-not-enrolled',
        codes: [codes[1]],
        severity: 'warning',
        message: `Service ${svc.namespace}/${svc.name} is ambient but not enrolled to a waypoint, so this L7 ${e.kind} is applied by no proxy. Label it istio.io/use-waypoint.`,
        path,
      });
    else if (svc.namespace !== e.namespace)
      ctx.report({
        ruleId: 'ambient.other-namespace',
        codes: [codes[2]],
        severity: 'warning',
        message: `A waypoint applies only ${e.kind}s from the destination Service's own namespace (${svc.namespace}); this one, in ${e.namespace}, is ignored. Move it to ${svc.namespace}.`,
        path,
      });
  }
}

const isL7Dr = (e: Entry) => {
  const s = spec(e);
  const tp = obj(s['trafficPolicy']);
  return (
    arr(s['subsets']).length > 0 ||
    tp['loadBalancer'] !== undefined ||
    obj(tp['connectionPool'])['http'] !== undefined ||
    tp['outlierDetection'] !== undefined
  );
};

export const ambientRules: Rule[] = [
  { kinds: ['AuthorizationPolicy', 'RequestAuthentication', 'WasmPlugin', 'Telemetry'], check: checkPolicy },
  {
    kinds: ['DestinationRule'],
    check(ctx) {
      const host = str(spec(ctx.entry)['host']);
      if (!host || host.includes('*') || !isL7Dr(ctx.entry)) return;
      checkRouting(ctx, [{ host, path: 'spec.host' }], ['KIA0210', 'KIA0211', 'KIA0212']);
    },
  },
  {
    kinds: ['VirtualService'],
    check(ctx) {
      const e = ctx.entry;
      const s = spec(e);
      if (!boundGateways(e).includes('mesh') || (arr(s['http']).length === 0 && arr(s['tls']).length === 0)) return;
      const hosts = strs(s['hosts'])
        .map((host, i) => ({ host, path: `spec.hosts[${i}]` }))
        .filter((h) => !h.host.includes('*'));
      checkRouting(ctx, hosts, ['KIA1109', 'KIA1113', 'KIA1114']);
    },
  },
];
