// Cross-object conflicts: VirtualServices that claim the same host on the same gateway (KIA1106, IST0109), and
// exportTo entries naming namespaces that do not exist (KIA0005).
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import { exportedTo, isWildcard } from '../hosts.js';
import type { Entry } from '../types.js';
import { describe, refOf, spec, strs, sorted } from '../util.js';
import { fqdnIn, namespaceSeverity } from './common.js';
import { boundGateways, resolveGateway } from './vs-destinations.js';

const gatewayKeys = (e: Entry) =>
  boundGateways(e).map((g) => {
    if (g === 'mesh') return 'mesh';
    const r = resolveGateway(g, e.namespace);
    return `${r.namespace}/${r.name}`;
  });

const nsWildcard = (h: string, ctx: RuleContext) =>
  new RegExp(`^\\*\\.[^.*]+\\.svc\\.${ctx.mesh.clusterDomain.replace(/\./g, '\\.')}$`).test(h);

function checkHostConflicts(ctx: RuleContext) {
  const e = ctx.entry;
  const mine = gatewayKeys(e);
  strs(spec(e)['hosts']).forEach((raw, i) => {
    const h = fqdnIn(ctx, raw);
    const candidates = isWildcard(h)
      ? ctx.ix.declaringUnder('VirtualService', h)
      : ctx.ix.declaring('VirtualService', h);
    const clashes = new Map<string, Entry[]>();
    for (const o of candidates) {
      if (sameObject(o, e)) continue;
      if (
        !exportedTo(spec(o)['exportTo'], o.namespace, e.namespace) ||
        !exportedTo(spec(e)['exportTo'], e.namespace, o.namespace)
      )
        continue;
      const theirHosts = strs(spec(o)['hosts']).map((x) => fqdnIn(ctx, x, o.namespace));
      const exact = theirHosts.includes(h);
      const nsOverlap = theirHosts.some(
        (t) =>
          (nsWildcard(t, ctx) && !isWildcard(h) && h.endsWith(t.slice(1))) ||
          (nsWildcard(h, ctx) && !isWildcard(t) && t.endsWith(h.slice(1))),
      );
      if (!exact && !nsOverlap) continue;
      for (const g of gatewayKeys(o))
        if (mine.includes(g)) {
          const list = clashes.get(g) ?? [];
          list.push(o);
          clashes.set(g, list);
        }
    }
    for (const [g, others] of clashes) {
      const onMesh = g === 'mesh';
      ctx.report({
        ruleId: 'vs.host-conflict',
        codes: onMesh ? ['KIA1106', 'IST0109'] : ['KIA1106'],
        severity: onMesh ? 'error' : 'warning',
        message: `${sorted(others).map(describe).join(', ')} also claim${others.length === 1 ? 's' : ''} host ${raw} ${onMesh ? 'for mesh traffic' : `on gateway ${g}`}; Istio ${onMesh ? 'uses only one of them' : 'merges them in no defined order'}, so some routes are silently ignored. Merge the routes into one VirtualService per host.`,
        path: `spec.hosts[${i}]`,
        references: others.map(refOf),
      });
    }
  });
}

function checkExportTo(ctx: RuleContext) {
  strs(spec(ctx.entry)['exportTo']).forEach((ns, i) => {
    if (ns === '.' || ns === '*' || ns === '~' || ctx.ix.hasNamespace(ns)) return;
    ctx.report({
      ruleId: 'export-to.namespace-not-found',
      codes: ['KIA0005'],
      severity: namespaceSeverity(ctx, 'error'),
      message: `exportTo names namespace "${ns}", which does not exist${ctx.namespacesComplete ? '' : ' in the input'}; the object is not visible where intended. Use ".", "*" or an existing namespace.`,
      path: `spec.exportTo[${i}]`,
    });
  });
}

export const conflictRules: Rule[] = [
  { kinds: ['VirtualService'], check: checkHostConflicts },
  { kinds: ['VirtualService', 'DestinationRule', 'ServiceEntry'], check: checkExportTo },
];
