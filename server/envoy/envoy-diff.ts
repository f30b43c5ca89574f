// The config difference between two proxies of the same workload. They get the same push from istiod, so what one
// has and the other lacks (or holds differently) is a proxy that missed a push: a stale config, as `istioctl
// proxy-status` reports it per proxy (STALE / NOT SENT). Compared per section by name; what differs by design
// between two pods (their ids, IPs, names, certificate serials, push times) is left out of the comparison.
import type { EnvoySection, EnvoySectionDiff } from '../../lib/api/envoy.js';
import { field, obj } from './dump-fields.js';
import type { ParsedDump } from './parse-dump.js';

const MAX_PATHS = 8;
// Bootstrap values that are the pod's own: its node id, name and addresses.
const PER_POD_BOOTSTRAP = new Set(['node.id', 'metadata.NAME', 'metadata.INSTANCE_IPS', 'metadata.POD_NAME']);

/** The paths (`a.b[2].c`) at which two JSON values differ, the first few. */
export function differingPaths(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= MAX_PATHS || a === b) return out;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    out.push(path || '(value)');
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length) && out.length < MAX_PATHS; i++)
      differingPaths(a[i], b[i], `${path}[${i}]`, out);
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (out.length >= MAX_PATHS) break;
    if (k === 'last_updated' || k === 'lastUpdated' || k === 'version_info' || k === 'versionInfo') continue;
    differingPaths(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      path ? `${path}.${k}` : k,
      out,
    );
  }
  return out;
}

/** Each section's comparable entries by key. */
function keyed(dump: ParsedDump, s: EnvoySection): Map<string, unknown> {
  const out = new Map<string, unknown>();
  switch (s) {
    case 'clusters':
      dump.clusters.rows.forEach((r, i) => out.set(r.name, obj(dump.clusters.raw[i], 'cluster')));
      break;
    case 'listeners':
      dump.listeners.rows.forEach((r, i) => {
        const entry = dump.listeners.raw[i];
        const state = obj(entry, 'active_state') ?? obj(entry, 'warming_state') ?? obj(entry, 'draining_state');
        out.set(r.name, obj(state, 'listener') ?? field(entry, 'listener'));
      });
      break;
    case 'routes': {
      // Routes are tried in order, so a route's place in its virtual host is part of its identity.
      const seen = new Map<string, number>();
      dump.routes.rows.forEach((r, i) => {
        const host = `${r.routeConfig} ▸ ${r.virtualHost}`;
        const n = seen.get(host) ?? 0;
        seen.set(host, n + 1);
        out.set(`${host} #${n + 1}`, (dump.routes.raw[i] as { route: unknown }).route);
      });
      break;
    }
    case 'bootstrap':
      for (const r of dump.bootstrap.rows) if (!PER_POD_BOOTSTRAP.has(r.key)) out.set(r.key, r.value);
      break;
    case 'secrets':
      // Each pod has its own certificate; the same identity, issuer and kind is what should match.
      for (const r of dump.secrets.rows) out.set(r.name, { kind: r.kind, spiffeId: r.spiffeId, issuer: r.issuer });
      break;
  }
  return out;
}

export function diffDumps(here: ParsedDump, there: ParsedDump): EnvoySectionDiff[] {
  const sections: EnvoySection[] = ['clusters', 'listeners', 'routes', 'bootstrap', 'secrets'];
  return sections.map((section) => {
    const a = keyed(here, section);
    const b = keyed(there, section);
    const diff: EnvoySectionDiff = { section, same: 0, onlyHere: [], onlyThere: [], differing: [] };
    for (const [key, value] of a) {
      if (!b.has(key)) diff.onlyHere.push(key);
      else {
        const paths = differingPaths(value, b.get(key));
        if (paths.length === 0) diff.same++;
        else diff.differing.push({ key, paths });
      }
    }
    for (const key of b.keys()) if (!a.has(key)) diff.onlyThere.push(key);
    return diff;
  });
}
