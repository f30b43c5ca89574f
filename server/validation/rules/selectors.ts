// Workload selectors on policy kinds: selecting nothing (KIA0004, IST0127, IST0101), several selector-less objects in
// one namespace (KIA0002, IST0111, IST0160), several objects selecting one workload (KIA0003, IST0110, IST0159), and
// selector policies that a Kubernetes Gateway's pods ignore (IST0166).
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import type { Workload } from '../index.js';
import type { Entry } from '../types.js';
import { arr, describe, fmtLabels, obj, refOf, sorted, spec, str } from '../util.js';
import { selectorOf, workloadsUnknown } from './common.js';

const NO_MATCH_CODES: Record<string, string[]> = {
  AuthorizationPolicy: ['KIA0004', 'IST0127'],
  PeerAuthentication: ['KIA0004'],
  RequestAuthentication: ['KIA0004'],
  Sidecar: ['KIA0004', 'IST0101'],
  Telemetry: ['IST0101'],
};
const SINGLE_DEFAULT: Record<string, string[]> = {
  PeerAuthentication: ['KIA0002'],
  Sidecar: ['KIA0002', 'IST0111'],
  Telemetry: ['IST0160'],
};
const SINGLE_PER_WORKLOAD: Record<string, string[]> = {
  PeerAuthentication: ['KIA0003'],
  Sidecar: ['KIA0003', 'IST0110'],
  Telemetry: ['IST0159'],
};

/**
 * Workloads a selector reaches: its own namespace, or every namespace from the root namespace (security kinds). A
 * Telemetry's selector reaches its own namespace only, the root one included (pilot/pkg/model/telemetry.go
 * applicableTelemetries takes only the root namespace's selector-less Telemetry mesh-wide; istioctl's
 * telemetry/selector.go matches pods of the Telemetry's namespace).
 */
const meshWideSelector = (ctx: RuleContext, e: Entry) =>
  e.namespace === ctx.mesh.rootNamespace && e.kind !== 'Sidecar' && e.kind !== 'Telemetry';
function selected(ctx: RuleContext, e: Entry, labels: Record<string, string>): readonly Workload[] {
  const meshWide = meshWideSelector(ctx, e);
  return ctx.ix.selectWorkloads(meshWide ? undefined : e.namespace, labels);
}

function checkNoMatch(ctx: RuleContext) {
  const e = ctx.entry;
  const codes = NO_MATCH_CODES[e.kind];
  const sel = selectorOf(e);
  if (!codes || !sel || Object.keys(sel.labels).length === 0) return;
  if (selected(ctx, e, sel.labels).length > 0) return;
  const meshWide = meshWideSelector(ctx, e);
  // A mesh-wide policy mostly selects Istio's own workloads (the ingress gateway), which the files rarely hold.
  const offline = workloadsUnknown(ctx, e.namespace);
  ctx.report({
    ruleId: 'selector.no-workload',
    codes,
    severity: offline ? 'info' : 'warning',
    message: offline
      ? `No workload among the input files has the labels ${fmtLabels(sel.labels)} (the input holds no Deployment, StatefulSet, DaemonSet or pod in namespace ${e.namespace}), so whether this ${e.kind} applies cannot be checked offline; run with --cluster or add the workloads' manifests.`
      : `The selector ${fmtLabels(sel.labels)} matches no workload in ${meshWide ? 'the mesh' : `namespace ${e.namespace}`}, so this ${e.kind} has no effect. Fix the labels to match the pods' labels.`,
    path: sel.path,
  });
}

function checkSingleDefault(ctx: RuleContext) {
  const e = ctx.entry;
  const codes = SINGLE_DEFAULT[e.kind];
  if (!codes || selectorOf(e) || e.object.spec?.['targetRefs'] || e.object.spec?.['targetRef']) return;
  const others = ctx.ix
    .list(e.kind, e.namespace)
    .filter(
      (o) => !sameObject(o, e) && !selectorOf(o) && !o.object.spec?.['targetRefs'] && !o.object.spec?.['targetRef'],
    );
  if (others.length === 0) return;
  ctx.report({
    ruleId: 'selector.multiple-defaults',
    codes,
    severity: 'error',
    message: `${sorted(others).map(describe).join(', ')} also ${others.length === 1 ? 'has' : 'have'} no workload selector; only one ${e.kind} per namespace may be the namespace default, and Istio picks one arbitrarily. Merge them or give all but one a selector.`,
    path: 'spec',
    references: others.map(refOf),
  });
}

function checkSharedWorkload(ctx: RuleContext) {
  const e = ctx.entry;
  const codes = SINGLE_PER_WORKLOAD[e.kind];
  const sel = selectorOf(e);
  if (!codes || !sel || Object.keys(sel.labels).length === 0) return;
  const mine = selected(ctx, e, sel.labels);
  if (mine.length === 0) return;
  for (const o of ctx.ix.list(e.kind, e.namespace)) {
    const os = selectorOf(o);
    if (!os || sameObject(o, e)) continue;
    // Only this object's own workloads can be shared: test the other selector against them (no index scan).
    let shared: (typeof mine)[number] | undefined;
    for (const w of mine) {
      let all = true;
      let any = false;
      for (const k in os.labels) {
        any = true;
        if (w.labels[k] !== os.labels[k]) {
          all = false;
          break;
        }
      }
      if (any && all && w.namespace === o.namespace) {
        shared = w;
        break;
      }
    }
    if (!shared) continue;
    ctx.report({
      ruleId: 'selector.shared-workload',
      codes,
      severity: 'error',
      message: `${describe(o)} also selects ${shared.entry.kind} ${shared.entry.name}; a workload may be selected by one ${e.kind} only, and Istio picks one arbitrarily. Narrow the selectors so that they do not overlap.`,
      path: sel.path,
      references: [refOf(o), refOf(shared.entry)],
    });
  }
}

