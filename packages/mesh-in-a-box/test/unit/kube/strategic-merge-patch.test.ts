import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/kube/json-value.js';
import { patchSchemaFor } from '../../../src/kube/patch-schema.js';
import { applyStrategicMergePatch } from '../../../src/kube/strategic-merge-patch.js';

const deployment = (): JsonObject => ({
  metadata: { name: 'sa-logic', finalizers: ['a', 'b'] },
  spec: {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: {
      spec: {
        containers: [
          {
            name: 'sa-logic',
            image: 'logic:1',
            env: [
              { name: 'FAIL_RANDOMLY', value: 'false' },
              { name: 'DEBUG', value: '1' },
            ],
            ports: [{ containerPort: 5000 }],
          },
          { name: 'istio-proxy', image: 'proxyv2:1.24' },
        ],
      },
    },
  },
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read deep fields of patched objects
type Deployment = any;
const patch = (original: JsonObject, p: JsonObject, kind = 'Deployment') =>
  applyStrategicMergePatch(original, p, patchSchemaFor(kind));

describe('applyStrategicMergePatch', () => {
  it('merges containers by name and env by name, leaving the other items alone', () => {
    const out = patch(deployment(), {
      spec: {
        template: { spec: { containers: [{ name: 'sa-logic', env: [{ name: 'FAIL_RANDOMLY', value: 'true' }] }] } },
      },
    }) as Deployment;
    expect(out.spec.template.spec.containers).toHaveLength(2);
    expect(out.spec.template.spec.containers[0].image).toBe('logic:1');
    expect(out.spec.template.spec.containers[0].env).toEqual([
      { name: 'FAIL_RANDOMLY', value: 'true' },
      { name: 'DEBUG', value: '1' },
    ]);
  });

  it('deletes a list item named with $patch: delete and orders by $setElementOrder', () => {
    const out = patch(deployment(), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'istio-proxy' }, { name: 'sa-logic' }],
            containers: [{ name: 'sa-logic', env: [{ name: 'DEBUG', $patch: 'delete' }] }],
          },
        },
      },
    }) as Deployment;
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['istio-proxy', 'sa-logic']);
    expect(out.spec.template.spec.containers[1].env).toEqual([{ name: 'FAIL_RANDOMLY', value: 'false' }]);
  });

  it('clears the keys $retainKeys leaves out, as kubectl sends when the strategy type changes', () => {
    const out = patch(deployment(), {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } },
    }) as Deployment;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('replaces a whole list on $patch: replace and removes finalizers with $deleteFromPrimitiveList', () => {
    const out = patch(deployment(), {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] },
      spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } },
    }) as Deployment;
    expect(out.metadata.finalizers).toEqual(['b', 'c']);
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('merges Service ports by port and replaces lists that have no merge key', () => {
    const svc: JsonObject = {
      spec: {
        ports: [
          { port: 80, name: 'http' },
          { port: 443, name: 'https' },
        ],
        externalIPs: ['1.1.1.1'],
      },
    };
    const out = patch(
      svc,
      { spec: { ports: [{ port: 80, targetPort: 8080 }], externalIPs: ['2.2.2.2'] } },
      'Service',
    ) as unknown as { spec: { ports: unknown[]; externalIPs: string[] } };
    expect(out.spec.ports).toEqual([
      { port: 80, name: 'http', targetPort: 8080 },
      { port: 443, name: 'https' },
    ]);
    expect(out.spec.externalIPs).toEqual(['2.2.2.2']);
  });

  it('refuses a keyed list item without its merge key', () => {
    expect(() => patch(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } })).toThrow(
      /merge key: name/,
    );
  });
});
