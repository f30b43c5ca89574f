// Sidecar: egress hosts that exist, the root namespace default, outbound policy, ambient namespaces, deprecations.
import { serviceExportTo, type Rule, type RuleContext } from '../context.js';
import { exportedTo, isWildcard, sidecarImports, splitNsHost } from '../hosts.js';
import type { Entry } from '../types.js';
import { arr, obj, spec, str, strs } from '../util.js';
import { fqdnIn, hostSeverity, namespaceAmbient, notFoundTail, selectorOf, workloadAmbient } from './common.js';

function checkEgressHosts(ctx: RuleContext) {
  const e = ctx.entry;
  arr(spec(e)['egress']).forEach((eg, i) =>
    strs(obj(eg)['hosts']).forEach((h, j) => {
      const { ns, host } = splitNsHost(h);
      if (ns === '*' || ns === '~' || isWildcard(host) || !host) return;
      const namespace = ns === '.' ? e.namespace : ns;
      // The host part is matched as written, never expanded, and imports only registry hosts that fall under it
      // (hosts.ts sidecarImports, pilot/pkg/model/sidecar.go): a ServiceEntry's `*.example.com` is not imported by
      // `api.example.com`.
      const svc = ctx.ix.service(host);
      const imports = (x: Entry, registryHost: string) =>
        sidecarImports(h, e.namespace, { host: registryHost, namespace: x.namespace });
      const ses = ctx.ix.serviceEntries(host).filter((x) => strs(spec(x)['hosts']).some((sh) => imports(x, sh)));
      const found = [...(svc && imports(svc, host) ? [svc] : []), ...ses];
      // pilot/pkg/model/sidecar.go: a Sidecar imports only what is exported to its own namespace.
      const visible = found.filter((x) =>
        exportedTo(x.kind === 'Service' ? serviceExportTo(x) : spec(x)['exportTo'], x.namespace, e.namespace),
      );
      if (visible.length > 0) return;
      if (found.length > 0) {
        ctx.report({
          ruleId: 'sidecar.egress-host-not-visible',
          codes: ['KIA1004'],
          severity: 'warning',
          message: `Egress host "${h}" names ${found.map((x) => `${x.kind} ${x.namespace}/${x.name}`).join(', ')}, which is not exported to namespace ${e.namespace} (its exportTo), so this Sidecar imports nothing for it and calls to it fail. Export it to ${e.namespace} or drop the host.`,
          path: `spec.egress[${i}].hosts[${j}]`,
        });
        return;
      }
      // `ns/cart` or `ns/cart.ns`: a Service's short spelling, which Istio would need in full here; certain whatever
      // else the inputs hold.
      const [first, second, ...rest] = host.split('.');
      const short = second === undefined || (second === namespace && rest.length === 0) ? first! : undefined;
      const full = short !== undefined ? fqdnIn(ctx, short, namespace) : undefined;
      const hint =
        full !== undefined && ctx.ix.service(full)
          ? ` Istio does not expand the host part: write "${namespace}/${full}".`
          : ` Fix the name, or use "${namespace}/*" to import the whole namespace.`;
      ctx.report({
        ruleId: 'sidecar.egress-host-not-found',
        codes: ['KIA1004'],
        severity: short !== undefined ? 'warning' : hostSeverity(ctx, host, 'warning'),
        message: `Egress host "${h}" matches no Service or ServiceEntry in namespace ${namespace}, so it imports nothing.${hint}${short !== undefined ? '' : notFoundTail(ctx, host)}`,
        path: `spec.egress[${i}].hosts[${j}]`,
      });
    }),
  );
}

function checkRootDefault(ctx: RuleContext) {
  const e = ctx.entry;
  if (e.namespace === ctx.mesh.rootNamespace && spec(e)['workloadSelector'] !== undefined)
    ctx.report({
      ruleId: 'sidecar.root-selector',
      codes: ['KIA1006'],
      severity: 'warning',
      message: `A Sidecar in the root namespace ${ctx.mesh.rootNamespace} is the mesh-wide default only without a workloadSelector; with one it applies just to those pods in ${ctx.mesh.rootNamespace}. Remove the selector, or move the Sidecar to the workloads' namespace.`,
      path: 'spec.workloadSelector',
    });
}

function checkOutboundPolicy(ctx: RuleContext) {
  const otp = spec(ctx.entry)['outboundTrafficPolicy'];
  if (otp === undefined) return;
  const mode = str(obj(otp)['mode']);
  if (mode === undefined || mode === 'REGISTRY_ONLY')
    ctx.report({
      ruleId: 'sidecar.outbound-registry-only',
      codes: ['KIA1007'],
      severity: 'info',
      message: `outboundTrafficPolicy is REGISTRY_ONLY${mode ? '' : ' (the default when mode is omitted)'}: these workloads can reach only hosts in the registry; external hosts need a ServiceEntry.`,
      path: 'spec.outboundTrafficPolicy',
    });
  if (obj(otp)['egressProxy'] !== undefined)
    ctx.report({
      ruleId: 'sidecar.deprecated-field',
      codes: ['IST0002'],
      severity: 'warning',
      message:
        'outboundTrafficPolicy.egressProxy is deprecated; route external traffic through an egress gateway instead.',
      path: 'spec.outboundTrafficPolicy.egressProxy',
    });
}

/** IST0167: ambient pods have no sidecar proxy, so a Sidecar resource does nothing for them. */
function checkAmbient(ctx: RuleContext) {
  const e = ctx.entry;
  const sel = selectorOf(e);
  if (!sel) {
    if (namespaceAmbient(ctx, e.namespace) && e.namespace !== ctx.mesh.rootNamespace)
      ctx.report({
        ruleId: 'sidecar.ambient',
        codes: ['IST0167'],
        severity: 'warning',
        message: `Namespace ${e.namespace} runs in ambient mode, where pods have no sidecar proxy; this Sidecar has no effect. Remove it, or configure waypoints instead.`,
        path: 'spec',
      });
    return;
  }
  const ambient = ctx.ix.selectWorkloads(e.namespace, sel.labels).find((w) => workloadAmbient(ctx, w));
  if (ambient)
    ctx.report({
      ruleId: 'sidecar.ambient',
      codes: ['IST0167'],
      severity: 'warning',
      message: `${ambient.entry.kind} ${ambient.entry.name} runs in ambient mode, without a sidecar proxy, so this Sidecar does nothing for it.`,
      path: sel.path,
    });
}

export const sidecarRules: Rule[] = [
  {
    kinds: ['Sidecar'],
    check(ctx) {
      checkEgressHosts(ctx);
      checkRootDefault(ctx);
      checkOutboundPolicy(ctx);
      checkAmbient(ctx);
    },
  },
];
