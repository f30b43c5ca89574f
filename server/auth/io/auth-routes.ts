// What the login routes (app/api/auth/**) do, apart from Next: the login options, a token login, /me, logout and the
// two halves of the OpenID flow (redirects, not JSON).
import { z } from 'zod';
import type { AuthMe, LoginOptions, LogoutResponse } from '../../../lib/api/auth.js';
import { OPENID_CALLBACK, openidStartQuery, tokenLoginBody } from '../../../lib/api/auth.js';
import { requireCsrfHeader } from '../../csrf-header.js';
import { RefusedError } from '../../errors.js';
import { errorResponse, parseBody, parseSearch, refuseCrossSite } from '../../http.js';
import { log } from '../../observability/log.js';
import { authenticate, type AuthDeps, type Authenticated } from '../authenticate.js';
import type { RequestUser } from '../request-user.js';
import {
  FLOW_COOKIE,
  SESSION_COOKIE,
  cookieHeader,
  isHttps,
  openFlow,
  openSession,
  readCookie,
  sealFlow,
  sealSession,
  SessionRefused,
  type Session,
} from '../session-cookie.js';
import { limitLogin } from './rate-limits.js';

/** The login attempt's cookie lives as long as a person may take at the provider's login page. */
const FLOW_SECONDS = 600;

/** Where a login route puts the cookies of its answer (jsonRoute's reply). */
export interface Reply {
  cookies: string[];
}

/** The console's origin as the browser sees it: SEXTANT_PUBLIC_URL, else the request's (behind a proxy, its own). */
export function publicOrigin(req: Request, deps: AuthDeps): string {
  if (deps.config.publicUrl) return new URL(deps.config.publicUrl).origin;
  const host = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || req.headers.get('host');
  const url = new URL(req.url);
  return host ? `${isHttps(req) ? 'https' : 'http'}://${host}` : url.origin;
}

export function loginOptionsOf(deps: AuthDeps): LoginOptions {
  return {
    strategy: deps.config.strategy,
    openid: deps.config.strategy === 'openid' ? { issuer: deps.config.openid!.issuer } : null,
  };
}

export async function meOf(
  deps: AuthDeps,
  authenticated: Authenticated,
  namespace: string | null,
  signal?: AbortSignal,
): Promise<AuthMe> {
  const { user } = authenticated;
  const reviews = await deps.reviews();
  const [changeTraffic, consoleIdentity] = await Promise.all([
    reviews
      .canI(
        user.credentials,
        { verb: 'patch', group: 'networking.istio.io', resource: 'virtualservices', namespace: namespace ?? '' },
        signal,
      )
      .catch(() => null),
    user.strategy === 'anonymous' ? reviews.consoleIdentity(signal) : null,
  ]);
  return {
    user: user.name,
    groups: user.groups,
    strategy: user.strategy,
    can: { namespace, changeTraffic },
    console: consoleIdentity ? { user: consoleIdentity.username, groups: consoleIdentity.groups } : null,
    expiresAt: authenticated.expiresAt === undefined ? null : authenticated.expiresAt * 1000,
  };
}

function sessionCookie(req: Request, session: Session, nowSeconds: number, sealed: string): string {
  return cookieHeader({
    name: SESSION_COOKIE,
    value: sealed,
    maxAgeSeconds: session.expiresAt - nowSeconds,
    secure: isHttps(req),
  });
}

const clearCookie = (req: Request, name: string, path = '/') =>
  cookieHeader({ name, value: '', maxAgeSeconds: 0, secure: isHttps(req), path });

/** POST /api/auth/login { token }: verified with the API server (SelfSubjectReview, else TokenReview). */
export async function tokenLogin(req: Request, deps: AuthDeps, reply: Reply): Promise<AuthMe> {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  if (deps.config.strategy !== 'token')
    throw new RefusedError(
      409,
      'wrong_strategy',
      `this console logs in with the ${deps.config.strategy} strategy, not with a pasted token`,
    );
  const { token } = await parseBody(req, tokenLoginBody);
  const identity = await (await deps.reviews()).reviewToken(token, req.signal);
  const nowSeconds = Math.floor(deps.nowMs() / 1000);
  let expiresAt = nowSeconds + deps.config.sessionTtlSeconds;
  const tokenExp = jwtExp(token);
  // A session never outlives its token: a ServiceAccount token from TokenRequest ends at its exp.
  if (tokenExp !== null) expiresAt = Math.min(expiresAt, tokenExp);
  const session: Session = {
    name: identity.username,
    groups: identity.groups,
    strategy: 'token',
    credentials: { kind: 'token', token },
    expiresAt,
  };
  const user: RequestUser = { ...session };
  reply.cookies.push(sessionCookie(req, session, nowSeconds, await sealSession(session, deps.key!)));
  return meOf(deps, { user, expiresAt }, null, req.signal);
}

