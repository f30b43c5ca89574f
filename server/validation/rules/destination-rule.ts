// DestinationRule: host in the registry, subsets that select pods, subset overlap, TLS without CA.
import type { Rule, RuleContext } from '../context.js';
import { exportedTo, hostsOverlap, isWildcard } from '../hosts.js';
import { sameObject } from '../entries.js';
import type { Entry } from '../types.js';
import { arr, describe, fmtLabels, labelsOf, obj, refOf, spec, str, sorted } from '../util.js';
import { fqdnIn, hostSeverity, isMeshWideHost, isNamespaceWideHost, missingSeverity, notFoundTail } from './common.js';
import { destinationsOf } from './vs-destinations.js';

const isWide = (ctx: RuleContext, dr: Entry) => {
  const h = str(spec(dr)['host']) ?? '';
  return isMeshWideHost(h) || isNamespaceWideHost(h, dr.namespace, ctx.mesh.clusterDomain);
};

function checkHost(ctx: RuleContext, fqdn: string, host: string) {
  const e = ctx.entry;
  if (isWildcard(fqdn)) return;
  if (ctx.ix.hostKnown(fqdn, e.namespace).known) return;
  ctx.report({
    ruleId: 'dr.host-not-found',
    codes: ['KIA0202', 'IST0174'],
    severity: hostSeverity(ctx, fqdn, ctx.mesh.outboundTrafficPolicy === 'REGISTRY_ONLY' ? 'error' : 'warning'),
    message: `spec.host "${host}"${fqdn !== host ? ` (${fqdn})` : ''} matches no Service and no ServiceEntry visible from namespace ${e.namespace}, so this DestinationRule applies to nothing. Fix the host or create the Service/ServiceEntry.${notFoundTail(ctx, fqdn)}`,
    path: 'spec.host',
  });
}

/** KIA0203/IST0173: subset labels (with the Service's selector) select no pod. */
function checkSubsetPods(ctx: RuleContext, fqdn: string) {
  const e = ctx.entry;
  if (isWildcard(fqdn)) return;
  const found = ctx.ix.hostKnown(fqdn, e.namespace);
  if (!found.known) return;
  const target = found.via!;
  let scope: { namespace: string | undefined; selector: Record<string, string>; endpoints?: Record<string, string>[] };
  if (target.kind === 'Service') {
    const sel = labelsOf(obj(spec(target)['selector']));
    if (Object.keys(sel).length === 0) return; // a selector-less Service has manually managed endpoints
    scope = { namespace: target.namespace, selector: sel };
  } else {
    const ws = spec(target)['workloadSelector'];
    if (ws !== undefined) scope = { namespace: target.namespace, selector: labelsOf(obj(ws)['labels']) };
    else {
      const endpoints = arr(spec(target)['endpoints']).map((ep) => labelsOf(obj(ep)['labels']));
      if (endpoints.length === 0) return;
      scope = { namespace: undefined, selector: {}, endpoints };
    }
  }
  const vsRefs = ctx.ix.declaring('VirtualService', fqdn);
  arr(spec(e)['subsets']).forEach((sub, i) => {
    const so = obj(sub);
    const name = str(so['name']);
    // Labels Istio adds to every endpoint from its node, cluster and network are live state the objects do not
    // carry: they are left out of the match (a subset of only those is not judged).
    const l = withoutTopology(labelsOf(so['labels']));
    if (!name || Object.keys(l).length === 0) return;
    const selector = { ...scope.selector, ...l };
    const matches = scope.endpoints
      ? scope.endpoints.some((ep) => Object.keys(l).every((k) => ep[k] === l[k]))
      : ctx.ix.selectWorkloads(scope.namespace, selector).length > 0;
    if (matches) return;
    const routedBy = vsRefs.filter((vs) =>
      destinationsOf(vs).some((d) => d.subset === name && fqdnIn(ctx, d.host, vs.namespace) === fqdn),
    );
    ctx.report({
      ruleId: 'dr.subset-no-pods',
      codes: ['KIA0203', 'IST0173'],
      // Offline, the workload may be in a file not given (the article's canary Deployment is in its own file).
      severity: routedBy.length > 0 ? missingSeverity(ctx, 'error') : 'info',
      message:
        (ctx.offline
          ? `Subset "${name}" selects no pod among the inputs: no workload in them${scope.namespace ? ` in ${scope.namespace}` : ''} has the labels ${fmtLabels(selector)} (${describe(target)}'s selector plus the subset's labels); one may run in the cluster (add its manifest, or run with --cluster to check). If none does, `
          : `Subset "${name}" selects no pod: no workload${scope.namespace ? ` in ${scope.namespace}` : ''} has the labels ${fmtLabels(selector)} (${describe(target)}'s selector plus the subset's labels). `) +
        (routedBy.length > 0
          ? `${sorted(routedBy).map(describe).join(', ')} route${routedBy.length === 1 ? 's' : ''} to it, so those requests fail with 503 (no healthy upstream). Deploy that version or fix the labels.`
          : `${ctx.offline ? 'no' : 'No'} VirtualService routes to it yet; fix the labels before one does.`),
      path: `spec.subsets[${i}].labels`,
      references: [refOf(target), ...routedBy.map(refOf)],
    });
  });
}

