// Sessions in encrypted cookies: a JWT encrypted with a key derived from SEXTANT_SESSION_SECRET (JWE "dir" +
// A256GCM, RFC 7516/7518), so that any replica with the same secret reads it and nobody can read or change it.
// httpOnly, SameSite=Lax, Path=/, Secure over https; Max-Age and the JWT's exp both end it.
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, errors } from 'jose';
import { z } from 'zod';
import { AUTH_STRATEGIES } from './auth-config.js';
import type { RequestUser } from './request-user.js';

export const SESSION_COOKIE = 'sextant_session';
/** The OIDC flow's state, nonce and PKCE verifier between /api/auth/openid/start and its callback. */
export const FLOW_COOKIE = 'sextant_oidc_flow';

/** One 256-bit key per secret (HKDF-SHA256, RFC 5869): any secret of 32 bytes or more gives a full key. */
export function sessionKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'sextant', 'sextant session cookie v1', 32));
}

const credentials = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), token: z.string() }),
  z.object({ kind: z.literal('impersonate'), user: z.string(), groups: z.array(z.string()) }),
  z.object({ kind: z.literal('console') }),
]);

const sessionClaims = z.object({
  name: z.string(),
  groups: z.array(z.string()),
  strategy: z.enum(AUTH_STRATEGIES),
  credentials,
  /** OIDC: what refreshes the ID token, and when the ID token ends (seconds since the epoch). */
  oidc: z.object({ refreshToken: z.string().optional(), idToken: z.string(), idTokenExp: z.number() }).optional(),
  exp: z.number(),
});
export type Session = Omit<z.infer<typeof sessionClaims>, 'exp'> & { expiresAt: number };

// A session that calls Kubernetes with its ID token holds that token once in the cookie, under oidc. Twice, with
// Keycloak's tokens (an ID token of ~1.2 kB and a refresh token of ~0.6 kB) the sealed cookie came to ~4.4 kB, past
// the 4,096 bytes browsers keep of a cookie (RFC 6265 §6.1 asks for at least that much, and Chromium and Firefox keep
// no more): the browser dropped it and the login went round in circles.
const SEALED_ID_TOKEN = { kind: 'oidc-id-token' } as const;
const sealedClaims = sessionClaims.extend({
  credentials: z.union([credentials, z.object({ kind: z.literal(SEALED_ID_TOKEN.kind) })]),
});

const SESSION_AUDIENCE = 'sextant-session';
const FLOW_AUDIENCE = 'sextant-oidc-flow';

/** Why a cookie was not taken: the message goes to the person in the 401. */
export class SessionRefused extends Error {
  override readonly name = 'SessionRefused';
}

async function seal(claims: Record<string, unknown>, audience: string, expiresAt: number, key: Uint8Array) {
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .encrypt(key);
}

async function open(value: string, audience: string, key: Uint8Array, nowSeconds?: number) {
  try {
    const { payload } = await jwtDecrypt(value, key, {
      audience,
      currentDate: nowSeconds === undefined ? undefined : new Date(nowSeconds * 1000),
    });
    return payload;
  } catch (err) {
    if (err instanceof errors.JWTExpired)
      throw new SessionRefused('your session has expired; log in again', { cause: err });
    throw new SessionRefused('your session cookie is not valid here (changed, or from another console); log in again', {
      cause: err,
    });
  }
}

export async function sealSession(session: Session, key: Uint8Array): Promise<string> {
  const { expiresAt, ...claims } = session;
  const idTokenTwice = claims.credentials.kind === 'token' && claims.credentials.token === claims.oidc?.idToken;
  return seal(idTokenTwice ? { ...claims, credentials: SEALED_ID_TOKEN } : claims, SESSION_AUDIENCE, expiresAt, key);
}

/** The session in a cookie's value; SessionRefused when tampered with, sealed with another key, or expired. */
export async function openSession(value: string, key: Uint8Array, nowSeconds?: number): Promise<Session> {
  const payload = await open(value, SESSION_AUDIENCE, key, nowSeconds);
  const parsed = sealedClaims.safeParse(payload);
  const stale = () => new SessionRefused('your session cookie is from another version of Sextant; log in again');
  if (!parsed.success) throw stale();
  const { exp, credentials: sealed, ...session } = parsed.data;
  if (sealed.kind !== SEALED_ID_TOKEN.kind) return { ...session, credentials: sealed, expiresAt: exp };
  if (!session.oidc) throw stale();
  return { ...session, credentials: { kind: 'token', token: session.oidc.idToken }, expiresAt: exp };
}

export function userOf(session: Session): RequestUser {
  return { name: session.name, groups: session.groups, strategy: session.strategy, credentials: session.credentials };
}

const flowClaims = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), next: z.string() });
export type OidcFlow = z.infer<typeof flowClaims>;

export async function sealFlow(flow: OidcFlow, key: Uint8Array, expiresAt: number): Promise<string> {
  return seal(flow, FLOW_AUDIENCE, expiresAt, key);
}

export async function openFlow(value: string, key: Uint8Array): Promise<OidcFlow> {
  const parsed = flowClaims.safeParse(await open(value, FLOW_AUDIENCE, key));
  if (!parsed.success) throw new SessionRefused('the login attempt is not valid here; start it again');
  return parsed.data;
}

/** Whether the browser reached the console over https, directly or through a proxy that says so. */
export function isHttps(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? new URL(req.url).protocol.replace(':', '')) === 'https';
}

/** A Set-Cookie value; maxAgeSeconds 0 clears the cookie. */
export function cookieHeader(options: {
  name: string;
  value: string;
  maxAgeSeconds: number;
  secure: boolean;
  path?: string;
}): string {
  return [
    `${options.name}=${options.value}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The value of one cookie of the request, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
