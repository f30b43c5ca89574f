// The identity side of a mesh in a box: the scenario's Keycloak realms, the tokens its browsers hold, and the
// jwksOf that istiod's JWKS fetch resolves through.
import type { MeshIndex } from '../traffic/mesh-index.js';
import type { BrowserSessions } from './browser-sessions.js';
import { jwksResolver, type JwksOf, type MtlsModeOf } from './jwks-of.js';
import type { RealmConfig } from './keycloak-realm.js';
import { SimulatedKeycloak } from './simulated-keycloak.js';

/** What a scenario declares about identity: the realms its Keycloak holds and the browsers signed in to one. */
export interface ScenarioIdentity {
  realms: RealmConfig[];
  sessions?: BrowserSessions;
}

export interface Identity {
  keycloak: SimulatedKeycloak;
  /** For the JWT verification of RequestAuthentication: the keys istiod would fetch from a jwksUri now. */
  jwksOf: JwksOf;
  stop(): void;
}

// Browsers renew their token this often: well within the master realm's 60 s access token lifespan, so a token in
// flight always has over half a minute left, as keycloak-js's updateToken keeps it.
const REFRESH_MS = 20_000;

/** Creates the realms (a signing key each), signs the browsers in, and keeps their tokens fresh until stop(). */
export async function startIdentity(
  config: ScenarioIdentity | undefined,
  mesh: () => MeshIndex,
  mtlsModeOf: MtlsModeOf,
): Promise<Identity> {
  const keycloak = await SimulatedKeycloak.start(config?.realms ?? []);
  const sessions = config?.sessions;
  let timer: NodeJS.Timeout | undefined;
  if (sessions) {
    await sessions.refresh(keycloak);
    timer = setInterval(() => {
      sessions
        .refresh(keycloak)
        .catch((err: Error) => console.error(`mesh in a box: token refresh failed: ${err.message}`));
    }, REFRESH_MS);
    timer.unref();
  }
  return { keycloak, jwksOf: jwksResolver(keycloak, mesh, mtlsModeOf), stop: () => clearInterval(timer) };
}
