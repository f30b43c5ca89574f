// What Keycloak remembers of browser logins, per realm: the authentication sessions of login forms still open (one per
// tab, found by the AUTH_SESSION_ID cookie and the form's tab_id), the one-time authorization codes, and the user
// sessions the codes started, which a logout or a reused code ends.
import { randomBytes, randomUUID } from 'node:crypto';

/** An authorization request that passed AuthorizationEndpoint's checks, kept while its login form is open. */
export interface AuthRequest {
  clientId: string;
  /** The redirect_uri as verified against the client's, where the browser is sent. */
  redirectUri: string;
  /** The redirect_uri parameter as sent, which the code's exchange must repeat exactly. */
  redirectUriParam: string;
  state?: string;
  nonce?: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export interface AuthSession {
  id: string;
  tabId: string;
  request: AuthRequest;
  expiresAtMs: number;
}

export interface IssuedCode {
  request: AuthRequest;
  userId: string;
  sessionId: string;
  expiresAtMs: number;
}

export interface UserSession {
  userId: string;
  /** When the user typed their password, the ID token's auth_time (seconds). */
  authTimeS: number;
  nonce?: string;
  active: boolean;
}

export class BrowserLogins {
  private readonly authSessions = new Map<string, AuthSession>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly sessions = new Map<string, UserSession>();

  startAuth(request: AuthRequest, nowMs: number, lifespanS: number): AuthSession {
    this.forgetExpired(nowMs);
    const session = {
      id: randomUUID(),
      tabId: randomBytes(8).toString('base64url'),
      request,
      expiresAtMs: nowMs + lifespanS * 1000,
    };
    this.authSessions.set(session.tabId, session);
    return session;
  }

  /** The open login form of this tab, if the browser's AUTH_SESSION_ID cookie names it and it has not timed out. */
  authSession(tabId: string, cookieSessionId: string | undefined, nowMs: number): AuthSession | undefined {
    const session = this.authSessions.get(tabId);
    if (!session || session.id !== cookieSessionId || session.expiresAtMs <= nowMs) return undefined;
    return session;
  }

  /** The login succeeded: the form's session becomes a user session and a one-time code for the client. */
  issueCode(
    auth: AuthSession,
    login: { userId: string; nowMs: number; codeLifespanS: number },
  ): { code: string; sessionId: string } {
    this.authSessions.delete(auth.tabId);
    const sessionId = randomUUID();
    this.sessions.set(sessionId, {
      userId: login.userId,
      authTimeS: Math.floor(login.nowMs / 1000),
      ...(auth.request.nonce !== undefined ? { nonce: auth.request.nonce } : {}),
      active: true,
    });
    // Keycloak 15's code reads `{uuid}.{user session}.{client}`; only the server can tell what it stands for.
    const code = `${randomUUID()}.${sessionId}.${randomUUID()}`;
    this.codes.set(code, {
      request: auth.request,
      userId: login.userId,
      sessionId,
      expiresAtMs: login.nowMs + login.codeLifespanS * 1000,
    });
    return { code, sessionId };
  }

  /**
   * Takes a code out, so that it works once (OAuth2CodeParser removes it from the single-use store). An unknown, used
   * or expired code is undefined: the store drops a code when its lifespan ends, so an expired code is as unknown as
   * a forged one. A second use of a code ends the session the first use started (RFC 6749 §4.1.2: a code used twice
   * revokes what it granted); `reused` says so.
   */
  redeemCode(code: string, nowMs: number): IssuedCode | undefined {
    const issued = this.codes.get(code);
    if (!issued) {
      const sessionId = code.split('.')[1];
      const session = sessionId ? this.sessions.get(sessionId) : undefined;
      if (session) session.active = false;
      return undefined;
    }
    this.codes.delete(code);
    if (issued.expiresAtMs <= nowMs) return undefined;
    return issued;
  }

  /** A user session of a browser login; undefined for the password grant's, which this store does not track. */
  session(sessionId: string): UserSession | undefined {
    return this.sessions.get(sessionId);
  }

  endSession(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session) session.active = false;
  }

  private forgetExpired(nowMs: number): void {
    for (const [tabId, session] of this.authSessions) if (session.expiresAtMs <= nowMs) this.authSessions.delete(tabId);
    for (const [code, issued] of this.codes) if (issued.expiresAtMs <= nowMs) this.codes.delete(code);
  }
}
