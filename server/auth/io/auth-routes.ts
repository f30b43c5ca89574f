// What the login routes (app/api/auth/**) do, apart from Next: the login options, a token login, /me, logout and the
// two halves of the OpenID flow. Handlers here answer with cookies, which jsonRoute's answers do not carry.
import { z, type ZodType } from 'zod';
import type { AuthMe, LoginOptions, LogoutResponse } from '../../../lib/api/auth.js';
import { OPENID_CALLBACK, openidStartQuery, tokenLoginBody } from '../../../lib/api/auth.js';
import { requireCsrfHeader } from '../../csrf-header.js';
import { RefusedError } from '../../errors.js';
import { errorResponse, parseBody, parseSearch, refuseCrossSite } from '../../http.js';
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

/** The login attempt's cookie lives as long as a person may take at the provider's login page. */
const FLOW_SECONDS = 600;

interface Answer {
  body: unknown;
  cookies?: string[];
}

/** A JSON answer checked against its contract, with cookies; errors as every route's. */
export function cookieRoute(
  output: ZodType,
  handler: (req: Request) => Promise<Answer>,
): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      const { body, cookies } = await handler(req);
      const response = Response.json(output.parse(body));
      for (const cookie of cookies ?? []) response.headers.append('set-cookie', cookie);
      return response;
    } catch (err) {
      return errorResponse(err, req.signal);
    }
  };
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
export async function tokenLogin(req: Request, deps: AuthDeps): Promise<Answer> {
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
  return {
    body: await meOf(deps, { user, expiresAt }, null, req.signal),
    cookies: [sessionCookie(req, session, nowSeconds, await sealSession(session, deps.key!))],
  };
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
export async function logout(req: Request, deps: AuthDeps): Promise<Answer> {
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
  const body: LogoutResponse = { loggedOut: true, endSessionUrl };
  return { body, cookies: [clearCookie(req, SESSION_COOKIE)] };
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

const loginWithError = (message: string) => `/login?error=${encodeURIComponent(message)}`;

/** GET /api/auth/openid/start?next=…: to the provider, with state, nonce and the PKCE verifier in a cookie. */
export async function openidStart(req: Request, auth: () => AuthDeps): Promise<Response> {
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

function errorText(err: unknown): string {
  if (err instanceof RefusedError || err instanceof SessionRefused || err instanceof z.ZodError)
    return err instanceof z.ZodError ? z.prettifyError(err) : err.message;
  console.error(err);
  return 'the login failed; see the server log';
}

/** GET /api/auth/me?namespace=…: 401 without a valid session. */
export async function me(req: Request, deps: AuthDeps, namespace: string | null): Promise<Answer> {
  const authenticated = await authenticate(req, deps);
  return {
    body: await meOf(deps, authenticated, namespace, req.signal),
    cookies: authenticated.setCookie ? [authenticated.setCookie] : [],
  };
}
