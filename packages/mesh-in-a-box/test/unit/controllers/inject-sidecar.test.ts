import { describe, expect, it } from 'vitest';
import { injectSidecar, shouldInject } from '../../../src/controllers/index.js';
import type { KubeObject } from '../../../src/store/kube-object.js';

const pod = (labels: Record<string, string>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'demo', labels, ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'app', image: 'example/app:1', ports: [{ containerPort: 5000 }] }] },
});

const inject = (p: KubeObject) =>
  injectSidecar({
    pod: p,
    namespaceLabels: { 'istio-injection': 'enabled' },
    workloadName: 'sa-logic',
    cluster: 'east',
  });

describe('shouldInject', () => {
  it('follows the namespace label unless the pod says otherwise', () => {
    const enabled = { 'istio-injection': 'enabled' };
    expect(shouldInject(pod({}), enabled)).toBe(true);
    expect(shouldInject(pod({}), { 'istio.io/rev': 'canary' })).toBe(true);
    expect(shouldInject(pod({}), {})).toBe(false);
    expect(shouldInject(pod({ 'sidecar.istio.io/inject': 'false' }), enabled)).toBe(false);
    expect(shouldInject(pod({}, { 'sidecar.istio.io/inject': 'false' }), enabled)).toBe(false);
    expect(shouldInject(pod({ 'sidecar.istio.io/inject': 'true' }), {})).toBe(true);
    expect(shouldInject(pod({ 'sidecar.istio.io/inject': 'true' }), { 'istio-injection': 'disabled' })).toBe(false);
    expect(shouldInject(inject(pod({})), enabled)).toBe(false);
  });
});

describe('injectSidecar', () => {
  it('adds istio-proxy after the app, istio-init, and the annotations Istio writes', () => {
    const injected = inject(pod({ app: 'sa-logic', version: 'v2' }));
    const proxy = injected.spec.containers[1];
    expect(injected.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app', 'istio-proxy']);
    expect(proxy).toMatchObject({
      image: 'docker.io/istio/proxyv2:1.24.0',
      args: expect.arrayContaining(['proxy', 'sidecar']),
    });
    expect(proxy.ports).toEqual([{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]);
    expect(proxy.env).toContainEqual({ name: 'ISTIO_META_CLUSTER_ID', value: 'east' });
    expect(proxy.env).toContainEqual({ name: 'ISTIO_META_WORKLOAD_NAME', value: 'sa-logic' });
    expect(injected.spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['istio-init']);
    expect(JSON.parse(injected.metadata.annotations!['sidecar.istio.io/status']!)).toEqual({
      initContainers: ['istio-init'],
      containers: ['istio-proxy'],
      volumes: [
        'workload-socket',
        'credential-socket',
        'workload-certs',
        'istio-envoy',
        'istio-data',
        'istio-podinfo',
        'istio-token',
        'istiod-ca-cert',
      ],
      imagePullSecrets: null,
      revision: 'default',
    });
    expect(injected.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '15020',
      'prometheus.io/path': '/stats/prometheus',
    });
    expect(injected.metadata.labels).toMatchObject({
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': 'sa-logic',
      'service.istio.io/canonical-revision': 'v2',
    });
  });

  it('takes canonical labels from the first label present, then the workload name and latest', () => {
    const labels = (p: KubeObject) => {
      const l = inject(p).metadata.labels!;
      return [l['service.istio.io/canonical-name'], l['service.istio.io/canonical-revision']];
    };
    expect(labels(pod({}))).toEqual(['sa-logic', 'latest']);
    expect(
      labels(pod({ app: 'a', 'app.kubernetes.io/name': 'b', version: 'v1', 'app.kubernetes.io/version': '2.0' })),
    ).toEqual(['b', '2.0']);
    expect(
      labels(
        pod({
          app: 'a',
          'service.istio.io/canonical-name': 'c',
          version: 'v1',
          'service.istio.io/canonical-revision': 'r',
        }),
      ),
    ).toEqual(['c', 'r']);
  });

  it("keeps the app's own scrape settings for pilot-agent to merge", () => {
    const injected = inject(
      pod({}, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9080', 'prometheus.io/path': '/metrics' }),
    );
    const env = injected.spec.containers[1].env.find(
      (e: { name: string }) => e.name === 'ISTIO_PROMETHEUS_ANNOTATIONS',
    );
    expect(JSON.parse(env.value)).toEqual({ scrape: 'true', path: '/metrics', port: '9080' });
    expect(injected.metadata.annotations!['prometheus.io/port']).toBe('15020');
  });
});
