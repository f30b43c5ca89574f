// `npm run mesh`: starts the mesh in a box and prints its endpoints, one `name: URL` line each, then `ready`.
import { parseArgs } from 'node:util';
import { startMeshInBox } from './mesh-in-a-box.js';
import { findPrometheusOnPath, startRealPrometheus } from './prometheus/real-prometheus.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/index.js';

const usage = `usage: npm run mesh -- [--scenario sentiment-analysis|bookinfo|synthetic] [--kubeconfig FILE]
       [--workloads N --namespaces M] [--seed N] [--host 127.0.0.1]
       [--kubernetes-port P] [--metrics-port P] [--jaeger-port P] [--ingress-port P (8080: the article's URLs)]
       [--tick-ms 1000] [--traffic-scale N]
       [--prometheus-port P] [--prometheus (a real Prometheus from PATH instead of the built-in one)]
       [--admin-token TOKEN (the kubeconfig's; mesh-in-a-box by default)]
       [--oidc-issuer-url URL --oidc-client-id ID [--oidc-username-claim sub] [--oidc-username-prefix P]
        [--oidc-groups-claim C] [--oidc-groups-prefix P]] (accept OIDC ID tokens, as kube-apiserver's flags do)`;

function intOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not "${String(raw)}"\n${usage}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        scenario: { type: 'string', default: 'sentiment-analysis' },
        kubeconfig: { type: 'string' },
        workloads: { type: 'string' },
        namespaces: { type: 'string' },
        seed: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'kubernetes-port': { type: 'string' },
        'metrics-port': { type: 'string' },
        'jaeger-port': { type: 'string' },
        'ingress-port': { type: 'string' },
        'tick-ms': { type: 'string' },
        'traffic-scale': { type: 'string' },
        prometheus: { type: 'boolean' },
        'prometheus-port': { type: 'string' },
        'admin-token': { type: 'string' },
        'oidc-issuer-url': { type: 'string' },
        'oidc-client-id': { type: 'string' },
        'oidc-username-claim': { type: 'string' },
        'oidc-username-prefix': { type: 'string' },
        'oidc-groups-claim': { type: 'string' },
        'oidc-groups-prefix': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(usage);
    return;
  }
  const scenario = values.scenario as ScenarioName;
  if (!SCENARIO_NAMES.includes(scenario)) {
    console.error(`unknown scenario "${values.scenario}": choose one of ${SCENARIO_NAMES.join(', ')}`);
    process.exit(2);
  }
  const issuerUrl = values['oidc-issuer-url'];
  const clientId = values['oidc-client-id'];
  if (!!issuerUrl !== !!clientId) {
    console.error(`--oidc-issuer-url and --oidc-client-id go together, as kube-apiserver's do\n${usage}`);
    process.exit(2);
  }
  const realPrometheus = values.prometheus ? findPrometheusOnPath() : undefined;
  if (values.prometheus && !realPrometheus)
    console.error('--prometheus: no prometheus on PATH; using the built-in one');
  const mesh = await startMeshInBox({
    scenario,
    kubeconfig: values.kubeconfig,
    workloads: intOption(values, 'workloads') ?? (scenario === 'synthetic' ? 1000 : undefined),
    namespaces: intOption(values, 'namespaces') ?? (scenario === 'synthetic' ? 20 : undefined),
    seed: intOption(values, 'seed'),
    host: values.host,
    ports: {
      kubernetes: intOption(values, 'kubernetes-port'),
      metrics: intOption(values, 'metrics-port'),
      jaeger: intOption(values, 'jaeger-port'),
      ingress: intOption(values, 'ingress-port'),
      prometheus: intOption(values, 'prometheus-port'),
    },
    builtinPrometheus: !realPrometheus,
    tickMs: intOption(values, 'tick-ms'),
    trafficScale: intOption(values, 'traffic-scale'),
    adminToken: values['admin-token'],
    oidc:
      issuerUrl && clientId
        ? {
            issuerUrl,
            clientId,
            usernameClaim: values['oidc-username-claim'],
            usernamePrefix: values['oidc-username-prefix'],
            groupsClaim: values['oidc-groups-claim'],
            groupsPrefix: values['oidc-groups-prefix'],
          }
        : undefined,
  });
  console.log(`kubernetes: ${mesh.endpoints.kubernetes}`);
  console.log(`metrics: ${mesh.endpoints.metrics}`);
  console.log(`jaeger: ${mesh.endpoints.jaeger}`);
  console.log(`truth: ${mesh.endpoints.truth}`);
  console.log(`ingress: ${mesh.endpoints.ingress}`);
  const real = realPrometheus
    ? await startRealPrometheus({
        binary: realPrometheus,
        targets: [{ job: 'mesh', url: mesh.endpoints.metrics }],
        scrapeIntervalSeconds: 5,
        host: values.host,
        port: intOption(values, 'prometheus-port'),
      })
    : undefined;
  console.log(`prometheus: ${real?.url ?? mesh.endpoints.prometheus}`);
  console.log(`kubeconfig: ${mesh.kubeconfig}`);
  console.log('ready');
  const stop = (signal: string) => {
    console.error(`${signal}: stopping the mesh in a box`);
    Promise.all([mesh.stop(), real?.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