/** A JWT's exp, or null for a token that is not a JWT (a static token) or has none. */
function jwtExp(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/** POST /api/auth/logout: the cookie goes; the provider's end_session URL when it has one. */
export async function logout(req: Request, deps: AuthDeps, reply: Reply): Promise<LogoutResponse> {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  let endSessionUrl: string | null = null;
  const value = readCookie(req, SESSION_COOKIE);
  if (value && deps.key && deps.config.strategy === 'openid') {
    // An expired session still names the ID token the provider's logout wants as a hint; a broken one names none.
    const session = await openSession(value, deps.key, 0).catch(() => null);
    if (session?.oidc)
      endSessionUrl = await deps.openid().endSessionUrl(session.oidc.idToken, `${publicOrigin(req, deps)}/login`);
  }
  reply.cookies.push(clearCookie(req, SESSION_COOKIE));
  return { loggedOut: true, endSessionUrl };
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

const loginWithError = (message: string) => `/login?error=${encodeURIComponent(message)}`;

/** GET /api/auth/openid/start?next=…: to the provider, with state, nonce and the PKCE verifier in a cookie. */
export async function openidStart(req: Request, auth: () => AuthDeps): Promise<Response> {
  const limited = refusedTooOften(req);
  if (limited) return limited;
  try {
    const deps = auth();
    if (deps.config.strategy !== 'openid')
      throw new RefusedError(409, 'wrong_strategy', `this console logs in with the ${deps.config.strategy} strategy`);
    const { next } = parseSearch(req, openidStartQuery);
    const { url, flow } = await deps.openid().start(`${publicOrigin(req, deps)}${OPENID_CALLBACK}`, next);
    const expiresAt = Math.floor(deps.nowMs() / 1000) + FLOW_SECONDS;
    const flowCookie = cookieHeader({
      name: FLOW_COOKIE,
      value: await sealFlow(flow, deps.key!, expiresAt),
      maxAgeSeconds: FLOW_SECONDS,
      secure: isHttps(req),
      path: '/api/auth/openid',
    });
    return redirect(url, [flowCookie]);
  } catch (err) {
    return redirect(loginWithError(errorText(err)), []);
  }
}

/** GET /api/auth/openid/callback: the code exchanged for tokens, the session cookie set, back to where they were. */
export async function openidCallback(req: Request, auth: () => AuthDeps): Promise<Response> {
  const limited = refusedTooOften(req);
  if (limited) return limited;
  const clearFlow = clearCookie(req, FLOW_COOKIE, '/api/auth/openid');
  try {
    const deps = auth();
    const value = readCookie(req, FLOW_COOKIE);
    if (!value) throw new SessionRefused('the login attempt expired or was made in another browser; start it again');
    const flow = await openFlow(value, deps.key!);
    const origin = publicOrigin(req, deps);
    const incoming = new URL(req.url);
    // The URL the provider redirected to, as the browser saw it: openid-client compares it with redirect_uri.
    const callbackUrl = new URL(`${origin}${OPENID_CALLBACK}${incoming.search}`);
    const nowSeconds = Math.floor(deps.nowMs() / 1000);
    const session = await deps.openid().finish(callbackUrl, flow, nowSeconds, deps.config.sessionTtlSeconds);
    const sealed = await sealSession(session, deps.key!);
    return redirect(flow.next, [clearFlow, sessionCookie(req, session, nowSeconds, sealed)]);
  } catch (err) {
    return redirect(loginWithError(errorText(err)), [clearFlow]);
  }
}

/**
 * Both halves of the OpenID login count as logins from the client's address (the callback too: it spends a code
 * exchange with the provider). A refusal is the 429 itself, with Retry-After, not a redirect to /login: a redirect
 * would hide the status, and the login page would only send the person straight back.
 */
function refusedTooOften(req: Request): Response | null {
  try {
    limitLogin(req);
    return null;
  } catch (err) {
    return errorResponse(err);
  }
}

function errorText(err: unknown): string {
  if (err instanceof RefusedError || err instanceof SessionRefused || err instanceof z.ZodError)
    return err instanceof z.ZodError ? z.prettifyError(err) : err.message;
  log.error('a login failed on a bug', { err });
  return 'the login failed; see the server log';
}

/** GET /api/auth/me?namespace=…: 401 without a valid session. */
export async function me(req: Request, deps: AuthDeps, namespace: string | null, reply: Reply): Promise<AuthMe> {
  const authenticated = await authenticate(req, deps);
  if (authenticated.setCookie) reply.cookies.push(authenticated.setCookie);
  return meOf(deps, authenticated, namespace, req.signal);
}
