// VirtualService: destinations (host, subset, port), gateways, weights, unreachable rules, gateway hosts, JWT claims.
import type { Rule, RuleContext } from '../context.js';
import { exportedTo, isWildcard } from '../hosts.js';
import type { Entry } from '../types.js';
import { arr, describe, labelsOf, obj, refOf, spec, str, strs, sorted } from '../util.js';
import { fqdnIn, hostSeverity, missingSeverity, notAmongInputs, notFoundTail } from './common.js';
import { boundGateways, destinationsOf, resolveGateway, ROUTE_SECTIONS, type Destination } from './vs-destinations.js';
import { checkGateways } from './vs-gateways.js';

/** Port numbers a Service or ServiceEntry exposes. */
export function portsOf(e: Entry): number[] {
  return arr(spec(e)['ports'])
    .map((p) => obj(p)[e.kind === 'ServiceEntry' ? 'number' : 'port'])
    .filter((n): n is number => typeof n === 'number');
}

function checkDestination(ctx: RuleContext, d: Destination) {
  const e = ctx.entry;
  if (isWildcard(d.host)) return;
  const fqdn = fqdnIn(ctx, d.host);
  const what = d.mirror ? 'mirror' : 'destination';
  const found = ctx.ix.hostKnown(fqdn, e.namespace);
  if (!found.known) {
    const dotted = !d.host.includes('.svc.') && d.host.split('.').length === 2;
    ctx.report({
      ruleId: 'vs.host-not-found',
      codes: ['KIA1101', 'IST0101'],
      severity: hostSeverity(ctx, fqdn, 'error'),
      message:
        `The ${what} host "${d.host}"${fqdn !== d.host ? ` (${fqdn})` : ''} matches no Service and no ServiceEntry visible from namespace ${e.namespace}, so requests routed here fail with 503. ` +
        (dotted
          ? `Istio does not expand "name.namespace" forms: write the full name ${d.host}.svc.${ctx.mesh.clusterDomain}, or the short name from the Service's own namespace.`
          : `Fix the host name, create the Service, or declare an external host with a ServiceEntry.`) +
        notFoundTail(ctx, fqdn),
      path: `${d.path}.host`,
    });
    return;
  }
  // The VirtualService applies in every namespace it is exported to; the destination must be visible there too.
  for (const viewer of strs(spec(e)['exportTo'])) {
    if (viewer === '.' || viewer === '*' || viewer === '~' || viewer === e.namespace) continue;
    if (ctx.ix.hostKnown(fqdn, viewer).known) continue;
    ctx.report({
      ruleId: 'vs.host-not-visible',
      codes: ['IST0101'],
      severity: 'error',
      message: `This VirtualService is exported to namespace ${viewer}, but the ${what} host "${d.host}" (${fqdn}) is not visible there (its Service or ServiceEntry is not exported to ${viewer}), so requests from ${viewer} fail. Export the destination to ${viewer} or stop exporting the VirtualService there.`,
      path: `${d.path}.host`,
    });
    break;
  }
  const target = found.via!;
  const ports = portsOf(target);
  if (d.port !== undefined && ports.length > 0 && !ports.includes(d.port)) {
    ctx.report({
      ruleId: 'vs.port-not-found',
      codes: ['IST0101'],
      severity: 'error',
      message: `${describe(target)} has no port ${d.port} (it exposes ${ports.join(', ')}); set ${d.path}.port.number to one of those.`,
      path: `${d.path}.port.number`,
      references: [refOf(target)],
    });
  }
  if (d.port === undefined && ports.length > 1) {
    ctx.report({
      ruleId: 'vs.port-required',
      codes: ['IST0112'],
      severity: 'error',
      message: `${describe(target)} exposes several ports (${ports.join(', ')}), so the ${what} for "${d.host}" must say which: add ${d.path}.port.number.`,
      path: d.path,
      references: [refOf(target)],
    });
  }
  if (d.subset) {
    const drs = ctx.ix
      .declaring('DestinationRule', fqdn)
      .filter((dr) => exportedTo(spec(dr)['exportTo'], dr.namespace, e.namespace));
    const defines = drs.some((dr) => arr(spec(dr)['subsets']).some((s) => obj(s)['name'] === d.subset));
    if (!defines) {
      const known = drs.flatMap((dr) => arr(spec(dr)['subsets']).map((s) => str(obj(s)['name']))).filter(Boolean);
      ctx.report({
        ruleId: 'vs.subset-not-found',
        codes: ['KIA1107', 'IST0101'],
        // Offline, a DestinationRule missing from the files may be in the cluster; one that is there but lacks the
        // subset is certain.
        severity: drs.length === 0 ? missingSeverity(ctx, 'error') : 'error',
        message:
          drs.length === 0 && ctx.offline
            ? `The ${what} names subset "${d.subset}" of ${d.host}, but ${notAmongInputs(`a DestinationRule for ${fqdn}`)}. Without one that defines subset "${d.subset}", requests routed here fail with 503 (no healthy upstream).`
            : drs.length === 0
              ? `The ${what} names subset "${d.subset}" of ${d.host}, but no DestinationRule for ${fqdn} is visible from namespace ${e.namespace}, so requests routed here fail with 503 (no healthy upstream). Add a DestinationRule that defines subset "${d.subset}", or remove the subset.`
              : `The ${what} names subset "${d.subset}" of ${d.host}, but ${sorted(drs).map(describe).join(', ')} define${drs.length === 1 ? 's' : ''} only ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'no subsets'}, so requests routed here fail with 503. Add the subset to the DestinationRule or route to an existing one.`,
        path: `${d.path}.subset`,
        references: drs.map(refOf),
      });
    }
  }
}

