// Cross-object conflicts: VirtualServices that claim the same host on the same gateway (KIA1106, IST0109), and
// exportTo entries naming namespaces that do not exist (KIA0005).
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import { exportedTo, isWildcard } from '../hosts.js';
import type { Entry } from '../types.js';
import { arr, describe, obj, refOf, spec, strs, sorted } from '../util.js';
import { fqdnIn, missingSeverity, namespaceSeverity, notAmongInputs } from './common.js';
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
        if (mine.includes(g) && (g === 'mesh' || mergeLoses(e, o))) {
          const list = clashes.get(g) ?? [];
          list.push(o);
          clashes.set(g, list);
        }
    }
    for (const [g, others] of clashes) {
      const onMesh = g === 'mesh';
      const list = sorted(others).map(describe).join(', ');
      ctx.report({
        ruleId: 'vs.host-conflict',
        codes: onMesh ? ['KIA1106', 'IST0109'] : ['KIA1106'],
        severity: onMesh ? 'error' : 'warning',
        message: onMesh
          ? `${list} also claim${others.length === 1 ? 's' : ''} host ${raw} for mesh traffic; Istio uses only one of them, so the other routes are silently ignored. Merge the routes into one VirtualService per host.`
          : `${list} also route${others.length === 1 ? 's' : ''} host ${raw} on gateway ${g}. Istio appends the routes of every VirtualService for one host on a gateway, oldest first, and ${catchAll(e) ? 'this one has a rule without a match condition' : 'the other has a rule without a match condition, or both match the same requests'}, so whichever comes first takes those requests and the later rules never apply. Keep the catch-all rule in one VirtualService only, or merge them.`,
        path: `spec.hosts[${i}]`,
        references: others.map(refOf),
      });
    }
  });
}

/**
 * On a gateway (not the mesh), Istio merges the VirtualServices of one host: it appends their routes in order
 * (istio/istio pilot/pkg/networking/core/gateway.go, vHostDedupMap), as its IST0109 reference says ("Istio supports
 * merging of virtual services that are attached to the ingress gateways"). Splitting one host's paths over several
 * VirtualServices is then fine; routes are lost only when one has a catch-all rule or both match the same requests.
 */
function mergeLoses(a: Entry, b: Entry): boolean {
  if (catchAll(a) || catchAll(b)) return true;
  const matches = new Set(httpMatches(a));
  return httpMatches(b).some((m) => matches.has(m));
}

/** A rule that takes every request: an HTTP rule with no (or an empty) match, or a TCP/TLS route section. */
function catchAll(e: Entry): boolean {
  const s = spec(e);
  if (arr(s['tcp']).some((r) => arr(obj(r)['match']).length === 0)) return true;
  return arr(s['http']).some((r) => {
    const m = arr(obj(r)['match']);
    return m.length === 0 || m.some((x) => Object.keys(obj(x)).length === 0 || isRootPrefix(obj(x)));
  });
}
const isRootPrefix = (m: Record<string, unknown>) =>
  Object.keys(m).length === 1 && JSON.stringify(m['uri']) === JSON.stringify({ prefix: '/' });

const httpMatches = (e: Entry) =>
  arr(spec(e)['http']).flatMap((r) => arr(obj(r)['match']).map((m) => JSON.stringify(m)));

function checkExportTo(ctx: RuleContext) {
  strs(spec(ctx.entry)['exportTo']).forEach((ns, i) => {
    if (ns === '.' || ns === '*' || ns === '~' || ctx.ix.hasNamespace(ns)) return;
    ctx.report({
      ruleId: 'export-to.namespace-not-found',
      codes: ['KIA0005'],
      severity: missingSeverity(ctx, namespaceSeverity(ctx, 'error')),
      message: ctx.offline
        ? `exportTo names namespace "${ns}", but ${notAmongInputs(`namespace ${ns}`)}. If it does not exist, the object is not visible where intended: use ".", "*" or an existing namespace.`
        : `exportTo names namespace "${ns}", which does not exist${ctx.namespacesComplete ? '' : ' in the input'}; the object is not visible where intended. Use ".", "*" or an existing namespace.`,
      path: `spec.exportTo[${i}]`,
    });
  });
}

export const conflictRules: Rule[] = [
  { kinds: ['VirtualService'], check: checkHostConflicts },
  { kinds: ['VirtualService', 'DestinationRule', 'ServiceEntry'], check: checkExportTo },
];
