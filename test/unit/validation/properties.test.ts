import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEntry, uniqueIds } from '../../../server/validation/entries.js';
import { validate, Validator } from '../../../server/validation/engine.js';
import { loadYaml } from '../../../server/validation/load-yaml.js';
import type { Entry, K8sObject } from '../../../server/validation/types.js';

// Small vocabularies, so that random objects refer to each other often (hosts, subsets, labels, namespaces).
const ns = fc.constantFrom('default', 'shop', 'istio-system', 'amb');
const name = fc.constantFrom('cart', 'web', 'api', 'db', 'gw');
const host = fc.constantFrom(
  'cart',
  'web',
  'api.shop.svc.cluster.local',
  '*.local',
  '*',
  'ext.example.com',
  'web.default',
);
const label = fc.dictionary(
  fc.constantFrom('app', 'version', 'istio'),
  fc.constantFrom('cart', 'web', 'v1', 'v2', 'ingressgateway'),
  { maxKeys: 2 },
);
const subset = fc.record({ name: fc.constantFrom('v1', 'v2', 'v3'), labels: label });
const destination = fc.record(
  { host, subset: fc.constantFrom('v1', 'v2', 'v3'), port: fc.record({ number: fc.constantFrom(80, 9080) }) },
  { requiredKeys: ['host'] },
);
const route = fc.array(
  fc.record({ destination, weight: fc.integer({ min: -5, max: 120 }) }, { requiredKeys: ['destination'] }),
  { maxLength: 3 },
);
const match = fc.array(fc.record({ uri: fc.record({ prefix: fc.constantFrom('/', '/a', '/b') }) }), { maxLength: 2 });
const meta = fc.record({ name, namespace: ns, labels: label });

