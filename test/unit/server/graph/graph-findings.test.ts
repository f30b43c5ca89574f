import { describe, expect, it, vi } from 'vitest';
import { createGraphFindings, sumFindings } from '../../../../server/graph/graph-findings.js';
import { findingsOfNode } from '../../../../server/graph/config-findings.js';
import { Validator } from '../../../../server/validation/engine.js';
import { toEntry } from '../../../../server/validation/entries.js';
import type { K8sObject } from '../../../../server/validation/types.js';

const service = (name: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'demo', resourceVersion: '1' },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }] },
});
const deployment = (name: string, resourceVersion: string): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'demo', resourceVersion },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, version: 'v1' } }, spec: { containers: [{ name, image: name }] } },
  },
});
// A route to a subset no DestinationRule defines: an error on the VirtualService, which marks the host it routes.
const route = (subset: string): K8sObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'cart', namespace: 'demo', resourceVersion: subset },
  spec: { hosts: ['cart'], http: [{ route: [{ destination: { host: 'cart', subset } }] }] },
});
const rule: K8sObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'cart', namespace: 'demo', resourceVersion: '1' },
  spec: { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
};
const entry = (o: K8sObject) => toEntry(o, 'demo');
const cartNode = { nodeType: 'service', namespace: 'demo', service: 'cart' };

function setUp() {
  const validator = new Validator([service('cart'), deployment('cart', '1'), rule, route('v2')].map(entry), {
    namespacesComplete: false,
  });
  const sum = vi.fn(sumFindings);
  return { validator, sum, sums: createGraphFindings(sum) };
}

describe("the graph's validation findings", () => {
  it('are summed once, and a second graph request with no change in findings does not sum them again', () => {
    const { validator, sum, sums } = setUp();
    const first = sums.of(validator);
    expect(findingsOfNode(cartNode, null, first)).toMatchObject({ errors: 1 });
    expect(sums.of(validator)).toBe(first);
    expect(sum).toHaveBeenCalledTimes(1);
  });

  it('are not summed again when a change to the cluster leaves every finding as it was', () => {
    const { validator, sum, sums } = setUp();
    sums.of(validator);
    // A new revision of the Deployment (as a rollout's status update makes) re-validates its readers, unchanged.
    const rerun = validator.update({ upsert: [entry(deployment('cart', '2'))] });
    expect(rerun.size).toBeGreaterThan(1);
    sums.of(validator);
    expect(sum).toHaveBeenCalledTimes(1);
  });

  it('show a fix on the next request', () => {
    const { validator, sums } = setUp();
    sums.of(validator);
    validator.update({ upsert: [entry(route('v1'))] });
    expect(findingsOfNode(cartNode, null, sums.of(validator))).toBeNull();
  });

  it('show a new finding, and one that moved to another host, on the next request', () => {
    const { validator, sums } = setUp();
    sums.of(validator);
    validator.update({ upsert: [entry(service('shop'))] });
    // Still one error, but the VirtualService now routes shop: the object with findings changed, so its host did too.
    const moved = route('v2');
    moved.spec = { hosts: ['shop'], http: [{ route: [{ destination: { host: 'shop', subset: 'v2' } }] }] };
    validator.update({ upsert: [entry(moved)] });
    const after = sums.of(validator);
    expect(findingsOfNode(cartNode, null, after)).toBeNull();
    expect(findingsOfNode({ ...cartNode, service: 'shop' }, null, after)).toMatchObject({ errors: 1 });
  });
});
