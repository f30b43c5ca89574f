// `npm run demo`: the mesh in a box, a Prometheus scraping it, and the console reading both, as one command.
// Prints `console: URL`, `kubeconfig: FILE`, the mesh's kubernetes, jaeger, truth and ingress URLs, `prometheus: URL`, then
// `ready`; the build's output only when it fails. SIGTERM or SIGINT stops all three. With SEXTANT_AUTH_STRATEGY=openid
// and no SEXTANT_OIDC_ISSUER, people log in at the mesh's Keycloak as the article's users (demo-openid.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildConsole, buildState, startConsole, type ConsoleProcess } from './console-process.js';
import { demoBanner } from './demo-banner.js';
import { demoOpenid, grantArticleUsers, loginHelp } from './demo-openid.js';
import {
  findPrometheus,
  freePort,
  startMeshChild,
  startRealPrometheus,
  type MeshChild,
  type RealPrometheus,
} from '@sextant/mesh-in-a-box';

const ROOT = resolve(import.meta.dirname, '..');
// The mesh child's default listening address (its --host).
const MESH_HOST = '127.0.0.1';
const usage = `usage: npm run demo -- [--kubeconfig FILE] [--port 3000] [--host 127.0.0.1] [--scenario sentiment-analysis|bookinfo|synthetic] [--ingress-port 8080]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      port: { type: 'string', default: process.env['PORT'] ?? '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'sentiment-analysis' },
      // The gateway's front door; 8080 gives the article's own URLs (http://localhost:8080/...).
      'ingress-port': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port must be a port number, not "${values.port}"\n${usage}`);
  const kubeconfig = resolve(values.kubeconfig ?? join(mkdtempSync(join(tmpdir(), 'sextant-demo-')), 'kubeconfig'));
  // The mesh's Keycloak is the issuer only at a known ingress port: the API server must be told it when the mesh starts.
  const ingressPort = values['ingress-port'];
  const openid = await demoOpenid({
    env: process.env,
    scenario: values.scenario,
    meshHost: MESH_HOST,
    ingressPort: async () => (ingressPort ? Number(ingressPort) : freePort(MESH_HOST)),
  });

  let mesh: MeshChild | undefined;
  let prometheus: RealPrometheus | undefined;
  let consoleApp: ConsoleProcess | undefined;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    await consoleApp?.stop();
    await prometheus?.stop();
    await mesh?.stop();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping the console, Prometheus and the mesh in a box`);
      stopAll().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }

  try {
    // The build and the mesh do not depend on each other; the build is the slow part. Its ~40 lines of output
    // would bury the endpoint lines, so it is shown only when it fails (inside the error).
    const buildStartedMs = Date.now();
    // Checked once: the check walks every source folder.
    const state = buildState(ROOT);
    const stale = state !== 'fresh';
    if (stale) {
      const why = state === 'missing' ? 'first run' : 'its sources are newer than the last build';
      console.error(`building the console (${why}; a minute or two, its output is shown only if it fails)…`);
    }
    const [, startedMesh] = await Promise.all([
      stale ? buildConsole(ROOT, 'quiet') : undefined,
      startMeshChild({
        kubeconfig,
        args: [
          '--scenario',
          values.scenario,
          ...(openid ? openid.meshArgs : values['ingress-port'] ? ['--ingress-port', values['ingress-port']] : []),
        ],
      }),
    ]);
    mesh = startedMesh;
    if (openid) await grantArticleUsers(ROOT, mesh.kubeconfig);
    if (stale) console.error(`built the console in ${Math.round((Date.now() - buildStartedMs) / 1000)} s`);

    let prometheusUrl = mesh.endpoints['prometheus'];
    if (!prometheusUrl && findPrometheus()) {
      prometheus = await startRealPrometheus({
        targets: [{ job: 'mesh', url: mesh.endpoints['metrics']! }],
        scrapeIntervalSeconds: 5,
      });
      prometheusUrl = prometheus.url;
    }
    if (!prometheusUrl) console.error('no Prometheus: the console will say that metrics are unavailable');

    consoleApp = await startConsole({
      root: ROOT,
      port,
      host: values.host,
      env: {
        KUBECONFIG: mesh.kubeconfig,
        PROMETHEUS_URL: prometheusUrl,
        JAEGER_URL: mesh.endpoints['jaeger'],
        SEXTANT_SESSION_SECRET: demoSessionSecret(),
        ...openid?.consoleEnv,
      },
    });
  } catch (err) {
    await stopAll();
    throw err;
  }

  for (const line of demoBanner({
    consoleUrl: consoleApp.url,
    kubeconfig: mesh.kubeconfig,
    prometheusUrl: prometheus?.url ?? mesh.endpoints['prometheus'],
    mesh: mesh.endpoints,
    ...(openid ? { keycloak: openid.issuer } : {}),
  }))
    console.log(line);
  if (openid) for (const line of loginHelp(consoleApp.url, openid.issuer)) console.error(line);

  // If one part dies, the demo is broken: say which and stop the rest.
  for (const [name, child] of [
    ['the console', consoleApp.child],
    ['the mesh in a box', mesh.child],
  ] as const) {
    child.once('exit', (code) => {
      if (stopping) return;
      console.error(`${name} exited with ${code}; stopping the demo`);
      void stopAll().then(() => process.exit(1));
    });
  }
}

/**
 * `SEXTANT_AUTH_STRATEGY=token npm run demo` needs a session secret; one console has no replica to share it with, so
 * the demo makes one for this run (sessions end with it) unless one is given.
 */
function demoSessionSecret(): string | undefined {
  const given = process.env['SEXTANT_SESSION_SECRET'];
  const strategy = process.env['SEXTANT_AUTH_STRATEGY'] ?? 'anonymous';
  if (given || strategy === 'anonymous' || strategy === 'header') return given;
  console.error(
    `login strategy ${strategy}: a session secret was made for this run (set SEXTANT_SESSION_SECRET to keep sessions across runs)`,
  );
  return randomBytes(32).toString('base64');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
