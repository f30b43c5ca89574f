// Pages ask for a login before they render when the login strategy keeps sessions (token, openid): a page request
// without the session cookie goes to /login?next=… at once, rather than drawing panels whose every call answers 401.
// Whether a cookie is still valid is the API's to judge (server/http.ts); the shell sends the person to /login when
// /api/auth/me says it is not.
import { NextResponse, type NextRequest } from 'next/server';
import { loadAuthConfig } from './server/config.js';

function needsSession(): boolean {
  try {
    const { strategy } = loadAuthConfig();
    return strategy === 'token' || strategy === 'openid';
  } catch {
    return false; // a bad configuration is the API's to report, in words
  }
}

export function proxy(request: NextRequest): NextResponse {
  if (!needsSession()) return NextResponse.next();
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const login = new URL('/login', request.url);
  login.searchParams.set('next', next);
  return NextResponse.redirect(login, 303);
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, Next's own files, the probes, the metrics, the icon or the login page itself.
      source: '/((?!api/|_next/|login|healthz|readyz|metrics|icon\\.svg|favicon\\.ico).*)',
      missing: [{ type: 'cookie', key: 'sextant_session' }],
    },
  ],
};
