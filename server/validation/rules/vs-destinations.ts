// Every destination a VirtualService names (routes and mirrors of http, tcp and tls rules), with its path.
import type { Entry } from '../types.js';
import { arr, obj, spec, str, type Obj } from '../util.js';

export interface Destination {
  host: string;
  subset?: string;
  port?: number;
  weight?: unknown;
  /** Path of the `destination` object, e.g. `spec.http[0].route[1].destination`. */
  path: string;
  /** Path of the route list it belongs to (for per-route checks); undefined for mirrors. */
  routePath?: string;
  mirror: boolean;
}

function dest(d: Obj, path: string, extra: Partial<Destination>): Destination | undefined {
  const host = str(d['host']);
  if (!host) return undefined;
  const portNum = obj(d['port'])['number'];
  return {
    host,
    ...(str(d['subset']) ? { subset: str(d['subset']) } : {}),
    ...(typeof portNum === 'number' ? { port: portNum } : {}),
    path,
    mirror: false,
    ...extra,
  };
}

export const ROUTE_SECTIONS = ['http', 'tcp', 'tls'] as const;

export function destinationsOf(e: Entry): Destination[] {
  const out: Destination[] = [];
  const s = spec(e);
  for (const section of ROUTE_SECTIONS) {
    arr(s[section]).forEach((rule, i) => {
      const r = obj(rule);
      const routePath = `spec.${section}[${i}].route`;
      arr(r['route']).forEach((rw, j) => {
        const d = dest(obj(obj(rw)['destination']), `${routePath}[${j}].destination`, {
          routePath,
          weight: obj(rw)['weight'],
        });
        if (d) out.push(d);
      });
      if (section !== 'http') return;
      const m = dest(obj(r['mirror']), `spec.http[${i}].mirror`, { mirror: true });
      if (m) out.push(m);
      arr(r['mirrors']).forEach((mp, k) => {
        const d = dest(obj(obj(mp)['destination']), `spec.http[${i}].mirrors[${k}].destination`, { mirror: true });
        if (d) out.push(d);
      });
    });
  }
  return out;
}

/** Gateway names a VirtualService binds to, with paths: `spec.gateways` and `match[].gateways` of every rule. */
export function gatewayRefsOf(e: Entry): { name: string; path: string }[] {
  const s = spec(e);
  const out: { name: string; path: string }[] = [];
  arr(s['gateways']).forEach((g, i) => {
    if (typeof g === 'string') out.push({ name: g, path: `spec.gateways[${i}]` });
  });
  for (const section of ROUTE_SECTIONS)
    arr(s[section]).forEach((rule, i) =>
      arr(obj(rule)['match']).forEach((m, j) =>
        arr(obj(m)['gateways']).forEach((g, k) => {
          if (typeof g === 'string') out.push({ name: g, path: `spec.${section}[${i}].match[${j}].gateways[${k}]` });
        }),
      ),
    );
  return out;
}

/** The gateways the whole VirtualService is bound to; no `gateways` means the mesh. */
export function boundGateways(e: Entry): string[] {
  const g = arr(spec(e)['gateways']).filter((x): x is string => typeof x === 'string');
  return g.length === 0 ? ['mesh'] : g;
}

/**
 * A gateway reference resolved to namespace/name. `ns/name` is explicit; a bare name is in the VirtualService's
 * namespace; the old dotted form `name.ns[.svc.cluster.local]` is still read, and flagged.
 */
export function resolveGateway(ref: string, vsNamespace: string): { namespace: string; name: string; dotted: boolean } {
  const slash = ref.indexOf('/');
  // `./name` is the VirtualService's own namespace (pilot/pkg/model/config.go resolveGatewayName).
  if (slash >= 0) {
    const ns = ref.slice(0, slash);
    return { namespace: ns === '.' ? vsNamespace : ns, name: ref.slice(slash + 1), dotted: false };
  }
  if (ref.includes('.')) {
    const [name, namespace] = ref.split('.');
    return { namespace: namespace || vsNamespace, name: name ?? ref, dotted: true };
  }
  return { namespace: vsNamespace, name: ref, dotted: false };
}