const objects: fc.Arbitrary<K8sObject> = fc.oneof(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Service'),
    metadata: meta,
    spec: fc.record({
      selector: label,
      ports: fc.array(fc.record({ name: fc.constantFrom('http', 'web', 'tcp-db'), port: fc.constantFrom(80, 9080) }), {
        maxLength: 2,
      }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constant('Deployment'),
    metadata: meta,
    spec: fc.record({
      template: fc.record({
        metadata: fc.record({ labels: label }),
        spec: fc.record({ serviceAccountName: name, containers: fc.constant([{ name: 'app', image: 'app' }]) }),
      }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Namespace'),
    metadata: fc.record({
      name: ns,
      labels: fc.dictionary(
        fc.constantFrom('istio-injection', 'istio.io/dataplane-mode', 'istio.io/use-waypoint'),
        fc.constantFrom('enabled', 'ambient', 'waypoint'),
        { maxKeys: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('VirtualService'),
    metadata: meta,
    spec: fc.record(
      {
        hosts: fc.array(host, { maxLength: 2 }),
        gateways: fc.array(fc.constantFrom('mesh', 'gw', 'shop/gw', 'gw.shop'), { maxLength: 2 }),
        http: fc.array(fc.record({ match, route }), { maxLength: 3 }),
        tcp: fc.array(fc.record({ route }), { maxLength: 1 }),
        exportTo: fc.array(fc.constantFrom('.', '*', 'shop', 'nowhere'), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('DestinationRule'),
    metadata: meta,
    spec: fc.record(
      {
        host,
        subsets: fc.array(subset, { maxLength: 3 }),
        trafficPolicy: fc.record({ tls: fc.record({ mode: fc.constantFrom('ISTIO_MUTUAL', 'DISABLE', 'SIMPLE') }) }),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('Gateway'),
    metadata: meta,
    spec: fc.record({
      selector: label,
      servers: fc.array(
        fc.record({
          port: fc.record({
            number: fc.constantFrom(80, 443),
            name: fc.constant('http'),
            protocol: fc.constant('HTTP'),
          }),
          hosts: fc.array(fc.constantFrom('*', 'shop/*.example.com', 'a.example.com'), { minLength: 1, maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('ServiceEntry'),
    metadata: meta,
    spec: fc.record({
      hosts: fc.array(fc.constantFrom('ext.example.com', '*.example.com'), { maxLength: 2 }),
      ports: fc.array(
        fc.record({ number: fc.constantFrom(80, 443), protocol: fc.constantFrom('HTTP', 'TCP', 'HTTPS') }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('Sidecar'),
    metadata: meta,
    spec: fc.record(
      {
        workloadSelector: fc.record({ labels: label }),
        egress: fc.constant([{ hosts: ['./*', 'shop/cart.shop.svc.cluster.local'] }]),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    apiVersion: fc.constant('security.istio.io/v1'),
    kind: fc.constantFrom('PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'),
    metadata: meta,
    spec: fc.record(
      {
        selector: fc.record({ matchLabels: label }),
        mtls: fc.record({ mode: fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE') }),
        rules: fc.constant([
          {
            from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart'], namespaces: ['shop', 'x*'] } }],
            to: [{ operation: { methods: ['GET', 'FETCH'], hosts: ['cart'] } }],
          },
        ]),
      },
      { requiredKeys: [] },
    ),
  }),
);

const entriesOf = (objs: K8sObject[]): Entry[] => uniqueIds(objs.map((o) => toEntry(structuredClone(o), 'default')));
const key = (f: {
  ruleId: string;
  object: { kind: string; namespace: string; name: string };
  path: string;
  message: string;
}) => `${f.object.kind}/${f.object.namespace}/${f.object.name} ${f.ruleId} ${f.path} ${f.message}`;

describe('validation on random objects', () => {
  it('never throws and never reports an internal error on well-formed objects', () => {
    fc.assert(
      fc.property(fc.array(objects, { maxLength: 25 }), (objs) => {
        const findings = validate(entriesOf(objs));
        expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary JSON where a spec should be', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'VirtualService',
              'DestinationRule',
              'Gateway',
              'ServiceEntry',
              'Sidecar',
              'AuthorizationPolicy',
              'Service',
              'Deployment',
              'EnvoyFilter',
              'HTTPRoute',
            ),
            fc.jsonValue(),
          ),
          { maxLength: 10 },
        ),
        (pairs) => {
          const objs = pairs.map(([kind, spec], i) => ({
            apiVersion:
              kind === 'Service'
                ? 'v1'
                : kind === 'Deployment'
                  ? 'apps/v1'
                  : kind === 'HTTPRoute'
                    ? 'gateway.networking.k8s.io/v1'
                    : kind === 'AuthorizationPolicy'
                      ? 'security.istio.io/v1'
                      : 'networking.istio.io/v1',
            kind,
            metadata: { name: `o${i}`, annotations: { 'sidecar.istio.io/inject': 'maybe' } },
            spec,
          })) as K8sObject[];
          const findings = validate(entriesOf(objs));
          expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('re-validates incrementally to exactly what a full validation finds', () => {
    fc.assert(
      fc.property(
        fc.array(objects, { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), objects, fc.boolean()), { maxLength: 5 }),
        (objs, changes) => {
          let current = entriesOf(objs);
          const v = new Validator(current);
          for (const [at, next, removal] of changes) {
            const target = current[at % current.length];
            if (!target) break;
            if (removal) {
              v.update({ remove: [target.id] });
              current = current.filter((e) => e !== target);
            } else {
              const replacement = { ...toEntry(structuredClone(next), 'default'), id: target.id };
              v.update({ upsert: [replacement] });
              current = current.map((e) => (e === target ? replacement : e));
            }
            expect(v.findings().map(key).sort()).toEqual(validate(current).map(key).sort());
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('turns garbage into parse findings with a line number, never an exception', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'a',
            ':',
            ' ',
            '\n',
            '-',
            '[',
            ']',
            '{',
            '}',
            '"',
            "'",
            '&',
            '*',
            '!',
            '|',
            '>',
            '#',
            '\t',
            '%',
            '@',
            '`',
            ',',
            '?',
            'kind',
          ),
        }),
        (text) => {
          const loaded = loadYaml(text, 'garbage.yaml', 'default');
          for (const f of loaded.findings) {
            expect(f.ruleId).toBe('yaml.parse');
            expect(f.line).toBeGreaterThanOrEqual(1);
            expect(f.file).toBe('garbage.yaml');
          }
          validate(loaded.entries);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
