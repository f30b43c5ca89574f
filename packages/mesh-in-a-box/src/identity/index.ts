// The simulated identity provider: Keycloak's realms, endpoints and tokens, and what istiod fetches from it.
export { SimulatedKeycloak, issuerOf, type KeycloakRequest, type Reply } from './simulated-keycloak.js';
export {
  KeycloakRealm,
  stableUuid,
  type KeycloakClient,
  type KeycloakUser,
  type PublicJwks,
  type RealmConfig,
} from './keycloak-realm.js';
export { jwksForRule, jwksResolver, runsKeycloak, type JwksOf } from './jwks-of.js';
export { BrowserSessions, type SessionOptions } from './browser-sessions.js';
export { startIdentity, type Identity, type ScenarioIdentity } from './start-identity.js';
