// One answer per request to "who is this?", by the configured strategy: the user and their Kubernetes credentials,
// a new cookie when the session was refreshed, or RefusedError 401 saying how to log in.
import { createHash, timingSafeEqual } from 'node:crypto';
import { RefusedError } from '../errors.js';
import type { AuthConfig } from './auth-config.js';
import type { KubeReviews } from './io/kube-reviews.js';
import type { OpenidLogin } from './io/openid-login.js';
import { ANONYMOUS_USER, type RequestUser } from './request-user.js';
import {
  SESSION_COOKIE,
  SessionRefused,
  cookieHeader,
  isHttps,
  openSession,
  readCookie,
  sealSession,
  userOf,
} from './session-cookie.js';

export interface AuthDeps {
  config: AuthConfig;
  /** The session key; null under strategies without sessions. */
  key: Uint8Array | null;
  reviews: () => Promise<KubeReviews>;
  openid: () => OpenidLogin;
  /** Tokens a proxy passed on, verified recently: the API server is asked once a minute per token, not per call. */
  verifiedTokens: Map<string, { user: RequestUser; untilMs: number }>;
  nowMs: () => number;
}

export interface Authenticated {
  user: RequestUser;
  /** Set-Cookie to send back: the session was refreshed. */
  setCookie?: string;
  /** When the session ends (seconds since the epoch); absent without a session. */
  expiresAt?: number;
}

const VERIFIED_TOKEN_MS = 60_000;
const MAX_VERIFIED_TOKENS = 10_000;

export const unauthenticated = (message: string) => new RefusedError(401, 'unauthenticated', message);

async function fromSession(req: Request, deps: AuthDeps): Promise<Authenticated> {
  const value = readCookie(req, SESSION_COOKIE);
  if (!value) throw unauthenticated(`log in first: this console uses the ${deps.config.strategy} login (open /login)`);
  const nowSeconds = Math.floor(deps.nowMs() / 1000);
  let session;
  try {
    session = await openSession(value, deps.key!, nowSeconds);
  } catch (err) {
    if (err instanceof SessionRefused) throw unauthenticated(err.message);
    throw err;
  }
  if (session.strategy !== deps.config.strategy)
    throw unauthenticated(
      `your session is from the ${session.strategy} login, which this console no longer uses; log in again`,
    );
  if (session.strategy !== 'openid') return { user: userOf(session), expiresAt: session.expiresAt };
  const refreshed = await deps.openid().refresh(session, nowSeconds);
  if (refreshed === session) return { user: userOf(session), expiresAt: session.expiresAt };
  const sealed = await sealSession(refreshed, deps.key!);
  return {
    user: userOf(refreshed),
    expiresAt: refreshed.expiresAt,
    setCookie: cookieHeader({
      name: SESSION_COOKIE,
      value: sealed,
      maxAgeSeconds: refreshed.expiresAt - nowSeconds,
      secure: isHttps(req),
    }),
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * A header the proxy filled with a name: its bytes are the name's UTF-8 (as oauth2-proxy and Envoy send it), but
 * Node's parser gives each byte as one Latin-1 character; put back together, "Zoë" is Zoë again.
 */
function utf8Header(value: string | null): string | null {
  return value === null ? null : Buffer.from(value, 'latin1').toString('utf8');
}

async function fromProxy(req: Request, deps: AuthDeps): Promise<Authenticated> {
  const header = deps.config.header!;
  if (header.mode === 'identity') {
    const secret = req.headers.get(header.proxySecretHeader);
    if (secret === null || !sameSecret(secret, header.proxySecret!))
      throw unauthenticated(
        `this console takes users only from its trusted proxy, and the request did not come through it (no valid ${header.proxySecretHeader})`,
      );
    const name = utf8Header(req.headers.get(header.userHeader))?.trim();
    if (!name) throw unauthenticated(`the proxy named no user (${header.userHeader} is empty); log in at the proxy`);
    const groups = (utf8Header(req.headers.get(header.groupsHeader)) ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
    return { user: { name, groups, strategy: 'header', credentials: { kind: 'impersonate', user: name, groups } } };
  }
  const authorization = req.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) throw unauthenticated('the proxy passed no bearer token (Authorization: Bearer …); log in at the proxy');
  const id = createHash('sha256').update(token).digest('base64url');
  const now = deps.nowMs();
  const known = deps.verifiedTokens.get(id);
  if (known && known.untilMs > now) return { user: known.user };
  const identity = await (await deps.reviews()).reviewToken(token, req.signal);
  const user: RequestUser = {
    name: identity.username,
    groups: identity.groups,
    strategy: 'header',
    credentials: { kind: 'token', token },
  };
  if (deps.verifiedTokens.size >= MAX_VERIFIED_TOKENS) deps.verifiedTokens.clear();
  deps.verifiedTokens.set(id, { user, untilMs: now + VERIFIED_TOKEN_MS });
  return { user };
}

export async function authenticate(req: Request, deps: AuthDeps): Promise<Authenticated> {
  switch (deps.config.strategy) {
    case 'anonymous':
      return { user: ANONYMOUS_USER };
    case 'token':
    case 'openid':
      return fromSession(req, deps);
    case 'header':
      return fromProxy(req, deps);
  }
}
