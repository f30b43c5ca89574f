import { describe, expect, it } from 'vitest';
import { bodyFieldProblems, unknownFields } from '../../../src/kube/field-problems.js';
import type { JsonValue } from '../../../src/kube/json-value.js';
import { fieldTreeFor } from '../../../src/kube/kind-fields.js';
import { RESOURCE_TYPES } from '../../../src/store/resource-types.js';

const typeOf = (group: string, kind: string) => RESOURCE_TYPES.find((t) => t.group === group && t.kind === kind)!;
const treeOf = (group: string, kind: string) => fieldTreeFor(typeOf(group, kind));

describe('the declared fields of a kind', () => {
  // Istio's CRD bundle marks an EnvoyFilter patch value x-kubernetes-preserve-unknown-fields: anything goes there.
  it('leaves free-form parts of an Istio schema alone', () => {
    const filter = {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: 'f' },
      spec: {
        configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'MERGE', value: { anything: 1 } }, bogus: 1 }],
      },
    };
    expect(unknownFields(filter as JsonValue, treeOf('networking.istio.io', 'EnvoyFilter'), false)).toEqual([
      'spec.configPatches[0].bogus',
    ]);
  });

  it('knows the fields of the Istio kinds beyond those the simulator reads', () => {
    const rule = {
      spec: {
        host: 'sa-logic',
        trafficPolicy: {
          connectionPool: { http: { http2MaxRequests: 10 } },
          outlierDetection: { consecutive5xxErrors: 3 },
        },
        subsets: [
          { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', mod: 'x' } } },
        ],
      },
    };
    expect(unknownFields(rule, treeOf('networking.istio.io', 'DestinationRule'), false)).toEqual([
      'spec.subsets[0].trafficPolicy.tls.mod',
    ]);
  });

  it('knows the spec fields of the built-in workloads, not their pod spec', () => {
    const statefulSet = {
      spec: { serviceNme: 'db', template: { spec: { containers: [{ name: 'db', anything: 1 }] } } },
    };
    expect(unknownFields(statefulSet, treeOf('apps', 'StatefulSet'), false)).toEqual(['spec.serviceNme']);
  });

  it('checks nothing of a kind it has no schema for (the Gateway API kinds)', () => {
    expect(treeOf('gateway.networking.k8s.io', 'HTTPRoute')).toBeUndefined();
  });
});

describe('unknown fields', () => {
  it('are dropped from the object when asked, keeping the declared ones', () => {
    const obj = { metadata: { name: 'a', colour: 'red' }, data: { k: 'v' }, spec: { x: 1 } };
    expect(unknownFields(obj, treeOf('', 'ConfigMap'), true)).toEqual(['metadata.colour', 'spec']);
    expect(obj).toEqual({ metadata: { name: 'a' }, data: { k: 'v' } });
  });
});

describe('a body', () => {
  it('reports duplicate keys with their line, even where no schema is known', () => {
    const yaml = 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\n';
    expect(bodyFieldProblems(yaml, undefined)).toEqual([
      { type: 'duplicate', path: 'b.c', key: 'c', line: 4 },
      { type: 'duplicate', path: 'a', key: 'a', line: 5 },
    ]);
  });

  it('reports an unknown field once and nothing below it', () => {
    const json = '{"data":{},"spec":{"x":1,"x":2}}';
    expect(bodyFieldProblems(json, treeOf('', 'ConfigMap'))).toEqual([
      { type: 'unknown', path: 'spec', key: 'spec', line: 1 },
    ]);
  });
});
