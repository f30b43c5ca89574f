// Which Istio kinds the cluster serves, and in which version to read them: v1 where served (Istio's storage version
// since 1.22), else the group's preferred version, else any served one.
import { ISTIO_KINDS, type IstioKind } from '../../lib/istio-kinds.js';
import { WATCHED_ISTIO_GROUPS, type ServedKind } from './watched-kinds.js';

/** `getJson` answers an API path with its JSON, null for 404. */
export async function discoverIstioKinds(getJson: (path: string) => Promise<unknown>): Promise<ServedKind[]> {
  const groups = (await getJson('/apis')) as {
    groups?: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
  } | null;
  const found = new Map<IstioKind, ServedKind>();
  for (const group of groups?.groups ?? []) {
    if (!WATCHED_ISTIO_GROUPS.includes(group.name)) continue;
    const versions = group.versions.map((v) => v.version);
    // v1 first (Istio's storage version since 1.22), then the group's preferred one, then the rest as served.
    const order = [...new Set(['v1', group.preferredVersion?.version ?? '', ...versions])].filter((v) =>
      versions.includes(v),
    );
    for (const version of order) {
      const list = (await getJson(`/apis/${group.name}/${version}`)) as {
        resources?: { name: string; kind: string }[];
      } | null;
      for (const r of list?.resources ?? []) {
        if (r.name.includes('/') || !(ISTIO_KINDS as readonly string[]).includes(r.kind)) continue;
        const kind = r.kind as IstioKind;
        if (!found.has(kind)) found.set(kind, { kind, apiVersion: `${group.name}/${version}`, resource: r.name });
      }
    }
  }
  return [...found.values()];
}
