// deploy/'s Kustomize overlays as a person installs them: `kubectl kustomize` renders each with kubectl's own
// Kustomize, and `kubectl apply --dry-run=server -k` sends every object to the shared mesh's API server, which checks
// it as Kubernetes would (kinds served, fields known, RBAC) and stores nothing. Then what was rendered is read as an
// operator would check it: the pod runs as non-root on a read-only root filesystem with probes on /healthz and
// /readyz, the write overlay binds sextant-write, and the SEXTANT_CONFIG file of each ConfigMap, with the variables
// the Deployment sets, is a configuration the console's own loadConfig accepts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
const DEPLOY = fileURLToPath(new URL('../../deploy', import.meta.url));
const OVERLAYS = ['read-only', 'write', 'openid', 'istio-gateway'] as const;
type Overlay = (typeof OVERLAYS)[number];

// The parts of the rendered objects these checks read.
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface Volume {
  name: string;
  configMap?: { name: string };
  emptyDir?: Record<string, unknown>;
}
interface PodSpec {
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  topologySpreadConstraints?: { topologyKey: string; labelSelector?: { matchLabels?: Record<string, string> } }[];
  containers: Container[];
  volumes?: Volume[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

const rendered = new Map<Overlay, Manifest[]>();

async function render(overlay: Overlay): Promise<Manifest[]> {
  const text = await kubectl(mesh.kubeconfig, ['kustomize', `${DEPLOY}/overlays/${overlay}`]);
  return parseAllDocuments(text).map((doc) => doc.toJS() as Manifest);
}

function one(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`${kind}/${name}`]);
  return found[0]!;
}

const deploymentOf = (overlay: Overlay) => one(rendered.get(overlay)!, 'Deployment', 'sextant');
const podOf = (overlay: Overlay) =>
  (deploymentOf(overlay).spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } })
    .template;
const consoleOf = (overlay: Overlay) => podOf(overlay).spec.containers.find((c) => c.name === 'console')!;

/** Who a binding gives its role to, as `Kind ns/name`. */
const subjectsOf = (binding: Manifest) =>
  (binding.subjects ?? []).map((s) => `${s.kind} ${s.namespace ?? ''}/${s.name}`);

/** The ClusterRoleBindings and RoleBindings that give the console's ServiceAccount a role, as `Kind role`. */
function consoleRoles(objects: Manifest[]): string[] {
  return objects
    .filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')
    .filter((o) => subjectsOf(o).includes('ServiceAccount sextant/sextant'))
    .map((o) => `${o.kind}${o.metadata.namespace ? ` ${o.metadata.namespace}` : ''} → ${o.roleRef!.name}`)
    .sort();
}

// A Secret sextant-session as README "Install in a cluster" creates it.
const SECRET_VALUES: Record<string, string> = {
  'session-secret': Buffer.alloc(32, 7).toString('base64'),
  'oidc-client-secret': 'a-confidential-client-secret',
};

/**
 * The console's environment as the kubelet gives it: the Deployment's variables, the Secret's keys when it exists
 * (an optional key of a missing Secret is left out), and the ConfigMap's file written where SEXTANT_CONFIG points,
 * inside `dir` instead of the volume's mount path.
 */
function consoleEnv(overlay: Overlay, dir: string, secretExists: boolean): Record<string, string> {
  const pod = podOf(overlay).spec;
  const container = consoleOf(overlay);
  const env: Record<string, string> = {};
  for (const v of container.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef;
    if (ref) {
      expect(ref.name).toBe('sextant-session');
      if (secretExists) env[v.name] = SECRET_VALUES[ref.key]!;
      else expect(ref.optional, `${v.name} from a missing Secret`).toBe(true);
    } else env[v.name] = v.value!;
  }
  const path = env['SEXTANT_CONFIG']!;
  const mount = container.volumeMounts!.find((m) => path.startsWith(`${m.mountPath}/`))!;
  const volume = pod.volumes!.find((v) => v.name === mount.name)!;
  const configMap = one(rendered.get(overlay)!, 'ConfigMap', volume.configMap!.name);
  const key = path.slice(mount.mountPath.length + 1);
  mkdirSync(join(dir, overlay), { recursive: true });
  const file = join(dir, overlay, key);
  writeFileSync(file, configMap.data![key]!);
  return { ...env, SEXTANT_CONFIG: file };
}