const GATEWAY_POD_LABEL = 'gateway.networking.k8s.io/gateway-name';
function checkIneffectiveOnK8sGateway(ctx: RuleContext) {
  const e = ctx.entry;
  const sel = selectorOf(e);
  if (!sel || Object.keys(sel.labels).length === 0) return;
  const gwPod = selected(ctx, e, sel.labels).find((w) => w.labels[GATEWAY_POD_LABEL] !== undefined);
  if (!gwPod) return;
  ctx.report({
    ruleId: 'selector.k8s-gateway-pods',
    codes: ['IST0166'],
    severity: 'warning',
    message: `The selector matches ${gwPod.entry.name}, a pod of Kubernetes Gateway ${gwPod.labels[GATEWAY_POD_LABEL]}; such pods ignore selector-attached policies. Attach the ${e.kind} with targetRefs to the Gateway instead.`,
    path: sel.path,
  });
}

/**
 * IST0175, under Istio's own conditions (istio/istio pkg/config/analysis/analyzers/authn/blockedcidrs.go): a
 * RequestAuthentication exists and an istiod Deployment (metadata label app=istiod, any namespace) is in the input
 * whose containers do not set BLOCKED_CIDRS_IN_JWKS_URIS (pilot/pkg/features/pilot.go: a comma-separated CIDR list
 * that istiod refuses to fetch JWKS from). Istio words it as a hint ("Consider configuring it") and the policy itself
 * works as written, so it is info here, on the policy that makes istiod fetch, in words a learner can act on. Without
 * the istiod Deployment in the input (files that hold only policies) nothing is known, so nothing is said.
 */
function checkJwksFetch(ctx: RuleContext) {
  const istiod = ctx.ix
    .listAll('Deployment')
    .find((d) => d.object.metadata?.labels?.['app'] === 'istiod' && !blocksJwksCidrs(ctx, d));
  if (!istiod) return;
  const uris = arr(spec(ctx.entry)['jwtRules'])
    .map((r) => str(obj(r)['jwksUri']))
    .filter((u): u is string => !!u);
  const inCluster = uris.find((u) => inClusterUrl(u, ctx.mesh.clusterDomain));
  ctx.report({
    ruleId: 'ra.jwks-fetch-unrestricted',
    codes: ['IST0175'],
    severity: 'info',
    message:
      `Hardening advice, not a fault in this policy: istiod downloads the signing keys (jwksUri) of every ` +
      `RequestAuthentication itself, and ${istiod.namespace}/${istiod.name} does not set BLOCKED_CIDRS_IN_JWKS_URIS, ` +
      `so whoever may write a RequestAuthentication can make istiod call any address, internal ones included. To ` +
      `restrict it, set that environment variable on istiod's container to the CIDR ranges it must never fetch from ` +
      `(for example 169.254.0.0/16, the cloud metadata service).` +
      (inCluster
        ? ` This policy's jwksUri (${inCluster}) is inside the cluster, so keep the cluster's Pod and Service ranges out of that list, or istiod can no longer fetch these keys.`
        : ''),
    path: 'spec.jwtRules',
    references: [{ kind: istiod.kind, namespace: istiod.namespace, name: istiod.name }],
  });
}

/** Does the Deployment set BLOCKED_CIDRS_IN_JWKS_URIS? An empty value is unset (as Istio reads it); a valueFrom counts as set. */
function blocksJwksCidrs(ctx: RuleContext, d: Entry): boolean {
  const containers = ctx.ix.workloadOf(d)?.podSpec['containers'];
  return arr(containers).some((c) =>
    arr(obj(c)['env']).some((v) => {
      const ev = obj(v);
      return ev['name'] === 'BLOCKED_CIDRS_IN_JWKS_URIS' && (!!str(ev['value']) || ev['valueFrom'] !== undefined);
    }),
  );
}

/** Is the URL's host plainly a Kubernetes Service (`svc`, `svc.ns.svc`, `svc.ns.svc.<domain>`)? */
function inClusterUrl(url: string, clusterDomain: string): boolean {
  const host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase();
  if (!host) return false;
  return !host.includes('.') || host.endsWith('.svc') || host.endsWith(`.svc.${clusterDomain}`);
}

export const selectorRules: Rule[] = [
  { kinds: ['RequestAuthentication'], check: checkJwksFetch },
  {
    kinds: ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Sidecar', 'Telemetry'],
    check(ctx) {
      checkNoMatch(ctx);
      checkSingleDefault(ctx);
      checkSharedWorkload(ctx);
    },
  },
  {
    kinds: ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'],
    check: checkIneffectiveOnK8sGateway,
  },
];
