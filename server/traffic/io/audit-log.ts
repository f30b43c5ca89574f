// The audit log of traffic changes: a ConfigMap `sextant-audit` in the console's namespace, one data key per entry
// (`<unix-ms>-<short id>`, the entry's id; ConfigMap keys must match [-._a-zA-Z0-9]+), its JSON as the value. It
// survives restarts and is shared by replicas: every append is a PUT with the resourceVersion just read, retried on
// 409, so two replicas appending at once both land. A ConfigMap holds at most 1 MiB (kubernetes.io/docs/concepts/
// configuration/configmap: "The data stored in a ConfigMap cannot exceed 1 MiB"), so the log keeps under ~900 KiB:
// the oldest entries roll into `sextant-audit-archive`, and when that is full its oldest are dropped and counted in
// its annotation `sextant.dev/dropped`.
import { randomBytes } from 'node:crypto';
import { auditEntry, type AuditEntry } from '../../../lib/api/traffic-change.js';
import type { KubeObject, KubernetesSource } from '../../sources/kubernetes.js';
import { KubernetesConflictError, type KubernetesWrites } from '../../sources/kubernetes-writes.js';

export const AUDIT_CONFIGMAP = 'sextant-audit';
export const ARCHIVE_CONFIGMAP = 'sextant-audit-archive';
export const DROPPED_ANNOTATION = 'sextant.dev/dropped';
/** The most a log's data may hold, in bytes of keys and values: under the API's 1 MiB with room for metadata. */
export const MAX_LOG_BYTES = 900 * 1024;
const ATTEMPTS = 8;

/** A new entry's id: when, then six random hex digits so that two changes in one millisecond differ. */
export function newEntryId(now = Date.now()): string {
  return `${now}-${randomBytes(3).toString('hex')}`;
}

const sizeOf = (data: Record<string, string>) =>
  Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

// Keys start with the unix milliseconds: their numeric order is their age.
const byAge = (a: string, b: string) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b);

/** Splits a log's data into what stays (newest, within `max` bytes) and what rolls out (oldest first). */
export function rollOldest(
  data: Record<string, string>,
  max = MAX_LOG_BYTES,
): { keep: Record<string, string>; out: Record<string, string> } {
  const keep = { ...data };
  const out: Record<string, string> = {};
  let size = sizeOf(keep);
  for (const key of Object.keys(keep).sort(byAge)) {
    if (size <= max) break;
    size -= Buffer.byteLength(key) + Buffer.byteLength(keep[key]!);
    out[key] = keep[key]!;
    delete keep[key];
  }
  return { keep, out };
}

function configMapPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`;
}

/**
 * Adds `add` to the ConfigMap `name`, creating it if missing; `roll` decides what leaves it to stay in bounds (and
 * answers how many were dropped for good). Retries on 409: another replica wrote in between; its entries are kept.
 */
async function appendTo(
  kube: KubernetesSource,
  writes: KubernetesWrites,
  namespace: string,
  name: string,
  add: Record<string, string>,
  roll: (data: Record<string, string>) => Promise<{ keep: Record<string, string>; dropped: number }>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = (await kube.getJson(configMapPath(namespace, name))) as KubeObject | null;
    const data = { ...((current?.['data'] as Record<string, string> | undefined) ?? {}), ...add };
    const { keep, dropped } = await roll(data);
    const previous = Number(current?.metadata.annotations?.[DROPPED_ANNOTATION] ?? 0);
    const annotations = dropped > 0 ? { [DROPPED_ANNOTATION]: String(previous + dropped) } : undefined;
    try {
      if (!current) {
        await writes.createObject({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'sextant' }, annotations },
          data: keep,
        });
      } else {
        const metadata: KubeObject['metadata'] = {
          ...current.metadata,
          annotations: { ...current.metadata.annotations, ...annotations },
        };
        delete metadata.managedFields;
        await writes.updateObject({ ...current, apiVersion: 'v1', kind: 'ConfigMap', metadata, data: keep });
      }
      return;
    } catch (err) {
      if (!(err instanceof KubernetesConflictError) || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** Appends an entry to the log of `namespace`; the oldest roll into the archive, whose own oldest are dropped. */
export async function appendAuditEntry(
  kube: KubernetesSource,
  writes: KubernetesWrites,
  namespace: string,
  entry: AuditEntry,
  maxBytes = MAX_LOG_BYTES,
): Promise<void> {
  await appendTo(kube, writes, namespace, AUDIT_CONFIGMAP, { [entry.id]: JSON.stringify(entry) }, async (data) => {
    const { keep, out } = rollOldest(data, maxBytes);
    // The archive first: an entry is in one log or both for a moment, never in neither. The same key lands twice
    // at most, as one key.
    if (Object.keys(out).length > 0)
      await appendTo(kube, writes, namespace, ARCHIVE_CONFIGMAP, out, async (archive) => {
        const rolled = rollOldest(archive, maxBytes);
        return { keep: rolled.keep, dropped: Object.keys(rolled.out).length };
      });
    return { keep, dropped: 0 };
  });
}

function entriesOf(configMap: KubeObject | null): AuditEntry[] {
  const data = (configMap?.['data'] as Record<string, string> | undefined) ?? {};
  const out: AuditEntry[] = [];
  for (const value of Object.values(data)) {
    try {
      const parsed = auditEntry.safeParse(JSON.parse(value));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // an entry someone edited by hand into something else: not ours to show
    }
  }
  return out;
}

/** The service's entries of both logs, newest first, and how many the archive dropped. */
export async function readAuditLog(
  kube: KubernetesSource,
  namespace: string,
  service: { namespace: string; name: string },
  signal?: AbortSignal,
): Promise<{ entries: AuditEntry[]; dropped: number }> {
  const [log, archive] = (await Promise.all([
    kube.getJson(configMapPath(namespace, AUDIT_CONFIGMAP), { signal }),
    kube.getJson(configMapPath(namespace, ARCHIVE_CONFIGMAP), { signal }),
  ])) as (KubeObject | null)[];
  const seen = new Set<string>();
  const entries = [...entriesOf(log ?? null), ...entriesOf(archive ?? null)]
    .filter((e) => e.service.namespace === service.namespace && e.service.name === service.name)
    .filter((e) => !seen.has(e.id) && seen.add(e.id))
    .sort((a, b) => byAge(b.id, a.id));
  return { entries, dropped: Number(archive?.metadata.annotations?.[DROPPED_ANNOTATION] ?? 0) };
}
