// The article's first steps on the demo: `kubectl apply -f` of its Istio files over the objects the demo ships.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';

const run = promisify(execFile);
const kubeconfig = inject('mesh').kubeconfig;
const ISTIO = join(FIXTURES, 'sentiment-analysis/istio');

/** kubectl apply as a person runs it (the kubeconfig's namespace is demo), keeping both streams. */
async function apply(file: string): Promise<{ stdout: string; stderr: string }> {
  return run('kubectl', ['--kubeconfig', kubeconfig, 'apply', '-f', join(ISTIO, file)], { timeout: 30_000 });
}

// Back to what the demo ships: sa-logic pinned to v1.
afterAll(() => apply('sa-logic-vs.yaml'));

describe("kubectl apply of the article's files on the demo", () => {
  it.each([
    'http-gateway.yaml',
    'vs-route-ingress-keycloak.yaml',
    'sa-logic-dr.yaml',
    'sa-logic-vs.yaml',
    'sa-logic-vs-canary.yaml',
  ])('applies %s with no warning on stderr', async (file) => {
    const r = await apply(file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/ (configured|unchanged)\n$/);
  });
});
