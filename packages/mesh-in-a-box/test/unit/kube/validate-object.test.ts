import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/kube/api-error.js';
import { validateObject } from '../../../src/kube/validate-object.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { RESOURCE_TYPES } from '../../../src/store/resource-types.js';

const typeOf = (kind: string) => RESOURCE_TYPES.find((t) => t.kind === kind && t.group.endsWith('istio.io'))!;
const causesOf = (obj: KubeObject, kind: string) => {
  try {
    validateObject(obj, typeOf(kind));
    return [];
  } catch (err) {
    expect((err as ApiError).code).toBe(422);
    return (err as ApiError).details!.causes!.map((c) => `${c.field}: ${c.message}`);
  }
};
const vs = (spec: unknown, name = 'reviews'): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name },
  spec,
});

describe('validateObject', () => {
  it('accepts a weighted VirtualService', () => {
    const spec = {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }] }],
    };
    expect(causesOf(vs(spec), 'VirtualService')).toEqual([]);
  });

  it('names each bad field with the value it refused', () => {
    const spec = {
      hosts: 'reviews',
      http: [
        {
          route: [
            { destination: { subset: 'v1' }, weight: 'ninety' },
            { destination: { host: 'r' }, weight: 120 },
          ],
        },
      ],
    };
    expect(causesOf(vs(spec, 'Reviews_1'), 'VirtualService')).toEqual([
      expect.stringMatching(/^metadata\.name: Invalid value: "Reviews_1": a lowercase RFC 1123 subdomain/),
      'spec.hosts: Invalid value: "reviews": must be a list of strings',
      'spec.http[0].route[0].destination.host: Required value',
      'spec.http[0].route[0].weight: Invalid value: "ninety": must be an integer',
      'spec.http[0].route[1].weight: Invalid value: 120: must be between 0 and 100',
    ]);
  });

  it('refuses an mTLS mode and an authorization action Istio does not know', () => {
    const pa: KubeObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default' },
      spec: { mtls: { mode: 'strict' } },
    };
    expect(causesOf(pa, 'PeerAuthentication')).toEqual([
      'spec.mtls.mode: Unsupported value: "strict": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"',
    ]);
    const ap: KubeObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'x' },
      spec: { action: 'PERMIT' },
    };
    expect(causesOf(ap, 'AuthorizationPolicy')[0]).toMatch(/^spec\.action: Unsupported value: "PERMIT"/);
  });
});
