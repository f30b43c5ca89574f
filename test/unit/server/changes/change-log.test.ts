// The change log as the watch feeds it: a write of config is a change, a status or metadata write is not (the API
// server moves metadata.generation only when the spec changes: "A sequence number representing a specific generation
// of the desired state", https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/), a
// deleted object still marks what it configured, and the log keeps only the newest changes.
import { describe, expect, it } from 'vitest';
import { createChangeLog } from '../../../../server/changes/change-log.js';
import type { KubeCache } from '../../../../server/sources/kube-cache.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const pod = (name: string, labels: Record<string, string>): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: 'demo', labels },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Running' },
});
const service = (name: string): KubeObject => ({
  kind: 'Service',
  metadata: { name, namespace: 'demo' },
  spec: { selector: { app: name } },
});
const objects: Record<string, KubeObject[]> = {
  Namespace: [{ kind: 'Namespace', metadata: { name: 'demo' } }],
  Pod: [pod('sa-logic', { app: 'sa-logic', version: 'v1' }), pod('sa-frontend', { app: 'sa-frontend' })],
  Service: [service('sa-logic'), service('sa-frontend')],
};
const cache: KubeCache = {
  list: (kind, namespace) =>
    (objects[kind] ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
  get: (kind, namespace, name) =>
    (objects[kind] ?? []).find((o) => o.metadata.name === name && o.metadata.namespace === namespace),
};

const write = (generation: number, time: string, manager = 'kubectl-client-side-apply'): KubeObject => ({
  kind: 'VirtualService',
  metadata: {
    name: 'sa-logic',
    namespace: 'demo',
    generation,
    creationTimestamp: '2026-12-06T11:00:00Z',
    managedFields: [{ manager, operation: 'Update', time, fieldsType: 'FieldsV1', fieldsV1: {} }],
  },
  spec: { hosts: ['sa-logic'], http: [{ route: [{ destination: { host: 'sa-logic' } }] }] },
});
const at = (iso: string) => Date.parse(iso) / 1000;
const logic = { namespace: 'demo', resource: 'services', name: 'sa-logic' } as const;
const frontend = { namespace: 'demo', resource: 'apps', name: 'sa-frontend' } as const;

function newLog(max?: number) {
  return createChangeLog({
    cache,
    rootNamespace: 'istio-system',
    istioKinds: new Set(['VirtualService']),
    nowSeconds: () => at('2026-12-06T12:00:00Z'),
    ...(max ? { max } : {}),
  });
}

describe('the config-change log', () => {
  it("keeps a creation and a change of spec, for sa-logic's pages and not sa-frontend's", () => {
    const log = newLog();
    log.record({ type: 'add', kind: 'VirtualService', object: write(1, '2026-12-06T11:00:00Z') });
    log.record({ type: 'update', kind: 'VirtualService', object: write(2, '2026-12-06T11:30:00Z', 'sextant') });
    const changes = log.touching(logic, 0, Infinity);
    expect(changes.map((c) => [c.time, c.change])).toEqual([
      [at('2026-12-06T11:00:00Z'), 'created by kubectl-client-side-apply'],
      [at('2026-12-06T11:30:00Z'), 'spec changed by sextant'],
    ]);
    expect(changes[0]).toMatchObject({ kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' });
    expect(log.touching(frontend, 0, Infinity)).toEqual([]);
  });

  it('leaves out writes that keep the generation: a status update, a resync of the same object', () => {
    const log = newLog();
    log.record({ type: 'add', kind: 'VirtualService', object: write(1, '2026-12-06T11:00:00Z') });
    log.record({ type: 'update', kind: 'VirtualService', object: write(1, '2026-12-06T11:00:00Z') });
    expect(log.all()).toHaveLength(1);
  });

  it('answers only the window asked', () => {
    const log = newLog();
    log.record({ type: 'add', kind: 'VirtualService', object: write(1, '2026-12-06T11:00:00Z') });
    log.record({ type: 'update', kind: 'VirtualService', object: write(2, '2026-12-06T11:30:00Z') });
    expect(log.touching(logic, at('2026-12-06T11:10:00Z'), at('2026-12-06T12:00:00Z'))).toHaveLength(1);
  });

  it('marks a deletion on what the object configured, though it is gone', () => {
    const log = newLog();
    log.record({ type: 'delete', kind: 'VirtualService', object: write(2, '2026-12-06T11:30:00Z') });
    expect(log.touching(logic, 0, Infinity)).toEqual([
      {
        time: at('2026-12-06T12:00:00Z'),
        kind: 'VirtualService',
        namespace: 'demo',
        name: 'sa-logic',
        change: 'deleted',
      },
    ]);
  });

  it('ignores kinds that are not Istio config', () => {
    const log = newLog();
    log.record({ type: 'add', kind: 'Pod', object: pod('x', {}) });
    expect(log.all()).toEqual([]);
  });

  it('keeps the newest changes only, oldest first', () => {
    const log = newLog(2);
    for (let g = 1; g <= 5; g++)
      log.record({ type: 'update', kind: 'VirtualService', object: write(g, `2026-12-06T11:0${g}:00Z`) });
    expect(log.all().map((c) => c.time)).toEqual([at('2026-12-06T11:04:00Z'), at('2026-12-06T11:05:00Z')]);
  });
});
