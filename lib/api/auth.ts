import { z } from 'zod';
import { apiRoute } from './api-route.js';

// Logins (issue 21). The strategy is the console's configuration (SEXTANT_AUTH_STRATEGY): anonymous (no login), token
// (a pasted Kubernetes bearer token), openid (the provider's login page, through /api/auth/openid/start and its
// callback), header (a trusted proxy in front says who the user is). Every other API route answers 401
// `unauthenticated` without a valid session.

export const authStrategy = z.enum(['anonymous', 'token', 'openid', 'header']);
export type AuthStrategy = z.infer<typeof authStrategy>;

/** GET /api/auth/login: how to log in here, for the login page (answered to anyone). */
export const loginOptions = z.object({
  strategy: authStrategy,
  /** The OpenID provider's issuer, for the "Log in with …" button; null under other strategies. */
  openid: z.object({ issuer: z.string() }).nullable(),
});
export type LoginOptions = z.infer<typeof loginOptions>;
export const loginOptionsRoute = apiRoute('/api/auth/login', loginOptions);

/** POST /api/auth/login under the token strategy: the token is verified with the API server before a session. */
export const tokenLoginBody = z.object({
  token: z
    .string()
    .trim()
    .min(1, 'paste a Kubernetes bearer token (kubectl create token NAME -n NAMESPACE)')
    .max(16_384, 'a bearer token is at most a few kilobytes')
    // It travels in an Authorization header, which holds no line break, space or non-ASCII character (RFC 9110 §5.5;
    // Node refuses to send one, ERR_INVALID_CHAR): a ServiceAccount JWT, a bootstrap or static token is visible ASCII.
    .regex(/^[\x21-\x7e]+$/, 'a bearer token holds only visible ASCII characters: paste the token alone'),
});
export type TokenLoginBody = z.infer<typeof tokenLoginBody>;

/**
 * GET /api/auth/me: who the console acts for. `can` is small on purpose (rules come with SelfSubjectRulesReview):
 * `changeTraffic` is the API server's answer to "may this user patch VirtualServices" in `namespace` (all namespaces
 * when null), asked as the user; null when the API server could not be asked.
 */
export const authMe = z.object({
  user: z.string(),
  groups: z.array(z.string()),
  strategy: authStrategy,
  can: z.object({ namespace: z.string().nullable(), changeTraffic: z.boolean().nullable() }),
  /** Under the anonymous strategy, the Kubernetes identity everyone acts as; null under the others. */
  console: z.object({ user: z.string(), groups: z.array(z.string()) }).nullable(),
  /** When the session ends (ms since the epoch); null without a session (anonymous, header). */
  expiresAt: z.number().nullable(),
});
export type AuthMe = z.infer<typeof authMe>;
export const authMeRoute = apiRoute('/api/auth/me', authMe);
export const meQuery = z.object({ namespace: z.string().min(1).optional() });
export const tokenLoginRoute = apiRoute('/api/auth/login', authMe, 'POST');

/** POST /api/auth/logout: the session cookie is cleared; the provider's logout page to open next, if it has one. */
export const logoutResponse = z.object({ loggedOut: z.literal(true), endSessionUrl: z.string().nullable() });
export type LogoutResponse = z.infer<typeof logoutResponse>;
export const logoutRoute = apiRoute('/api/auth/logout', logoutResponse, 'POST');

/** GET /api/auth/openid/start?next=/graph: redirects to the provider; its callback redirects back to `next`. */
export const openidStartQuery = z.object({
  // A path of this console only: never another site (an open redirect).
  next: z
    .string()
    .regex(/^\/(?![/\\])/, 'a path of this console, such as /graph')
    .default('/'),
});
export const OPENID_START = '/api/auth/openid/start';
export const OPENID_CALLBACK = '/api/auth/openid/callback';