function checkRoutes(ctx: RuleContext) {
  const s = spec(ctx.entry);
  for (const section of ROUTE_SECTIONS)
    arr(s[section]).forEach((rule, i) => {
      const route = arr(obj(rule)['route']);
      const base = `spec.${section}[${i}].route`;
      if (route.length === 1) {
        const w = obj(route[0])['weight'];
        if (typeof w === 'number' && w > 0 && w < 100)
          ctx.report({
            ruleId: 'vs.single-weight',
            codes: ['KIA1104'],
            severity: 'warning',
            message: `${base}[0] is the only destination but has weight ${w}; Istio sends it 100% of the traffic anyway. Remove the weight or add the other destinations.`,
            path: `${base}[0].weight`,
          });
      }
      if (route.length > 1) {
        const weights = route.map((r) => obj(r)['weight']);
        if (weights.some((w) => typeof w === 'number')) {
          const total = weights.reduce<number>((sum, w) => sum + (typeof w === 'number' ? w : 0), 0);
          if (total !== 100)
            ctx.report({
              ruleId: 'vs.weight-sum',
              severity: 'warning',
              message: `The weights of ${base} add up to ${total}, not 100; Istio scales them, so the split is not the percentages written. Make them sum to 100.`,
              path: base,
            });
        }
      }
      const seen = new Map<string, number>();
      route.forEach((r, j) => {
        const d = obj(obj(r)['destination']);
        const host = str(d['host']);
        if (!host) return;
        const key = `${fqdnIn(ctx, host)}|${str(d['subset']) ?? ''}|${obj(d['port'])['number'] ?? ''}`;
        const first = seen.get(key);
        if (first !== undefined)
          ctx.report({
            ruleId: 'vs.duplicate-destination',
            codes: ['KIA1105'],
            severity: 'warning',
            message: `${base}[${j}] repeats the destination of ${base}[${first}] (${host}${d['subset'] ? ` subset ${String(d['subset'])}` : ''}); merge them into one destination with the summed weight.`,
            path: `${base}[${j}].destination`,
          });
        else seen.set(key, j);
      });
    });
}

/**
 * IST0130/IST0131, as istioctl reads a route list: a rule after a catch-all (no match) is unreachable; a match that
 * repeats an earlier one (its `name` aside) or is covered by it (a longer URI prefix, every other condition the same)
 * is ineffective; a rule whose matches all repeat earlier ones is unreachable.
 */
