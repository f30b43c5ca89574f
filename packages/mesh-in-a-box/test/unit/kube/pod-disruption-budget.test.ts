// policy/v1 PodDisruptionBudgets as kube-apiserver serves them: listed by discovery, created and read back with
// minAvailable as given (an int or a percentage: intstr), and strict field validation of their spec. The mesh in a box
// evicts no pod, so it stores them for a manifest's apply (Sextant's deploy/) and nothing reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApi } from '../../../src/kube/start-kube-api.js';
import { startTestApi, type ApiAnswer } from './kube-api-client.js';

let api: KubeApi;
let call: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiAnswer>;
beforeAll(async () => {
  ({ api, call } = await startTestApi());
});
afterAll(() => api.close());

const PDBS = '/apis/policy/v1/namespaces/demo/poddisruptionbudgets';
const pdb = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name },
  spec,
});

describe('PodDisruptionBudgets', () => {
  it('are listed by discovery under policy/v1 with their short name pdb', async () => {
    const answer = await call('GET', '/apis/policy/v1');
    expect(answer.status).toBe(200);
    const pdbs = answer.body.resources.find((r: { name: string }) => r.name === 'poddisruptionbudgets');
    expect(pdbs).toMatchObject({ kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'] });
  });

  it('keep minAvailable as a number or a percentage, and their selector', async () => {
    const selector = { matchLabels: { app: 'sa-logic' } };
    for (const [name, minAvailable] of [
      ['sa-logic-one', 1],
      ['sa-logic-half', '50%'],
    ] as const) {
      const created = await call('POST', `${PDBS}?fieldValidation=Strict`, pdb(name, { minAvailable, selector }));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const read = await call('GET', `${PDBS}/${name}`);
      expect(read.body.spec).toEqual({ minAvailable, selector });
    }
  });

  it('refuse an unknown field of the spec under Strict, as the decoder does', async () => {
    const r = await call('POST', `${PDBS}?fieldValidation=Strict`, pdb('typo', { minAvailble: 1 }));
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'PodDisruptionBudget in version "v1" cannot be handled as a PodDisruptionBudget: strict decoding error: unknown field "spec.minAvailble"',
    );
  });
});
