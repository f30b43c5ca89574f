// jwksOf answers what istiod's own fetch of a jwksUri gets (istio/istio pilot/pkg/model/jwks_resolver.go): through
// cluster DNS from istio-system, the Service and its ready endpoints, without a sidecar. When the fetch fails istiod
// inlines a fake JWKS (CreateFakeJwks) and every token is refused; jwksOf says so with undefined.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwksForRule, jwksResolver, SimulatedKeycloak, type JwksOf } from '../../../src/identity/index.js';
import { loadScenario } from '../../../src/scenarios/index.js';
import { SENTIMENT_REALMS } from '../../../src/scenarios/sentiment-analysis/keycloak-realms.js';
import { GR } from '../../../src/store/resource-types.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { MeshIndex, type MeshPod } from '../../../src/traffic/mesh-index.js';
import { mtlsModeAt, SecurityIndex } from '../../../src/security/index.js';
import type { ObjectStore } from '../../../src/store/object-store.js';
import { meshUnderTest } from '../scenarios/mesh-under-test.js';

const ARTICLE_JWKS_URI = 'http://keycloak.keycloak.svc:8080/auth/realms/master/protocol/openid-connect/certs';

let keycloak: SimulatedKeycloak;
beforeAll(async () => {
  keycloak = await SimulatedKeycloak.start(SENTIMENT_REALMS);
});

/** The mode the policies in the store give a pod's port, as the traffic model's security computes it. */
const mtlsModeIn = (store: ObjectStore) => (pod: MeshPod, port: number) =>
  mtlsModeAt(new SecurityIndex(store).forWorkload(pod.object, pod.ref.namespace, pod.labels).peer, port);

const peerAuthentication = (namespace: string, mode: string): KubeObject => ({
  apiVersion: 'security.istio.io/v1beta1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace },
  spec: { mtls: { mode } },
});

describe('jwksOf, as istiod fetches a jwksUri', () => {
  let mesh: ReturnType<typeof meshUnderTest>;
  let jwksOf: JwksOf;

  beforeEach(() => {
    mesh = meshUnderTest();
    mesh.apply(...loadScenario('sentiment-analysis').objects);
    jwksOf = jwksResolver(keycloak, () => new MeshIndex(mesh.store), mtlsModeIn(mesh.store));
  });

  it("fetches the article's jwksUri through the keycloak Service: the master realm's keys", () => {
    expect(jwksOf(ARTICLE_JWKS_URI)).toEqual(keycloak.jwksOf('master'));
    expect(jwksOf(ARTICLE_JWKS_URI)!.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
  });

  it('resolves the host as cluster DNS does from istio-system: keycloak.keycloak, .svc and the FQDN', () => {
    for (const host of ['keycloak.keycloak', 'keycloak.keycloak.svc', 'keycloak.keycloak.svc.cluster.local'])
      expect(jwksOf(`http://${host}:8080/auth/realms/sentiment/protocol/openid-connect/certs`)).toEqual(
        keycloak.jwksOf('sentiment'),
      );
  });

  it("fails for the issuer's localhost URL: istiod's own pod has nothing on localhost:8080", () => {
    expect(jwksOf('http://localhost:8080/auth/realms/master/protocol/openid-connect/certs')).toBeUndefined();
    // A rule without jwksUri: istiod discovers it from the issuer, which is localhost too.
    expect(jwksForRule(jwksOf, { issuer: 'http://localhost:8080/auth/realms/master' })).toBeUndefined();
    expect(jwksForRule(jwksOf, { issuer: 'http://keycloak.keycloak.svc:8080/auth/realms/master' })).toEqual(
      keycloak.jwksOf('master'),
    );
  });

  it('fails for a port the Service does not expose, an unknown realm, another path, or https', () => {
    expect(jwksOf('http://keycloak.keycloak.svc/auth/realms/master/protocol/openid-connect/certs')).toBeUndefined();
    expect(
      jwksOf('http://keycloak.keycloak.svc:8080/auth/realms/nowhere/protocol/openid-connect/certs'),
    ).toBeUndefined();
    expect(jwksOf('http://keycloak.keycloak.svc:8080/auth/realms/master')).toBeUndefined();
    expect(
      jwksOf('https://keycloak.keycloak.svc:8080/auth/realms/master/protocol/openid-connect/certs'),
    ).toBeUndefined();
    expect(jwksOf('not a url')).toBeUndefined();
  });

  it('fails while keycloak has no ready pod, and fetches again once it has one', () => {
    const deployment = mesh.store.get(GR.deployments, 'keycloak', 'keycloak')!;
    mesh.apply({ ...deployment, spec: { ...deployment.spec, replicas: 0 } });
    expect(jwksOf(ARTICLE_JWKS_URI)).toBeUndefined();
    const scaledDown = mesh.store.get(GR.deployments, 'keycloak', 'keycloak')!;
    mesh.apply({ ...scaledDown, spec: { ...scaledDown.spec, replicas: 1 } });
    expect(jwksOf(ARTICLE_JWKS_URI)).toEqual(keycloak.jwksOf('master'));
  });

  it('keeps fetching under mesh-wide STRICT mTLS while keycloak runs without a sidecar, as the article creates it', () => {
    mesh.apply(peerAuthentication('istio-system', 'STRICT'));
    expect(jwksOf(ARTICLE_JWKS_URI)).toEqual(keycloak.jwksOf('master'));
  });

  it("fails under mesh-wide STRICT once keycloak has a sidecar, which resets istiod's plaintext fetch (istio#40553)", () => {
    const injected = meshUnderTest();
    injected.apply(
      ...loadScenario('sentiment-analysis').objects.map((o) =>
        o.kind === 'Namespace' && o.metadata.name === 'keycloak'
          ? { ...o, metadata: { ...o.metadata, labels: { 'istio-injection': 'enabled' } } }
          : o,
      ),
    );
    const fetchInjected = jwksResolver(keycloak, () => new MeshIndex(injected.store), mtlsModeIn(injected.store));
    expect(fetchInjected(ARTICLE_JWKS_URI)).toEqual(keycloak.jwksOf('master'));
    injected.apply(peerAuthentication('istio-system', 'STRICT'));
    expect(fetchInjected(ARTICLE_JWKS_URI)).toBeUndefined();
    // The usual way out: let keycloak's namespace take plaintext again.
    injected.apply(peerAuthentication('keycloak', 'PERMISSIVE'));
    expect(fetchInjected(ARTICLE_JWKS_URI)).toEqual(keycloak.jwksOf('master'));
  });
});
