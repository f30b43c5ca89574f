// The config-change log on the shared mesh: kubectl applies the article's VirtualService and then its 90/10 canary,
// the console's watch sees them, and changesTouching gives them to sa-logic's pages with kubectl as their author (the
// mesh's API server fills managedFields as a real one does: packages/mesh-in-a-box/src/kube/managed-fields.ts), not
// to sa-frontend's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { changesTouching } from '../../server/changes/config-changes.js';
import { attachProcessChangeLog } from '../../server/changes/io/change-recorder.js';
import { loadConfig } from '../../server/config.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
const ISTIO = `${FIXTURES}/sentiment-analysis/istio`;
let sources: Sources;
// sa-logic's VirtualService as it was, put back afterwards (other suites expect the mesh as they left it).
let before: string | null = null;
let appliedFrom = 0;

const saLogic = { namespace: 'demo', resource: 'services', name: 'sa-logic' } as const;

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  await sources.start();
  attachProcessChangeLog(sources.kubernetes, sources.config.istioNamespace);
  before = await kubectl(mesh.kubeconfig, ['-n', 'demo', 'get', 'virtualservice', 'sa-logic', '-o', 'json']).catch(
    () => null,
  );
  // The managedFields times have seconds only.
  appliedFrom = Math.floor(Date.now() / 1000) - 1;
  // From the article's first routing to its canary: whatever the mesh held, the canary is a change of spec (the first
  // apply is none when the mesh already routes all to v1: kubectl then sends nothing that changes the object).
  await kubectl(mesh.kubeconfig, ['-n', 'demo', 'apply', '-f', `${ISTIO}/sa-logic-vs.yaml`]);
  await kubectl(mesh.kubeconfig, ['-n', 'demo', 'apply', '-f', `${ISTIO}/sa-logic-vs-canary.yaml`]);
});

afterAll(async () => {
  if (before) {
    const saved = JSON.parse(before) as { apiVersion: string; kind: string; metadata: { name: string }; spec: unknown };
    const file = join(mkdtempSync(join(tmpdir(), 'sextant-')), 'vs.json');
    const { apiVersion, kind, spec } = saved;
    writeFileSync(file, JSON.stringify({ apiVersion, kind, metadata: { name: saved.metadata.name }, spec }));
    await kubectl(mesh.kubeconfig, ['-n', 'demo', 'apply', '-f', file]);
  }
  await sources?.stop();
});

const nowSeconds = () => Math.ceil(Date.now() / 1000) + 1;

describe('the config-change log of the console', () => {
  it("gives sa-logic the canary's change of its VirtualService, by kubectl", async () => {
    const canaryIsIn = () =>
      changesTouching(saLogic, appliedFrom, nowSeconds()).some(
        (c) => c.kind === 'VirtualService' && c.name === 'sa-logic' && /^spec (changed|applied) by/.test(c.change),
      );
    await expect.poll(canaryIsIn, { timeout: 10_000 }).toBe(true);
    const changes = changesTouching(saLogic, appliedFrom, nowSeconds()).filter((c) => c.kind === 'VirtualService');
    const canary = changes.at(-1)!;
    for (const change of changes) {
      expect(change).toMatchObject({ namespace: 'demo', name: 'sa-logic' });
      expect(change.manager).toMatch(/^kubectl/);
      expect(change.change).toMatch(/ by kubectl/);
      expect(change.time).toBeGreaterThanOrEqual(appliedFrom);
    }
    expect(canary!.change).toMatch(/^spec (changed|applied) by kubectl/);
    // The app and each workload behind the service are touched too.
    expect(changesTouching({ ...saLogic, resource: 'apps' }, appliedFrom, nowSeconds()).length).toBeGreaterThan(0);
  });

  it('gives sa-frontend none of them', async () => {
    await expect
      .poll(() => changesTouching(saLogic, appliedFrom, nowSeconds()).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    for (const resource of ['apps', 'services'] as const)
      expect(
        changesTouching({ namespace: 'demo', resource, name: 'sa-frontend' }, appliedFrom, nowSeconds()).filter(
          (c) => c.name === 'sa-logic',
        ),
      ).toEqual([]);
  });
});
