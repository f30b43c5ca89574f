// Next's middleware (proxy.ts since Next 16) runs on every request, and is the one home of the security headers
// (server/security-headers.ts): pages need a fresh nonce per request, which only code that runs per request can draw
// (next.config.js `headers()` is fixed at build time), and one place for pages, API routes, probes and Next's own
// files keeps them from drifting apart.
//
// Pages also ask for a login before they render when the login strategy keeps sessions (token, openid): a page
// request without the session cookie goes to /login?next=… at once, rather than drawing panels whose every call
// answers 401. Whether a cookie is still valid is the API's to judge (server/http.ts); the shell sends the person to
// /login when /api/auth/me says it is not.
import { NextResponse, type NextRequest } from 'next/server';
import { loadAuthConfig } from './server/config.js';
import { securityHeaders, servedOverHttps } from './server/security-headers.js';
import { undecodablePath } from './server/undecodable-path.js';

const SESSION_COOKIE = 'sextant_session';
// Pages only: not the API, Next's own files, the probes, the metrics, the icon or the login page itself.
const NOT_A_PAGE = /^\/(?:api\/|_next\/|login|healthz|readyz|metrics|icon\.svg|favicon\.ico)/;

function needsSession(): boolean {
  try {
    const { strategy } = loadAuthConfig();
    return strategy === 'token' || strategy === 'openid';
  } catch {
    return false; // a bad configuration is the API's to report, in words
  }
}

function loginRedirect(request: NextRequest): NextResponse | null {
  if (NOT_A_PAGE.test(request.nextUrl.pathname) || request.cookies.has(SESSION_COOKIE) || !needsSession()) return null;
  const login = new URL('/login', request.url);
  login.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login, 303);
}

function refuseUndecodablePath(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  if (!undecodablePath(pathname)) return null;
  const message =
    'the path holds a % that starts no percent-encoded character (such as %zz or a UTF-8 sequence cut short); encode each part of the path with encodeURIComponent';
  return pathname.startsWith('/api/')
    ? NextResponse.json({ error: { code: 'bad_request', message } }, { status: 400 })
    : new NextResponse(`Bad request: ${message}.`, { status: 400, headers: { 'content-type': 'text/plain' } });
}

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({
    // 128 random bits (CSP3 asks for at least 128), base64 as the nonce-source grammar wants.
    nonce: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64'),
    https: servedOverHttps({
      protocol: request.nextUrl.protocol,
      forwardedProto: request.headers.get('x-forwarded-proto'),
    }),
    dev: process.env.NODE_ENV === 'development',
  });
  let response = refuseUndecodablePath(request) ?? loginRedirect(request);
  if (!response) {
    // Next reads the nonce from the request's Content-Security-Policy and puts it on the scripts it renders.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// No matcher: every request, Next's static files included, gets the headers.
