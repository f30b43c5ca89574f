// Kubernetes Services as Istio reads them: port names and appProtocol decide the protocol (KIA0601, KIA0602, IST0118,
// IST0150), and the targetPort must be a port the selected pods expose (KIA0701).
import type { Rule, RuleContext } from '../context.js';
import { containerPorts, type Workload } from '../index.js';
import { arr, labels, labelsOf, obj, spec, str } from '../util.js';
import { inMesh, SYSTEM_NAMESPACES } from './common.js';

/** Protocols Istio derives from a port name prefix (`http`, `http-web`, `grpc-api`…). */
const NAME_PROTOCOLS = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'tcp',
  'tls',
  'mongo',
  'mysql',
  'redis',
  'udp',
  'h2c',
];
const APP_PROTOCOLS = [
  ...NAME_PROTOCOLS,
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
  'http_proxy',
  'ws',
  'wss',
];

export function protocolFromName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  return NAME_PROTOCOLS.find((p) => lower === p || lower.startsWith(`${p}-`));
}

function selectedWorkloads(ctx: RuleContext): readonly Workload[] {
  const sel = labelsOf(obj(spec(ctx.entry)['selector']));
  if (Object.keys(sel).length === 0) return [];
  return ctx.ix.selectWorkloads(ctx.entry.namespace, sel);
}

function checkPorts(ctx: RuleContext, workloads: readonly Workload[]) {
  const e = ctx.entry;
  const s = spec(e);
  // Gateway-managed Services and the control plane's own (status-port, tls-xds…) are skipped, as istioctl does.
  if (
    labels(e)['gateway.istio.io/managed'] !== undefined ||
    e.namespace === ctx.mesh.rootNamespace ||
    SYSTEM_NAMESPACES.has(e.namespace)
  )
    return;
  const external = str(s['type']) === 'ExternalName';
  const meshed = !external && workloads.some((w) => inMesh(ctx, w)) && labels(e)['kiali_wizard'] === undefined;
  arr(s['ports']).forEach((p, i) => {
    const po = obj(p);
    if ((str(po['protocol']) ?? 'TCP').toUpperCase() === 'UDP') return;
    const appProtocol = str(po['appProtocol']);
    const name = str(po['name']);
    if (appProtocol && meshed && !APP_PROTOCOLS.includes(appProtocol.toLowerCase()))
      ctx.report({
        ruleId: 'svc.app-protocol',
        codes: ['KIA0602'],
        severity: 'error',
        message: `appProtocol "${appProtocol}" is not a protocol Istio knows (${NAME_PROTOCOLS.join(', ')}), so it treats the port as plain TCP. Use one of those.`,
        path: `spec.ports[${i}].appProtocol`,
      });
    if (appProtocol) return;
    const proto = protocolFromName(name);
    if (external && (!proto || name === 'tcp')) {
      ctx.report({
        ruleId: 'svc.external-name-port',
        codes: ['IST0150'],
        severity: 'warning',
        message: `Port ${String(po['port'])} of this ExternalName Service is named "${name ?? ''}", from which Istio derives no protocol${name === 'tcp' ? ' other than opaque TCP' : ''}; the proxy may not forward its traffic correctly. Name it <protocol>[-suffix] (e.g. http-web) or set appProtocol.`,
        path: `spec.ports[${i}]`,
      });
      return;
    }
    if (proto || external) return;
    ctx.report({
      ruleId: 'svc.port-name',
      codes: meshed ? ['KIA0601', 'IST0118'] : ['IST0118'],
      severity: meshed ? 'error' : 'info',
      message: `Port ${String(po['port'])}${name ? ` is named "${name}", which` : ' has no name and'} does not follow <protocol>[-suffix] (e.g. http, grpc-api, tcp-db), so Istio sniffs the protocol. Rename it or set appProtocol.`,
      path: name ? `spec.ports[${i}].name` : `spec.ports[${i}]`,
    });
  });
}

function checkTargetPorts(ctx: RuleContext, workloads: readonly Workload[]) {
  const e = ctx.entry;
  if (e.namespace === ctx.mesh.rootNamespace) return;
  const deployments = workloads.filter(
    (w) =>
      w.entry.kind === 'Deployment' &&
      w.labels['istio.io/gateway-name'] === undefined &&
      w.labels['gateway.networking.k8s.io/gateway-name'] === undefined &&
      w.labels['istio'] === undefined,
  );
  if (deployments.length === 0) return;
  arr(spec(e)['ports']).forEach((p, i) => {
    const po = obj(p);
    const target = po['targetPort'] ?? po['port'];
    for (const d of deployments) {
      const ports = containerPorts(d);
      // A container that lists no ports still accepts traffic on any; only a list that lacks the port is wrong.
      if (ports.length === 0) continue;
      if (ports.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target))) continue;
      ctx.report({
        ruleId: 'svc.target-port',
        codes: ['KIA0701'],
        severity: 'warning',
        message: `Deployment ${d.entry.name} exposes no container port ${typeof target === 'number' ? target : `named "${String(target)}"`} (targetPort of port ${String(po['port'])}); it declares ${ports.map((cp) => cp.name ?? cp.containerPort).join(', ')}. Fix targetPort or the container's ports.`,
        path: po['targetPort'] !== undefined ? `spec.ports[${i}].targetPort` : `spec.ports[${i}]`,
        references: [{ kind: d.entry.kind, namespace: d.entry.namespace, name: d.entry.name }],
      });
    }
  });
}

export const serviceRules: Rule[] = [
  {
    kinds: ['Service'],
    check(ctx) {
      const workloads = selectedWorkloads(ctx);
      checkPorts(ctx, workloads);
      checkTargetPorts(ctx, workloads);
    },
  },
];
