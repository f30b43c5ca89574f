// Validation in the console: the live validator over the watch cache of the shared mesh in a box, re-run
// incrementally when a VirtualService changes through the API.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { objectValidationsResponse, validationsResponse } from '../../lib/api/validations.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { listValidations, objectValidations } from '../../server/validation/io/load-validations.js';
import { routeSaLogicTo } from '../helpers/kubectl.js';

// The views' caches, as the route handlers get them once per process.
const caches = createCaches();

const mesh = inject('mesh');
let sources: Sources;

async function until<T>(read: () => T, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  await sources.start();
});
afterAll(async () => {
  await routeSaLogicTo(mesh.kubeconfig, 'v1').catch(() => {});
  await sources?.stop();
});

describe('validation of the live mesh', () => {
  it('finds no errors in the demo namespace', () => {
    const answer = validationsResponse.parse(listValidations(sources, caches.validators, { namespace: 'demo' }));
    expect(answer.namespaces).toEqual([expect.objectContaining({ namespace: 'demo', errors: 0 })]);
    expect(answer.namespaces[0]!.objectCount).toBeGreaterThan(10);
  });

  it('lists, when asked, exactly the findings each namespace count counts, on every kind of object', () => {
    // legacy, the article's unmeshed namespace, always holds a finding (IST0102, info); istio-system holds none since
    // istioctl's own skip of the inject annotation beside its label applies to istiod and the gateway, and demo's
    // depends on whether another suite has rolled out the canary.
    const answer = validationsResponse.parse(
      listValidations(sources, caches.validators, { namespace: 'legacy', findings: true }),
    );
    const [summary] = answer.namespaces;
    const findings = answer.findings ?? [];
    const bySeverity = (s: string) => findings.filter((f) => f.severity === s).length;
    expect(summary!.errors + summary!.warnings + summary!.infos).toBeGreaterThan(0);
    expect([bySeverity('error'), bySeverity('warning'), bySeverity('info')]).toEqual([
      summary!.errors,
      summary!.warnings,
      summary!.infos,
    ]);
    expect(listValidations(sources, caches.validators, { namespace: 'legacy' }).findings).toBeUndefined();
  });

  it('flags sa-logic routed to subset v3, and clears it when routed back to v1', async () => {
    await routeSaLogicTo(mesh.kubeconfig, 'v3');
    const broken = await until(
      () =>
        objectValidationsResponse.parse(
          objectValidations(sources, caches.validators, {
            namespace: 'demo',
            kind: 'VirtualService',
            name: 'sa-logic',
          }),
        ),
      (v) => v.findings.length > 0,
    );
    expect(broken.findings).toEqual([
      expect.objectContaining({
        ruleId: 'vs.subset-not-found',
        severity: 'error',
        codes: ['KIA1107', 'IST0101'],
        path: 'spec.http[0].route[0].destination.subset',
        references: [{ kind: 'DestinationRule', namespace: 'demo', name: 'sa-logic' }],
      }),
    ]);
    expect(listValidations(sources, caches.validators, { namespace: 'demo' }).objects).toContainEqual(
      expect.objectContaining({ kind: 'VirtualService', name: 'sa-logic', errors: 1 }),
    );

    await routeSaLogicTo(mesh.kubeconfig, 'v1');
    const fixed = await until(
      () =>
        objectValidations(sources, caches.validators, { namespace: 'demo', kind: 'VirtualService', name: 'sa-logic' }),
      (v) => v.findings.length === 0,
    );
    expect(fixed.findings).toEqual([]);
  });
});
