// Workloads and injection: ambient/sidecar labels (KIA1311–1317), uncovered workloads (KIA1301), pods without a proxy
// (IST0103), UID 1337 (IST0144), `image: auto` (IST0146/0147), several Services on one Deployment (IST0116/0137).
import type { Rule, RuleContext } from '../context.js';
import type { Workload } from '../index.js';
import { checkInjection } from './injection.js';
import { protocolFromName } from './services.js';
import { arr, obj, refOf, spec, str } from '../util.js';
import {
  AMBIENT_LABEL,
  hasSidecarContainer,
  missingSeverity,
  namespaceAmbient,
  namespaceInjected,
  namespaceLabels,
  notAmongInputs,
  ownedByController,
  selectorOf,
  servicesSelecting,
  SYSTEM_NAMESPACES,
  WAYPOINT_LABEL,
  waypointOf,
  workloadAmbient,
} from './common.js';

const CONTROLLERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'];

function wantsSidecar(ctx: RuleContext, w: Workload) {
  const v = w.labels['sidecar.istio.io/inject'] ?? w.podAnnotations['sidecar.istio.io/inject'];
  return (
    v === 'true' || w.labels['istio.io/rev'] !== undefined || (v !== 'false' && namespaceInjected(ctx, w.namespace))
  );
}

function checkLabels(ctx: RuleContext, w: Workload) {
  const ambient = workloadAmbient(ctx, w);
  if (ambient && wantsSidecar(ctx, w))
    ctx.report({
      ruleId: 'workload.sidecar-and-ambient',
      codes: ['KIA1311'],
      severity: 'error',
      message: `${w.entry.kind} ${w.entry.name} asks for both sidecar injection and ambient mode (labels on it or its namespace); pick one: remove istio-injection/sidecar.istio.io/inject or ${AMBIENT_LABEL}=ambient.`,
      path: 'metadata.labels',
    });
  const waypoint = w.labels[WAYPOINT_LABEL];
  if (waypoint && waypoint !== 'none') {
    if (!ambient)
      ctx.report({
        ruleId: 'workload.waypoint-not-ambient',
        codes: ['KIA1312'],
        severity: 'warning',
        message: `${w.entry.name} names waypoint "${waypoint}" but is not in ambient mode, so the waypoint is never used. Label it or its namespace ${AMBIENT_LABEL}=ambient.`,
        path: 'spec.template.metadata.labels',
      });
    const ns = w.labels['istio.io/use-waypoint-namespace'] ?? w.namespace;
    if (!ctx.ix.list('K8sGateway', ns).some((g) => g.name === waypoint))
      ctx.report({
        ruleId: 'workload.waypoint-not-found',
        codes: ['KIA1313'],
        severity: missingSeverity(ctx, 'error'),
        message: ctx.offline
          ? `${w.entry.name} uses waypoint ${ns}/${waypoint}, but ${notAmongInputs(`Gateway ${ns}/${waypoint}`)}. If it does not exist, its traffic is not processed: deploy it (istioctl waypoint apply) or fix the label.`
          : `${w.entry.name} uses waypoint ${ns}/${waypoint}, but no such Gateway exists, so its traffic is not processed. Deploy it (istioctl waypoint apply) or fix the label.`,
        path: 'spec.template.metadata.labels',
      });
  }
}

/**
 * IST0103 as istio/istio pkg/config/analysis/analyzers/injection/injection.go decides it: only namespaces labelled
 * istio-injection=enabled (not istio.io/rev, not istio-system), unless the pod's sidecar.istio.io/inject label (or,
 * without the label, its annotation) is "false" in any case.
 */
function missingProxyApplies(ctx: RuleContext, w: Workload): boolean {
  if (w.namespace === 'istio-system' || namespaceLabels(ctx, w.namespace)?.['istio-injection'] !== 'enabled')
    return false;
  const inject = w.labels['sidecar.istio.io/inject'] ?? w.podAnnotations['sidecar.istio.io/inject'];
  return inject?.toLowerCase() !== 'false';
}