let dir: string;
// A dry run of objects in a namespace that does not exist yet is refused, by Kubernetes as by the mesh in a box
// (the Namespace itself is only dry-run too): the suite creates sextant for real, and deletes it if it made it.
let createdNamespace = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sextant-deploy-'));
  for (const overlay of OVERLAYS) rendered.set(overlay, await render(overlay));
  const namespaces = await kubectl(mesh.kubeconfig, ['get', 'namespaces', '-o', 'name']);
  if (!namespaces.split('\n').includes('namespace/sextant')) {
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${DEPLOY}/rbac/namespace.yaml`]);
    createdNamespace = true;
  }
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (createdNamespace) await kubectl(mesh.kubeconfig, ['delete', 'namespace', 'sextant', '--wait=false']);
});

describe('deploy/overlays', () => {
  it.each(OVERLAYS)(
    '%s renders with kubectl kustomize and every object passes the API server’s dry run, none stored',
    async (overlay) => {
      const objects = rendered.get(overlay)!;
      const out = await kubectl(mesh.kubeconfig, ['apply', '--dry-run=server', '-k', `${DEPLOY}/overlays/${overlay}`]);
      const accepted = out.split('\n').filter((line) => line.endsWith('(server dry run)'));
      expect(accepted).toHaveLength(objects.length);
      for (const line of [
        'deployment.apps/sextant created (server dry run)',
        'service/sextant created (server dry run)',
        'poddisruptionbudget.policy/sextant created (server dry run)',
      ])
        expect(accepted).toContain(line);
      const stored = await kubectl(mesh.kubeconfig, [
        'get',
        'deployments,services,configmaps',
        '-n',
        'sextant',
        '-o',
        'name',
      ]);
      expect(stored.trim()).toBe('');
    },
  );

  it('run the console as a non-root user on a read-only root filesystem, no privilege, no capability', () => {
    for (const overlay of OVERLAYS) {
      const pod = podOf(overlay).spec;
      const container = consoleOf(overlay);
      expect(pod.serviceAccountName).toBe('sextant');
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext!['runAsUser']).toBeGreaterThan(0);
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      // Where it may write at all: emptyDirs only; the config is mounted read-only.
      const volumes = new Map(pod.volumes!.map((v) => [v.name, v]));
      const writable = container.volumeMounts!.filter((m) => !m.readOnly);
      expect(writable.map((m) => [m.mountPath, volumes.get(m.name)!.emptyDir !== undefined])).toEqual([
        ['/tmp', true],
        ['/app/.next/cache', true],
      ]);
    }
  });

  it('probe liveness on /healthz and readiness on /readyz at the port the Service sends its port 80 to', () => {
    for (const overlay of OVERLAYS) {
      const container = consoleOf(overlay);
      const port = container.ports!.find((p) => p.name === 'http')!;
      expect(port.containerPort).toBe(3000);
      expect(container.livenessProbe!.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe!.httpGet).toEqual({ path: '/readyz', port: 'http' });
      const service = one(rendered.get(overlay)!, 'Service', 'sextant').spec as {
        selector: Record<string, string>;
        ports: { port: number; targetPort: string }[];
      };
      expect(service.ports.map((p) => [p.port, p.targetPort])).toEqual([[80, 'http']]);
      expect(podOf(overlay).metadata.labels).toMatchObject(service.selector);
    }
  });

  it('keep one of two replicas through a drain, spread over nodes, with the memory limit above the heap budget', () => {
    const deployment = deploymentOf('read-only').spec as { replicas: number };
    expect(deployment.replicas).toBe(2);
    const pdb = one(rendered.get('read-only')!, 'PodDisruptionBudget', 'sextant').spec as {
      minAvailable: number;
      selector: { matchLabels: Record<string, string> };
    };
    expect(pdb.minAvailable).toBe(1);
    const pod = podOf('read-only');
    expect(pod.metadata.labels).toMatchObject(pdb.selector.matchLabels);
    expect(pod.spec.topologySpreadConstraints!.map((t) => t.topologyKey)).toEqual(['kubernetes.io/hostname']);
    const { requests, limits } = consoleOf('read-only').resources!;
    expect(requests).toMatchObject({ memory: '512Mi' });
    // The bench's budget: a replica at 5,000 workloads under 300 MiB of heap; V8's old space is capped below the limit.
    const env = consoleOf('read-only').env!;
    expect(env.find((v) => v.name === 'NODE_OPTIONS')!.value).toBe('--max-old-space-size=512');
    expect(limits).toMatchObject({ memory: '768Mi' });
  });

  it('bind the console to sextant-read only in read-only; write adds sextant-write and the audit Role; openid impersonation', () => {
    expect(consoleRoles(rendered.get('read-only')!)).toEqual(['ClusterRoleBinding → sextant-read']);
    expect(consoleRoles(rendered.get('istio-gateway')!)).toEqual(['ClusterRoleBinding → sextant-read']);
    expect(consoleRoles(rendered.get('write')!)).toEqual([
      'ClusterRoleBinding → sextant-read',
      'ClusterRoleBinding → sextant-write',
      'RoleBinding istio-system → sextant-audit',
    ]);
    expect(consoleRoles(rendered.get('openid')!)).toEqual([
      'ClusterRoleBinding → sextant-impersonate',
      'ClusterRoleBinding → sextant-read',
      'ClusterRoleBinding → sextant-write',
      'RoleBinding istio-system → sextant-audit',
    ]);
  });
});

describe('the SEXTANT_CONFIG file each overlay ships', () => {
  it('is a configuration loadConfig accepts with the Deployment’s variables: read-only reads Istio’s addons and steps no canary', () => {
    const config = loadConfig(consoleEnv('read-only', dir, false), true);
    expect(config.kubernetes.inCluster).toBe(true);
    expect(config.prometheus?.url).toBe('http://prometheus.istio-system:9090');
    expect(config.jaeger?.url).toBe('http://tracing.istio-system:80/jaeger');
    expect(config.audit.namespace).toBe('istio-system');
    expect(config.canary.runner).toBe(false);
    expect(config.auth.strategy).toBe('anonymous');
  });

  it('turns the canary runner on in write', () => {
    const config = loadConfig(consoleEnv('write', dir, false), true);
    expect(config.canary.runner).toBe(true);
    expect(config.auth.strategy).toBe('anonymous');
  });

  it('logs people in with openid by impersonation once the Secret sextant-session exists', () => {
    const config = loadConfig(consoleEnv('openid', dir, true), true);
    expect(config.auth.strategy).toBe('openid');
    expect(config.auth.openid).toMatchObject({
      issuer: 'https://keycloak.example.com/realms/sentiment',
      clientId: 'sextant',
      clientSecret: SECRET_VALUES['oidc-client-secret'],
      impersonate: true,
    });
    expect(config.auth.sessionSecret).toBe(SECRET_VALUES['session-secret']);
    expect(config.canary.runner).toBe(true);
  });

  it('stops the openid console with a message naming the missing session secret when the Secret is missing', () => {
    expect(() => loadConfig(consoleEnv('openid', dir, false), true)).toThrow(
      /auth\.sessionSecret in .*sextant\.yaml: required with the openid strategy/,
    );
  });
});

describe('deploy/components/istio-gateway', () => {
  it('routes the host of a Gateway on the mesh’s ingress gateway pods to the console’s Service', async () => {
    const objects = rendered.get('istio-gateway')!;
    const gateway = one(objects, 'Gateway', 'sextant');
    const vs = one(objects, 'VirtualService', 'sextant').spec as {
      hosts: string[];
      gateways: string[];
      http: { route: { destination: { host: string; port: { number: number } } }[] }[];
    };
    const { selector, servers } = gateway.spec as {
      selector: Record<string, string>;
      servers: { hosts: string[]; tls?: { mode?: string; credentialName?: string; httpsRedirect?: boolean } }[];
    };
    const selectorText = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const gatewayPods = await kubectl(mesh.kubeconfig, [
      'get',
      'pods',
      '-n',
      'istio-system',
      '-l',
      selectorText,
      '-o',
      'name',
    ]);
    expect(gatewayPods.trim()).toMatch(/^pod\/istio-ingressgateway-/);
    expect(servers.map((s) => s.tls)).toEqual([
      { mode: 'SIMPLE', credentialName: 'sextant-tls' },
      { httpsRedirect: true },
    ]);
    expect(vs.gateways).toEqual([`${gateway.metadata.namespace}/${gateway.metadata.name}`]);
    expect(vs.hosts).toEqual(servers[0]!.hosts);
    expect(vs.http[0]!.route.map((r) => r.destination)).toEqual([
      { host: 'sextant.sextant.svc.cluster.local', port: { number: 80 } },
    ]);
  });
});
