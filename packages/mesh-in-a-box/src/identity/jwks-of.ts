// What istiod gets when it fetches a RequestAuthentication's jwksUri. istiod fetches the keys itself, from its own
// pod in istio-system, through cluster DNS and kube-proxy, without a sidecar, and inlines them into every proxy's
// jwt_authn filter (istio/istio pilot/pkg/model/jwks_resolver.go, BuildLocalJwks/GetPublicKey). When the fetch fails
// it inlines a fake JWKS instead (CreateFakeJwks: one RSA key, kid "abc", whose n spells
// "Error-IstiodFailedToFetchJwksUri-<uri>"), so that every request that carries a token is refused with 401
// `Jwt verification fails` while requests without one pass: that is what `undefined` below stands for.
import type { MeshIndex, MeshPod, MeshService } from '../traffic/mesh-index.js';
import type { MtlsMode } from '../security/index.js';
import type { PublicJwks } from './keycloak-realm.js';
import type { SimulatedKeycloak } from './simulated-keycloak.js';

/** The JWKS for a jwksUri as istiod would fetch it now; undefined when istiod's fetch would fail. */
export type JwksOf = (jwksUri: string) => PublicJwks | undefined;

const CERTS_PATH = /^\/auth\/realms\/([^/]+)\/protocol\/openid-connect\/certs\/?$/;
// The port Keycloak 15's image serves plain HTTP on (8443 is TLS with a self-signed certificate istiod would refuse).
const KEYCLOAK_HTTP_PORT = 8080;
const ISTIOD_NAMESPACE = 'istio-system';

/**
 * jwksOf for one mesh: the simulated Keycloak answers only where a real fetch would reach it. The host must resolve
 * from istio-system (keycloak.keycloak, keycloak.keycloak.svc, the FQDN or the cluster IP) to a Service with a port
 * the URI names, ready endpoints running Keycloak behind it on 8080, a realm that exists, and no sidecar that
 * refuses istiod's plaintext: with STRICT mTLS on the Keycloak pod the connection is reset, as
 * istio/istio#40553 and #28742 describe for any in-mesh JWKS server. `localhost` is istiod's own pod, where nothing
 * listens (the article's issuer says localhost:8080 only because the learner port-forwards).
 */
/** The mTLS mode a pod's inbound listener enforces on a container port (the traffic model's security knows it). */
export type MtlsModeOf = (pod: MeshPod, targetPort: number) => MtlsMode;

export function jwksResolver(
  keycloak: SimulatedKeycloak | undefined,
  mesh: () => MeshIndex,
  mtlsModeOf: MtlsModeOf,
): JwksOf {
  return (jwksUri) => {
    const target = reachableKeycloak(jwksUri, mesh(), mtlsModeOf);
    if (!keycloak || !target) return undefined;
    const realm = CERTS_PATH.exec(target.pathname)?.[1];
    return realm === undefined ? undefined : keycloak.jwksOf(decodeURIComponent(realm));
  };
}

/**
 * The JWKS for a jwtRule: its jwksUri, or when it has none, the jwks_uri of the issuer's OpenID discovery document
 * (istiod's resolveJwksURIUsingOpenID), which Keycloak builds from the URL it was asked at.
 */
export function jwksForRule(jwksOf: JwksOf, rule: { issuer?: string; jwksUri?: string }): PublicJwks | undefined {
  if (rule.jwksUri) return jwksOf(rule.jwksUri);
  if (!rule.issuer) return undefined;
  return jwksOf(`${rule.issuer.replace(/\/+$/, '')}/protocol/openid-connect/certs`);
}

function reachableKeycloak(uri: string, mesh: MeshIndex, mtlsModeOf: MtlsModeOf): URL | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined; // istiod: Failed to parse
  }
  if (url.protocol !== 'http:') return undefined;
  const service = mesh.lookupHost(url.hostname, ISTIOD_NAMESPACE);
  if (!service || !('pods' in service)) return undefined;
  const port = url.port ? Number(url.port) : 80;
  const servicePort = service.ports.find((p) => p.port === port);
  if (!servicePort) return undefined;
  const pods = service.pods.filter((pod) => runsKeycloak(pod) && targetPortOf(servicePort, pod) === KEYCLOAK_HTTP_PORT);
  // kube-proxy picks any ready endpoint; istiod retries, so one endpoint that takes plaintext is enough.
  const answering = pods.filter((pod) => !(pod.ref.hasSidecar && mtlsModeOf(pod, KEYCLOAK_HTTP_PORT) === 'STRICT'));
  return answering.length > 0 ? url : undefined;
}

/** Whether the pod runs Keycloak's image, whose server the simulated Keycloak stands for. */
export function runsKeycloak(pod: MeshPod): boolean {
  const containers = (pod.object.spec?.containers ?? []) as { name: string; image?: string }[];
  return containers.some((c) => c.name !== 'istio-proxy' && /(^|\/)keycloak(:|@|$)/.test(c.image ?? ''));
}

function targetPortOf(port: MeshService['ports'][number], pod: MeshPod): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  const named = pod.containerPorts.get(port.targetPort);
  if (named !== undefined) return named;
  const numeric = Number(port.targetPort);
  return Number.isInteger(numeric) && numeric > 0 ? numeric : undefined;
}