function checkReachability(ctx: RuleContext) {
  const s = spec(ctx.entry);
  for (const section of ROUTE_SECTIONS) {
    const rules = arr(s[section]);
    let catchAll: number | undefined;
    const earlier: { key: string; match: Record<string, unknown>; rule: number }[] = [];
    rules.forEach((rule, i) => {
      const matches = arr(obj(rule)['match']).map(obj);
      if (catchAll !== undefined) {
        ctx.report({
          ruleId: 'vs.unreachable-rule',
          codes: ['IST0130'],
          severity: 'warning',
          message: `${section}[${i}] can never match: ${section}[${catchAll}] before it has no match conditions and takes every request. Move the catch-all rule last.`,
          path: `spec.${section}[${i}]`,
        });
        return;
      }
      const keys = matches.map(matchKey);
      if (matches.length === 0 || keys.some((k) => k === '{}')) {
        catchAll = i;
        return;
      }
      let duplicates = 0;
      const mine: typeof earlier = [];
      matches.forEach((m, j) => {
        const key = keys[j]!;
        const same = [...earlier, ...mine].find((x) => x.key === key);
        const cover = same ?? [...earlier, ...mine].find((x) => covers(x.match, m));
        if (same) duplicates++;
        if (cover)
          ctx.report({
            ruleId: 'vs.ineffective-match',
            codes: ['IST0131'],
            severity: 'info',
            message: same
              ? `${section}[${i}].match[${j}] repeats a match of ${section}[${same.rule}], which comes first and takes those requests; remove it.`
              : `${section}[${i}].match[${j}] is covered by a match of ${section}[${cover.rule}] (a shorter URI prefix with the same other conditions), which comes first and takes those requests; reorder or remove it.`,
            path: `spec.${section}[${i}].match[${j}]`,
          });
        mine.push({ key, match: m, rule: i });
      });
      if (duplicates === matches.length)
        ctx.report({
          ruleId: 'vs.unreachable-rule',
          codes: ['IST0130'],
          severity: 'warning',
          message: `${section}[${i}] can never match: each of its matches repeats one of an earlier rule, which takes those requests. Remove it or make its matches distinct.`,
          path: `spec.${section}[${i}]`,
        });
      earlier.push(...mine);
    });
  }
}

/** Does the earlier match `a` take every request that `b` matches? (URI prefixes nest; other conditions are equal.) */
function covers(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of Object.keys(a)) {
    if (k === 'name') continue;
    if (!(k in b)) return false;
    if (k === 'uri') {
      const pa = str(obj(a[k])['prefix']);
      const pb = str(obj(b[k])['prefix']);
      if (
        pa !== undefined &&
        pb !== undefined &&
        Object.keys(obj(a[k])).length === 1 &&
        Object.keys(obj(b[k])).length === 1
      ) {
        if (!pb.startsWith(pa)) return false;
        continue;
      }
    }
    if (matchKey({ v: a[k] }) !== matchKey({ v: b[k] })) return false;
  }
  return true;
}