/**
 * The labels istiod adds to each endpoint (pilot/pkg/serviceregistry/util/label/label.go, AugmentLabels): locality
 * from the node, the node's name, the cluster and the network. Subsets by cluster or zone (multi-cluster routing) use
 * them, and no pod template or WorkloadEntry shows them.
 */
const TOPOLOGY_LABELS = new Set([
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
  'topology.istio.io/cluster',
  'topology.istio.io/network',
  'kubernetes.io/hostname',
]);
const withoutTopology = (l: Record<string, string>) =>
  Object.fromEntries(Object.entries(l).filter(([k]) => !TOPOLOGY_LABELS.has(k)));

function checkSubsetLabels(ctx: RuleContext) {
  const subsets = arr(spec(ctx.entry)['subsets']).map(obj);
  const anyLabelled = subsets.some((s) => Object.keys(labelsOf(s['labels'])).length > 0);
  subsets.forEach((s, i) => {
    if (Object.keys(labelsOf(s['labels'])).length > 0) return;
    ctx.report({
      ruleId: 'dr.subset-no-labels',
      codes: ['KIA0209'],
      severity: anyLabelled ? 'info' : 'warning',
      message: `Subset "${str(s['name']) ?? i}" has no labels, so it is the whole service rather than a version of it. Add labels (e.g. version: v1) unless that is intended.`,
      path: `spec.subsets[${i}]`,
    });
  });
}

/** KIA0201: two DestinationRules for overlapping hosts define the same subset, or one of them has no subsets. */
function checkOverlap(ctx: RuleContext, fqdn: string) {
  const e = ctx.entry;
  if (isWide(ctx, e)) return;
  const mine = arr(spec(e)['subsets']).map((s) => str(obj(s)['name']));
  const others = (
    isWildcard(fqdn) ? ctx.ix.declaringUnder('DestinationRule', fqdn) : ctx.ix.declaring('DestinationRule', fqdn)
  ).filter(
    (o) =>
      !sameObject(o, e) &&
      !isWide(ctx, o) &&
      hostsOverlap(fqdnIn(ctx, str(spec(o)['host']) ?? '', o.namespace), fqdn) &&
      (exportedTo(spec(o)['exportTo'], o.namespace, e.namespace) ||
        exportedTo(spec(e)['exportTo'], e.namespace, o.namespace)),
  );
  const whole: Entry[] = [];
  for (const o of others) {
    const theirs = arr(spec(o)['subsets']).map((s) => str(obj(s)['name']));
    if (mine.length === 0 || theirs.length === 0) {
      whole.push(o);
      continue;
    }
    mine.forEach((name, i) => {
      if (name && theirs.includes(name))
        ctx.report({
          ruleId: 'dr.overlap',
          codes: ['KIA0201'],
          severity: 'warning',
          message: `Subset "${name}" is also defined by ${describe(o)} for an overlapping host; only one definition takes effect. Keep the subset in one DestinationRule.`,
          path: `spec.subsets[${i}].name`,
          references: [refOf(o)],
        });
    });
  }
  if (whole.length > 0)
    ctx.report({
      ruleId: 'dr.overlap',
      codes: ['KIA0201'],
      severity: 'warning',
      message: `${sorted(whole).map(describe).join(', ')} also appl${whole.length === 1 ? 'ies' : 'y'} to ${fqdn}; Istio uses one DestinationRule per host (the oldest wins where they overlap), so part of this one may be ignored. Merge them into one DestinationRule.`,
      path: 'spec.host',
      references: whole.map(refOf),
    });
}

/** IST0128/IST0129: TLS origination (SIMPLE/MUTUAL) without a CA does not verify the server. */
function checkCaCertificates(ctx: RuleContext) {
  const tp = obj(spec(ctx.entry)['trafficPolicy']);
  const check = (tls: Record<string, unknown>, path: string, code: string, where: string) => {
    const mode = str(tls['mode']);
    if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return;
    if (tls['caCertificates'] || tls['credentialName'] || tls['insecureSkipVerify'] === true) return;
    ctx.report({
      ruleId: code === 'IST0128' ? 'dr.tls-no-ca' : 'dr.port-tls-no-ca',
      codes: [code],
      severity: 'warning',
      message: `TLS mode ${mode}${where} has no caCertificates (or credentialName), so the server's certificate is not verified. Set caCertificates, or insecureSkipVerify: true if that is intended.`,
      path,
    });
  };
  check(obj(tp['tls']), 'spec.trafficPolicy.tls', 'IST0128', '');
  arr(tp['portLevelSettings']).forEach((p, i) =>
    check(
      obj(obj(p)['tls']),
      `spec.trafficPolicy.portLevelSettings[${i}].tls`,
      'IST0129',
      ` on port ${String(obj(obj(p)['port'])['number'] ?? '?')}`,
    ),
  );
}

export const destinationRuleRules: Rule[] = [
  {
    kinds: ['DestinationRule'],
    check(ctx) {
      const host = str(spec(ctx.entry)['host']);
      checkSubsetLabels(ctx);
      checkCaCertificates(ctx);
      if (!host) return;
      const fqdn = fqdnIn(ctx, host);
      checkHost(ctx, fqdn, host);
      checkSubsetPods(ctx, fqdn);
      checkOverlap(ctx, fqdn);
    },
  },
];
