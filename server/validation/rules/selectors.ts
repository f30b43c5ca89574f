// Workload selectors on policy kinds: selecting nothing (KIA0004, IST0127, IST0101), several selector-less objects in
// one namespace (KIA0002, IST0111, IST0160), several objects selecting one workload (KIA0003, IST0110, IST0159), and
// selector policies that a Kubernetes Gateway's pods ignore (IST0166).
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import type { Workload } from '../index.js';
import type { Entry } from '../types.js';
import { describe, fmtLabels, refOf, sorted } from '../util.js';
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

/** IST0175: with RequestAuthentication in use, istiod should refuse to fetch JWKS from internal addresses. */
function checkJwksFetch(ctx: RuleContext) {
  const istiod = ctx.ix
    .list('Deployment', ctx.mesh.rootNamespace)
    .find((d) => d.name === 'istiod' || d.name.startsWith('istiod-'));
  if (!istiod) return; // not in the input: nothing to check
  const w = ctx.ix.workloadOf(istiod);
  const env = (Array.isArray(w?.podSpec['containers']) ? w.podSpec['containers'] : []).flatMap((c) =>
    Array.isArray((c as { env?: unknown }).env) ? ((c as { env: { name?: string }[] }).env ?? []) : [],
  );
  if (env.some((v) => v?.name === 'BLOCKED_CIDRS_IN_JWKS_URIS')) return;
  ctx.report({
    ruleId: 'ra.jwks-fetch-unrestricted',
    codes: ['IST0175'],
    severity: 'warning',
    message: `istiod (${istiod.namespace}/${istiod.name}) fetches the jwksUri of RequestAuthentications without BLOCKED_CIDRS_IN_JWKS_URIS set, so a policy could make it call internal addresses. Set that environment variable on istiod.`,
    path: 'spec.jwtRules',
    references: [{ kind: istiod.kind, namespace: istiod.namespace, name: istiod.name }],
  });
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
