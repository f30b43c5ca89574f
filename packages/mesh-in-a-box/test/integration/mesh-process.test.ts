// `npm run mesh` as a command: its output contract, its other scenarios, its errors and its clean stop.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startMeshChild } from '../../src/run-mesh.js';
import { kubectl } from '../../src/kubectl.js';
import type { TruthEdge } from '../../src/telemetry/ground-truth.js';

const run = promisify(execFile);
const PACKAGE = resolve(import.meta.dirname, '../..');

describe('npm run mesh', () => {
  it('runs Bookinfo: prints its endpoints, serves reviews v1/v2/v3 with their traffic, and stops on SIGTERM', async () => {
    const mesh = await startMeshChild({ args: ['--scenario', 'bookinfo', '--tick-ms', '250', '--traffic-scale', '5'] });
    try {
      expect(Object.keys(mesh.endpoints)).toEqual(
        expect.arrayContaining(['kubernetes', 'metrics', 'jaeger', 'truth', 'kubeconfig']),
      );
      // (startMeshChild resolves only once the process has printed `ready` after its endpoint lines)
      expect(mesh.endpoints['kubeconfig']).toBe(mesh.kubeconfig);
      const deployments = await kubectl(mesh.kubeconfig, ['get', 'deployments', '-o', 'name']);
      for (const name of ['productpage-v1', 'details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']) {
        expect(deployments).toContain(`deployment.apps/${name}`);
      }
      await new Promise((r) => setTimeout(r, 4_000));
      const { edges } = (await fetch(`${mesh.endpoints['truth']}/edges?window=4s`).then((r) => r.json())) as {
        edges: TruthEdge[];
      };
      const reviewVersions = new Set(
        edges
          .filter((e) => e.source?.workload === 'productpage-v1' && e.destination?.app === 'reviews')
          .map((e) => e.destination!.version),
      );
      expect(reviewVersions).toEqual(new Set(['v1', 'v2', 'v3']));
      const toRatings = new Set(edges.filter((e) => e.destination?.app === 'ratings').map((e) => e.source?.workload));
      expect(toRatings).toEqual(new Set(['reviews-v2', 'reviews-v3']));
    } finally {
      expect(await mesh.stop()).toBe(0);
    }
  });

  it('generates a synthetic mesh of the size asked for', async () => {
    const mesh = await startMeshChild({
      args: ['--scenario', 'synthetic', '--workloads', '120', '--namespaces', '6', '--seed', '5'],
    });
    try {
      const namespaces = (await kubectl(mesh.kubeconfig, ['get', 'namespaces', '-o', 'name']))
        .split('\n')
        .filter((n) => n.startsWith('namespace/synth-'));
      expect(namespaces).toHaveLength(6);
      const deployments = JSON.parse(
        await kubectl(mesh.kubeconfig, ['get', 'deployments', '-A', '-l', '!istio', '-o', 'json']),
      ) as { items: { metadata: { namespace: string } }[] };
      expect(deployments.items.filter((d) => d.metadata.namespace.startsWith('synth-'))).toHaveLength(120);
    } finally {
      expect(await mesh.stop()).toBe(0);
    }
  });

  it('refuses an unknown scenario with a message that lists the known ones', async () => {
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', resolve(PACKAGE, 'src/main.ts'), '--scenario', 'nope'],
      { cwd: PACKAGE },
    ).catch((err: { code: number; stderr: string }) => err);
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(
      /unknown scenario "nope": choose one of sentiment-analysis, bookinfo, synthetic/,
    );
  });
});
