// Keys and tokens for the JWT tests, made with jose as an issuer would make them.
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';

export const ISSUER = 'http://localhost:8080/auth/realms/master';
export const JWKS_URI = 'http://keycloak.keycloak.svc:8080/auth/realms/master/protocol/openid-connect/certs';
export const NOW_MS = Date.UTC(2026, 11, 6, 12, 0, 0);
const nowSeconds = Math.floor(NOW_MS / 1000);

export interface Issuer {
  jwks: JSONWebKeySet;
  sign(claims: JWTPayload, options?: { kid?: string; expiresInSeconds?: number; issuer?: string }): Promise<string>;
}

export async function makeIssuer(kid = 'key-1'): Promise<Issuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    sign: (claims, options = {}) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? ISSUER)
        .setIssuedAt(nowSeconds - 10)
        .setExpirationTime(nowSeconds + (options.expiresInSeconds ?? 300))
        .sign(privateKey),
  };
}
