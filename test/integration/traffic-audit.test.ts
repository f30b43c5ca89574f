// The audit log's ConfigMaps against the shared mesh's API server: two replicas appending at once both land (each
// append is a PUT with the resourceVersion it read, retried on 409); a log past its size limit rolls its oldest
// entries into sextant-audit-archive, and an archive past it drops its oldest with a count in sextant.dev/dropped.
// Its own namespace, so the console's log in istio-system is left alone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../lib/api/traffic-change.js';
import { loadConfig } from '../../server/config.js';
import { kubernetesWrites } from '../../server/sources/kubernetes-writes.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import {
  ARCHIVE_CONFIGMAP,
  AUDIT_CONFIGMAP,
  DROPPED_ANNOTATION,
  appendAuditEntry,
  newEntryId,
  readAuditLog,
} from '../../server/traffic/io/audit-log.js';
import { kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
const NS = 'sextant-audit-test';
let sources: Sources;

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  await kubectl(mesh.kubeconfig, ['create', 'namespace', NS]);
});
afterAll(async () => {
  await kubectl(mesh.kubeconfig, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false']);
});

const service = { namespace: 'demo', name: 'sa-logic' };

function entry(n: number, at: number): AuditEntry {
  return {
    id: newEntryId(at),
    time: new Date(at).toISOString(),
    user: 'kubeconfig user test (context test)',
    service,
    intent: `change ${n}`,
    kind: 'change',
    objects: [],
    result: 'applied',
    message: null,
  };
}

const configMap = async (name: string) =>
  JSON.parse(await kubectl(mesh.kubeconfig, ['-n', NS, 'get', 'configmap', name, '-o', 'json'])) as {
    metadata: { annotations?: Record<string, string> };
    data: Record<string, string>;
  };

describe('the audit log', () => {
  it('keeps every entry when replicas append at the same moment', async () => {
    const writes = kubernetesWrites(sources.kubernetes);
    const at = Date.now();
    const [a, b, c] = [entry(1, at), entry(2, at + 1), entry(3, at + 2)];
    await Promise.all([a, b, c].map((e) => appendAuditEntry(sources.kubernetes, writes, NS, e)));
    const keys = Object.keys((await configMap(AUDIT_CONFIGMAP)).data);
    expect(keys).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    for (const key of keys) expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
  });

  it('rolls the oldest entries into the archive past its limit, then drops the archive’s oldest with a count', async () => {
    const writes = kubernetesWrites(sources.kubernetes);
    await kubectl(mesh.kubeconfig, [
      '-n',
      NS,
      'delete',
      'configmap',
      AUDIT_CONFIGMAP,
      ARCHIVE_CONFIGMAP,
      '--ignore-not-found',
    ]);
    const size = JSON.stringify(entry(0, Date.now())).length + 20;
    const start = Date.now();
    const entries = Array.from({ length: 10 }, (_, i) => entry(i, start + i));
    // Room for three entries in each ConfigMap: ten appended leave three in the log, three archived, four dropped.
    for (const e of entries) await appendAuditEntry(sources.kubernetes, writes, NS, e, size * 3);
    const log = await configMap(AUDIT_CONFIGMAP);
    const archive = await configMap(ARCHIVE_CONFIGMAP);
    expect(Object.keys(log.data).sort()).toEqual(entries.slice(7).map((e) => e.id));
    expect(Object.keys(archive.data).sort()).toEqual(entries.slice(4, 7).map((e) => e.id));
    expect(archive.metadata.annotations?.[DROPPED_ANNOTATION]).toBe('4');

    const read = await readAuditLog(sources.kubernetes, NS, service);
    expect(read.entries.map((e) => e.intent)).toEqual([9, 8, 7, 6, 5, 4].map((n) => `change ${n}`));
    expect(read.dropped).toBe(4);
  });
});