function checkPodState(ctx: RuleContext, w: Workload) {
  const e = w.entry;
  const sidecar = hasSidecarContainer(w);
  const redirected = w.podAnnotations['ambient.istio.io/redirection'] === 'enabled';
  if (redirected && wantsSidecar(ctx, w))
    ctx.report({
      ruleId: 'pod.sidecar-label-but-ambient',
      codes: ['KIA1314'],
      severity: 'error',
      message: `Pod ${e.name} is labelled for sidecar injection but its traffic is redirected to ztunnel (ambient); remove one of the two modes and restart it.`,
      path: 'metadata.annotations',
    });
  if (sidecar && w.labels[AMBIENT_LABEL] === 'ambient')
    ctx.report({
      ruleId: 'pod.ambient-label-with-sidecar',
      codes: ['KIA1315'],
      severity: 'error',
      message: `Pod ${e.name} is labelled ambient but runs an istio-proxy sidecar; disable injection for it and restart it.`,
      path: 'metadata.labels',
    });
  else if (sidecar && namespaceAmbient(ctx, w.namespace))
    ctx.report({
      ruleId: 'pod.sidecar-in-ambient-namespace',
      codes: ['KIA1316'],
      severity: 'warning',
      message: `Pod ${e.name} runs a sidecar in ambient namespace ${w.namespace}; it bypasses ztunnel. Restart it without injection, or keep sidecars deliberately.`,
      path: 'spec.containers',
    });
  if (
    !sidecar &&
    missingProxyApplies(ctx, w) &&
    spec(e)['hostNetwork'] !== true &&
    w.labels[AMBIENT_LABEL] !== 'ambient'
  )
    ctx.report({
      ruleId: 'pod.missing-proxy',
      codes: ['IST0103'],
      severity: 'warning',
      message: `Pod ${e.name} is in injection-enabled namespace ${w.namespace} but has no istio-proxy container (created before injection was enabled?). Restart it (kubectl rollout restart).`,
      path: 'spec.containers',
    });
}

function checkUid(ctx: RuleContext, w: Workload) {
  const base = w.entry.kind === 'Pod' ? 'spec' : 'spec.template.spec';
  const podUid = obj(w.podSpec['securityContext'])['runAsUser'];
  arr(w.podSpec['containers']).forEach((c, i) => {
    const co = obj(c);
    if (co['name'] === 'istio-proxy') return;
    const uid = obj(co['securityContext'])['runAsUser'] ?? podUid;
    if (uid === 1337)
      ctx.report({
        ruleId: 'workload.uid-1337',
        codes: ['IST0144'],
        severity: 'warning',
        message: `Container ${String(co['name'])} runs as UID 1337, which Istio reserves for its proxy: its traffic bypasses the sidecar. Use another UID.`,
        path:
          obj(co['securityContext'])['runAsUser'] !== undefined
            ? `${base}.containers[${i}].securityContext.runAsUser`
            : `${base}.securityContext.runAsUser`,
      });
  });
}

