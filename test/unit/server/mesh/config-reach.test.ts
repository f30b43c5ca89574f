// Which apps, workloads and services an Istio object (or a change to it) reaches. Hosts resolve as Istio resolves them
// (short names in the object's namespace, ResolveShortnameToFQDN in pilot/pkg/model/config.go); selectors pick pods
// by label in the object's namespace, and an object without one applies to its namespace, or to the whole mesh from
// the root namespace (https://istio.io/latest/docs/reference/config/networking/sidecar/,
// https://istio.io/latest/docs/reference/config/security/authorization-policy/); a Gateway's selector picks gateway
// pods in any namespace (https://istio.io/latest/docs/reference/config/networking/gateway/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reachOf, reaches, type ConfigTarget } from '../../../../server/mesh/config-reach.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { FIXTURES } from '../../../helpers/fixtures.js';

const article = (file: string): KubeObject => {
  const obj = parse(readFileSync(`${FIXTURES}/sentiment-analysis/istio/${file}`, 'utf8')) as KubeObject;
  obj.metadata.namespace = 'demo';
  return obj;
};

const saLogic: ConfigTarget = {
  namespace: 'demo',
  services: ['sa-logic'],
  workloadLabels: [
    { app: 'sa-logic', version: 'v1' },
    { app: 'sa-logic', version: 'v2' },
  ],
};
const saFrontend: ConfigTarget = {
  namespace: 'demo',
  services: ['sa-frontend'],
  workloadLabels: [{ app: 'sa-frontend', version: 'v1' }],
};
const ingress: ConfigTarget = {
  namespace: 'istio-system',
  services: ['istio-ingressgateway'],
  workloadLabels: [{ app: 'istio-ingressgateway', istio: 'ingressgateway' }],
};
const reach = (kind: string, obj: KubeObject) => reachOf(kind, obj, 'istio-system');
const object = (namespace: string, spec: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'x', namespace },
  spec,
});

describe('what an Istio object reaches', () => {
  it("touches sa-logic, not sa-frontend, with the article's canary VirtualService and its DestinationRule", () => {
    for (const [kind, file] of [
      ['VirtualService', 'sa-logic-vs-canary.yaml'],
      ['DestinationRule', 'sa-logic-dr.yaml'],
    ] as const) {
      const r = reach(kind, article(file));
      expect(reaches(r, saLogic)).toBe(true);
      expect(reaches(r, saFrontend)).toBe(false);
    }
  });

  it('touches the destinations of a gateway-bound VirtualService, but not every service through its "*" host', () => {
    const vs = object('demo', {
      hosts: ['*'],
      gateways: ['http-gateway'],
      http: [{ route: [{ destination: { host: 'sa-frontend' } }] }],
    });
    expect(reaches(reach('VirtualService', vs), saFrontend)).toBe(true);
    expect(reaches(reach('VirtualService', vs), saLogic)).toBe(false);
    // Bound to the mesh too, "*" is every host its sidecars call.
    const meshToo = { ...vs, spec: { ...vs.spec, gateways: ['http-gateway', 'mesh'] } };
    expect(reaches(reach('VirtualService', meshToo), saLogic)).toBe(true);
  });

  it('reads a short host in the namespace of the object, so sa-logic in another namespace is another host', () => {
    const dr = { ...article('sa-logic-dr.yaml'), metadata: { name: 'sa-logic', namespace: 'other' } };
    expect(reaches(reach('DestinationRule', dr), saLogic)).toBe(false);
  });

  it("touches a Gateway's own gateway pods, in whichever namespace, and no app behind it", () => {
    const gw = object('demo', { selector: { istio: 'ingressgateway' }, servers: [] });
    expect(reaches(reach('Gateway', gw), ingress)).toBe(true);
    expect(reaches(reach('Gateway', gw), saFrontend)).toBe(false);
  });

  it('touches the pods a policy selects, its whole namespace without a selector, and the mesh from the root', () => {
    const v2Only = object('demo', { selector: { matchLabels: { app: 'sa-logic', version: 'v2' } } });
    expect(reaches(reach('AuthorizationPolicy', v2Only), saLogic)).toBe(true);
    expect(reaches(reach('AuthorizationPolicy', v2Only), saFrontend)).toBe(false);
    // The same labels in another namespace select other pods.
    expect(
      reaches(reach('AuthorizationPolicy', { ...v2Only, metadata: { name: 'x', namespace: 'shop' } }), saLogic),
    ).toBe(false);
    const wholeNamespace = object('demo', { mtls: { mode: 'STRICT' } });
    expect(reaches(reach('PeerAuthentication', wholeNamespace), saFrontend)).toBe(true);
    expect(reaches(reach('PeerAuthentication', wholeNamespace), ingress)).toBe(false);
    const meshWide = object('istio-system', { mtls: { mode: 'STRICT' } });
    expect(reaches(reach('PeerAuthentication', meshWide), saFrontend)).toBe(true);
  });

  it("reads a Sidecar's and an EnvoyFilter's workloadSelector, and a policy's targetRef to a Service", () => {
    const sidecar = object('demo', { workloadSelector: { labels: { app: 'sa-frontend' } } });
    expect(reaches(reach('Sidecar', sidecar), saFrontend)).toBe(true);
    expect(reaches(reach('EnvoyFilter', sidecar), saLogic)).toBe(false);
    const targeted = object('demo', { targetRefs: [{ kind: 'Service', group: '', name: 'sa-logic' }] });
    expect(reaches(reach('AuthorizationPolicy', targeted), saLogic)).toBe(true);
    expect(reaches(reach('AuthorizationPolicy', targeted), saFrontend)).toBe(false);
  });

  it('touches nothing with a kind it does not know', () => {
    expect(reaches(reach('WorkloadEntry', object('demo', {})), saLogic)).toBe(false);
  });
});

describe('what an Istio object reaches, beyond the change log', () => {
  it('reaches the workloads a ServiceEntry selects in its namespace, and a Gateway API route its backends', () => {
    const se = object('demo', { hosts: ['api.example.com'], workloadSelector: { labels: { app: 'sa-logic' } } });
    expect(reaches(reach('ServiceEntry', se), saLogic)).toBe(true);
    expect(reaches(reach('ServiceEntry', se), saFrontend)).toBe(false);
    const route = object('demo', { rules: [{ backendRefs: [{ name: 'sa-logic', port: 80 }] }] });
    expect(reaches(reach('HTTPRoute', route), saLogic)).toBe(true);
    expect(reaches(reach('HTTPRoute', route), saFrontend)).toBe(false);
  });

  it("reaches the selected workloads of every namespace from the root namespace, and ignores a targetRef outside the policy's namespace", () => {
    const rootSelector = object('istio-system', { selector: { matchLabels: { app: 'sa-logic' } } });
    expect(reaches(reach('AuthorizationPolicy', rootSelector), saLogic)).toBe(true);
    expect(reaches(reach('AuthorizationPolicy', rootSelector), saFrontend)).toBe(false);
    const elsewhere = object('shop', {
      targetRefs: [{ kind: 'Service', group: '', name: 'sa-logic', namespace: 'demo' }],
    });
    expect(reaches(reach('AuthorizationPolicy', elsewhere), saLogic)).toBe(false);
  });
});
