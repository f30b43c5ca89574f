import { describe, expect, it } from 'vitest';
import {
  SESSION_COOKIE,
  cookieHeader,
  openSession,
  readCookie,
  sealSession,
  sessionKey,
  type Session,
} from '../../../../server/auth/session-cookie.js';

const key = sessionKey('a-session-secret-of-at-least-32-bytes!!');
const now = 1_800_000_000;
const session: Session = {
  name: 'system:serviceaccount:demo:viewer',
  groups: ['system:serviceaccounts', 'system:authenticated'],
  strategy: 'token',
  credentials: { kind: 'token', token: 'eyJ.token.sig' },
  expiresAt: now + 3600,
};

describe('the session cookie', () => {
  it('reads back the user, groups and credentials it was sealed with, and hides them', async () => {
    const sealed = await sealSession(session, key);
    expect(sealed).not.toContain('viewer');
    expect(sealed).not.toContain('eyJ.token.sig');
    expect(await openSession(sealed, key, now)).toEqual(session);
  });

  it("keeps a session calling Kubernetes with Keycloak's ID token under the 4,096 bytes a browser keeps of a cookie", async () => {
    // Keycloak 15's sizes for the article's moderator: a 1,181-character ID token, a 633-character refresh token.
    const idToken = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(790)}.${'s'.repeat(342)}`.padEnd(1181, 'x');
    const openid: Session = {
      name: 'moderator',
      groups: ['moderator'],
      strategy: 'openid',
      credentials: { kind: 'token', token: idToken },
      oidc: { idToken, idTokenExp: now + 300, refreshToken: 'r'.repeat(633) },
      expiresAt: now + 28_800,
    };
    const sealed = await sealSession(openid, key);
    expect(`${SESSION_COOKIE}=${sealed}`.length).toBeLessThanOrEqual(4096);
    expect(await openSession(sealed, key, now)).toEqual(openid);
  });

  it('refuses a cookie with one character changed', async () => {
    const sealed = await sealSession(session, key);
    const at = sealed.lastIndexOf('.') - 5;
    const tampered = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    await expect(openSession(tampered, key, now)).rejects.toThrow(/not valid here/);
  });

  it('refuses a cookie sealed with another secret (another console)', async () => {
    const sealed = await sealSession(session, sessionKey('another-secret-of-at-least-32-bytes!!!'));
    await expect(openSession(sealed, key, now)).rejects.toThrow(/not valid here/);
  });

  it('refuses an expired session with a message saying so', async () => {
    const sealed = await sealSession(session, key);
    await expect(openSession(sealed, key, session.expiresAt + 1)).rejects.toThrow(
      'your session has expired; log in again',
    );
  });

  it('is httpOnly, SameSite=Lax and on the whole console; Secure only over https', () => {
    const cookie = cookieHeader({ name: SESSION_COOKIE, value: 'v', maxAgeSeconds: 3600, secure: false });
    expect(cookie).toBe('sextant_session=v; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax');
    expect(cookieHeader({ name: SESSION_COOKIE, value: 'v', maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
  });

  it('is found among the request cookies by name', () => {
    const req = new Request('http://console/api/x', { headers: { cookie: 'a=1; sextant_session=abc.def; b=2' } });
    expect(readCookie(req, SESSION_COOKIE)).toBe('abc.def');
    expect(readCookie(new Request('http://console/'), SESSION_COOKIE)).toBeUndefined();
  });
});