function matchKey(m: Record<string, unknown>): string {
  const rest = Object.fromEntries(
    Object.entries(m)
      .filter(([k]) => k !== 'name')
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify(rest, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** IST0140: subset routes for mesh traffic don't apply at an ingress gateway whose VirtualService routes without subset. */
function checkIngressSubsets(ctx: RuleContext) {
  const e = ctx.entry;
  if (boundGateways(e).every((g) => g === 'mesh')) return;
  const reported = new Set<string>();
  for (const d of destinationsOf(e)) {
    if (d.subset || d.mirror || isWildcard(d.host)) continue;
    const fqdn = fqdnIn(ctx, d.host);
    if (reported.has(fqdn)) continue;
    const meshVs = ctx.ix
      .declaring('VirtualService', fqdn)
      .filter((vs) => vs !== e && boundGateways(vs).includes('mesh') && destinationsOf(vs).some((x) => x.subset));
    if (meshVs.length === 0) continue;
    reported.add(fqdn);
    ctx.report({
      ruleId: 'vs.ingress-subset-unaffected',
      codes: ['IST0140'],
      severity: 'warning',
      // Words for one subset (bookinfo's all-v1) as for a split: the mesh VirtualService may route everything to v1.
      message: `${sorted(meshVs).map(describe).join(', ')} routes ${d.host} to ${subsetWords(meshVs, ctx, fqdn)} for mesh traffic only; requests entering through this gateway go to ${d.host} without a subset, so they reach every version of it whatever that VirtualService says. Route to the subsets here as well if gateway traffic should follow the same rule.`,
      path: `${d.path}.host`,
      references: meshVs.map(refOf),
    });
  }
}

const subsetWords = (vss: Entry[], ctx: RuleContext, fqdn: string) => {
  const names = [
    ...new Set(
      vss.flatMap((vs) =>
        destinationsOf(vs)
          .filter((x) => x.subset && fqdnIn(ctx, x.host, vs.namespace) === fqdn)
          .map((x) => x.subset!),
      ),
    ),
  ].sort();
  return names.length === 1 ? `subset ${names[0]}` : names.length > 1 ? `subsets ${names.join(', ')}` : 'subsets';
};

/** IST0149: routing on JWT claims at a gateway needs a RequestAuthentication on the gateway's pods. */
function checkJwtClaims(ctx: RuleContext) {
  const e = ctx.entry;
  const s = spec(e);
  let claimPath: string | undefined;
  arr(s['http']).forEach((rule, i) =>
    arr(obj(rule)['match']).forEach((m, j) => {
      for (const field of ['headers', 'withoutHeaders'])
        for (const k of Object.keys(obj(obj(m)[field])))
          if (!claimPath && k.startsWith('@request.auth.claims')) claimPath = `spec.http[${i}].match[${j}].${field}`;
    }),
  );
  if (!claimPath) return;
  for (const ref of boundGateways(e)) {
    if (ref === 'mesh') continue;
    const g = resolveGateway(ref, e.namespace);
    const gw = ctx.ix.list('Gateway', g.namespace).find((x) => x.name === g.name);
    if (!gw) continue;
    const sel = labelsOf(obj(spec(gw)['selector']));
    if (Object.keys(sel).length === 0) continue;
    for (const pod of ctx.ix.selectWorkloads(undefined, sel)) {
      const ras = [
        ...ctx.ix.list('RequestAuthentication', pod.namespace),
        ...ctx.ix.list('RequestAuthentication', ctx.mesh.rootNamespace),
      ];
      const applies = ras.some((ra) => {
        const ml = labelsOf(obj(obj(spec(ra)['selector'])['matchLabels']));
        if (spec(ra)['selector'] === undefined)
          return ra.namespace === pod.namespace || ra.namespace === ctx.mesh.rootNamespace;
        // A selector in the root namespace reaches pods of every namespace (virtualservice/jwtclaimroute.go).
        return (
          (ra.namespace === pod.namespace || ra.namespace === ctx.mesh.rootNamespace) &&
          Object.keys(ml).every((k) => pod.labels[k] === ml[k])
        );
      });
      if (!applies) {
        ctx.report({
          ruleId: 'vs.jwt-claims-without-authn',
          codes: ['IST0149'],
          severity: 'error',
          message: `This route matches on JWT claims (@request.auth.claims), but no RequestAuthentication applies to the gateway pod ${pod.entry.namespace}/${pod.entry.name} of Gateway ${gw.namespace}/${gw.name}, so the claims are never set and the match never succeeds. Add a RequestAuthentication selecting the gateway pods.`,
          path: claimPath,
          references: [refOf(gw)],
        });
        return;
      }
    }
  }
}

function checkDeprecated(ctx: RuleContext) {
  arr(spec(ctx.entry)['http']).forEach((rule, i) => {
    const delay = obj(obj(obj(rule)['fault'])['delay']);
    // deprecation/deprecation.go reports it only when set above 0.
    if (typeof delay['percent'] === 'number' && delay['percent'] > 0)
      ctx.report({
        ruleId: 'vs.deprecated-field',
        codes: ['IST0002'],
        severity: 'warning',
        message: `fault.delay.percent is deprecated and may stop working in a future Istio release; use fault.delay.percentage.value instead.`,
        path: `spec.http[${i}].fault.delay.percent`,
      });
  });
}

export const virtualServiceRules: Rule[] = [
  {
    kinds: ['VirtualService'],
    check(ctx) {
      for (const d of destinationsOf(ctx.entry)) checkDestination(ctx, d);
      checkRoutes(ctx);
      checkGateways(ctx);
      checkReachability(ctx);
      checkIngressSubsets(ctx);
      checkJwtClaims(ctx);
      checkDeprecated(ctx);
    },
  },
];
