import { describe, expect, it } from 'vitest';
import { meshLookups } from '../../../src/telemetry/access-log-mesh-lookups.js';
import type { MeshIndex, MeshPod, MeshService } from '../../../src/traffic/mesh-index.js';
import { saLogicA, saLogicService, saWebapp, saWebappService } from '../jaeger/sentiment-journey.js';

function podOf(ref: typeof saLogicA, containers: { name: string }[], ports: [string, number][] = []): MeshPod {
  const object = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: ref.pod, namespace: ref.namespace },
    spec: { containers },
  };
  return { object, ref, labels: {}, env: {}, containerPorts: new Map(ports) } as MeshPod;
}

// Only the two maps the lookups read; the rest of the index plays no part.
function meshOf(services: MeshService[], pods: MeshPod[]): MeshIndex {
  return {
    servicesByHost: new Map(services.map((s) => [s.host, s])),
    podsByKey: new Map(pods.map((p) => [`${p.ref.namespace}/${p.ref.pod}`, p])),
  } as unknown as MeshIndex;
}

const service = (ref: typeof saLogicService, targetPort: number | string): MeshService => ({
  ...ref,
  ports: [{ name: 'http', port: ref.port, targetPort, protocol: 'TCP' }],
  pods: [],
});

describe('meshLookups', () => {
  const mesh = meshOf(
    [service(saLogicService, 5000), service(saWebappService, 'http-web')],
    [
      podOf(saLogicA, [{ name: 'istio-proxy' }, { name: 'sentiment-logic' }]),
      podOf(saWebapp, [{ name: 'sa-webapp' }, { name: 'istio-proxy' }], [['http-web', 8080]]),
    ],
  );
  const lookups = meshLookups(() => mesh);

  it("resolves a Service port to its targetPort, a named one through the pod's container ports", () => {
    expect(lookups.targetPortOf(saLogicService, saLogicA)).toBe(5000);
    expect(lookups.targetPortOf(saWebappService, saWebapp)).toBe(8080);
    expect(lookups.targetPortOf({ ...saLogicService, host: 'elsewhere.example.com' }, saLogicA)).toBe(80);
  });

  it('names the first container that is not the proxy as the app container', () => {
    expect(lookups.appContainerOf(saLogicA)).toBe('sentiment-logic');
    expect(lookups.appContainerOf(saWebapp)).toBe('sa-webapp');
    expect(lookups.appContainerOf({ ...saWebapp, pod: 'gone' })).toBeUndefined();
  });
});
