// The Keycloak the article sets up (freeCodeCamp, "Learn Istio", section "Run Keycloak in the cluster"): the image's
// admin/admin in master (KEYCLOAK_USER/KEYCLOAK_PASSWORD in kube/idp/keycloak.yaml), the public client sa-frontend
// with direct access grants and the `group` and `usertype` attribute mappers, and its three users, all with the
// password `password` as the article's script creates them. Beside them, the console's own client `sextant`.
import type { KeycloakClient, KeycloakUser, RealmConfig } from '../../identity/index.js';

/** The article's users: a plain user, a beta user, and a moderator whose `group` claim the feedback policy checks. */
export const ARTICLE_USERS: KeycloakUser[] = [
  {
    username: 'user',
    password: 'password',
    email: 'user@acme.com',
    attributes: { group: 'users', usertype: 'regular' },
    groups: ['users'],
  },
  {
    username: 'beta',
    password: 'password',
    email: 'beta@acme.com',
    attributes: { group: 'users', usertype: 'beta' },
    groups: ['users'],
  },
  {
    username: 'moderator',
    password: 'password',
    email: 'moderator@acme.com',
    attributes: { group: 'moderator', usertype: 'regular' },
    groups: ['moderator'],
  },
];

const SA_FRONTEND = { clientId: 'sa-frontend', directAccessGrants: true, mappedAttributes: ['group', 'usertype'] };

/**
 * The console's client, as an administrator would add it for Sextant's openid login: public, standard flow only, S256
 * PKCE enforced, any port on loopback as a redirect (Keycloak's only wildcard is a trailing `*`), five-minute tokens
 * (the master realm's one minute would have the console refresh on every call), and a group membership mapper with
 * "Full group path" off, so the ID token says `groups: ["moderator"]`, the names the API server's RBAC binds.
 */
export const SEXTANT_CLIENT: KeycloakClient = {
  clientId: 'sextant',
  directAccessGrants: false,
  standardFlow: true,
  redirectUris: ['http://127.0.0.1:*', 'http://localhost:*'],
  pkceMethod: 'S256',
  accessTokenLifespanS: 300,
  groupMembershipMapper: { claim: 'groups', fullPath: false },
};

export const SENTIMENT_REALMS: RealmConfig[] = [
  {
    name: 'master',
    users: [{ username: 'admin', password: 'admin', roles: ['admin', 'create-realm'] }, ...ARTICLE_USERS],
    // admin-cli is the public client every realm has; the article's script logs in through it as admin.
    clients: [{ clientId: 'admin-cli', directAccessGrants: true }, SA_FRONTEND, SEXTANT_CLIENT],
    // Keycloak gives the master realm one-minute access tokens (a new realm gets five).
    accessTokenLifespanS: 60,
  },
  {
    // The realm whose keys the scenario's browsers fetch through the gateway (an app realm beside master).
    name: 'sentiment',
    users: ARTICLE_USERS,
    clients: [{ clientId: 'admin-cli', directAccessGrants: true }, SA_FRONTEND],
    accessTokenLifespanS: 300,
  },
];

/** Where the article's learner reaches the app and Keycloak: the ingress gateway port-forwarded to localhost:8080. */
export const ARTICLE_ISSUER = 'http://localhost:8080/auth/realms/master';