function checkServices(ctx: RuleContext, w: Workload) {
  if (w.entry.kind !== 'Deployment' || SYSTEM_NAMESPACES.has(w.namespace) || w.namespace === ctx.mesh.rootNamespace)
    return;
  const services = servicesSelecting(ctx, w);
  if (services.length < 2) return;
  const byPort = new Map<number, { proto: string; svc: string }[]>();
  const byTarget = new Map<string, { port: number; svc: string }[]>();
  for (const svc of services)
    for (const p of arr(spec(svc)['ports'])) {
      const po = obj(p);
      const port = po['port'];
      if (typeof port !== 'number') continue;
      // The protocol Istio derives (name prefix, appProtocol), else the Kubernetes protocol.
      const proto = (
        protocolFromName(str(po['name'])) ??
        str(po['appProtocol']) ??
        str(po['protocol']) ??
        'TCP'
      ).toUpperCase();
      byPort.set(port, [...(byPort.get(port) ?? []), { proto, svc: svc.name }]);
      const target = String(po['targetPort'] ?? port);
      byTarget.set(target, [...(byTarget.get(target) ?? []), { port, svc: svc.name }]);
    }
  for (const [port, uses] of byPort)
    if (new Set(uses.map((u) => u.proto)).size > 1)
      ctx.report({
        ruleId: 'workload.multi-service-protocol',
        codes: ['IST0116'],
        severity: 'warning',
        message: `Services ${uses.map((u) => `${u.svc} (${u.proto})`).join(', ')} select this Deployment's pods on port ${port} with different protocols; Istio cannot serve both. Use one protocol per port.`,
        path: 'spec.template.metadata.labels',
        references: services.map(refOf),
      });
  for (const [target, uses] of byTarget)
    if (new Set(uses.map((u) => u.port)).size > 1)
      ctx.report({
        ruleId: 'workload.multi-service-ports',
        codes: ['IST0137'],
        severity: 'warning',
        message: `Services ${uses.map((u) => `${u.svc} (port ${u.port})`).join(', ')} send to the same targetPort ${target} of this Deployment from different ports; Istio builds one inbound listener per port and one of them is dropped. Use the same port number.`,
        path: 'spec.template.metadata.labels',
        references: services.map(refOf),
      });
}

function checkAmbientL7(ctx: RuleContext, w: Workload) {
  if (!workloadAmbient(ctx, w) || waypointOf(w.labels) || waypointOf(namespaceLabels(ctx, w.namespace))) return;
  const ap = ctx.ix.list('AuthorizationPolicy', w.namespace).find((p) => {
    const sel = selectorOf(p);
    if (!sel || !Object.keys(sel.labels).every((k) => w.labels[k] === sel.labels[k])) return false;
    return arr(spec(p)['rules']).some((r) =>
      arr(obj(r)['to']).some((t) =>
        ['methods', 'paths', 'hosts'].some((k) => obj(obj(t)['operation'])[k] !== undefined),
      ),
    );
  });
  if (ap)
    ctx.report({
      ruleId: 'workload.ambient-l7-without-waypoint',
      codes: ['KIA1317'],
      severity: 'warning',
      message: `${w.entry.name} is ambient and AuthorizationPolicy ${ap.name} applies L7 rules to it, but it has no waypoint; ztunnel enforces only L4 and denies those requests. Deploy a waypoint and label the workload istio.io/use-waypoint.`,
      path: 'metadata',
      references: [refOf(ap)],
    });
}

function checkCovered(ctx: RuleContext, w: Workload) {
  if (SYSTEM_NAMESPACES.has(w.namespace) || ctx.silenced('KIA1301')) return;
  const covering = [
    ...ctx.ix.list('AuthorizationPolicy', w.namespace),
    ...ctx.ix.list('AuthorizationPolicy', ctx.mesh.rootNamespace),
  ].some((p) => {
    const sel = selectorOf(p);
    return !sel || Object.keys(sel.labels).every((k) => w.labels[k] === sel.labels[k]);
  });
  if (!covering)
    ctx.report({
      ruleId: 'workload.no-authorization-policy',
      codes: ['KIA1301'],
      severity: 'warning',
      message: `No AuthorizationPolicy in ${w.namespace} or ${ctx.mesh.rootNamespace} applies to ${w.entry.name}, so every caller is allowed. Add one (this check is off by default, as in Kiali).`,
      path: 'metadata',
    });
}

export const workloadRules: Rule[] = [
  {
    kinds: CONTROLLERS,
    check(ctx) {
      const w = ctx.ix.workloadOf(ctx.entry);
      if (!w) return;
      if (ctx.entry.kind === 'Pod') checkPodState(ctx, w);
      if (ctx.entry.kind === 'Pod' || !ownedByController(ctx.entry)) checkInjection(ctx, w);
      if (ownedByController(ctx.entry)) return;
      checkLabels(ctx, w);
      checkUid(ctx, w);
      checkServices(ctx, w);
      checkAmbientL7(ctx, w);
      checkCovered(ctx, w);
    },
  },
];
