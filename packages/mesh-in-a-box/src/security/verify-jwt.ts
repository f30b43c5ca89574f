// One JWT checked as Envoy's jwt_authn checks it against one jwtRule: the issuer, the time window with Envoy's clock
// skew, the audiences, then the signature against the issuer's JWKS. jose parses the token; the signature is checked
// synchronously with node:crypto because the traffic model walks a request in one synchronous step (jose's own
// jwtVerify is asynchronous). Signature results are kept per token and key set: the scenario's clients send the same
// few tokens thousands of times.

import {
  constants,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import type { JwtStatus } from './jwt-status.js';

/** Envoy's JwtProvider.clock_skew_seconds default; Istio does not set it. */
export const CLOCK_SKEW_SECONDS = 60;

export interface DecodedJwt {
  alg: string;
  kid?: string;
  payload: JWTPayload;
  signingInput: string;
  signature: Buffer;
}

/** Splits and parses a token, or undefined when it is not three base64url JSON parts. */
export function decodeToken(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = decodeProtectedHeader(token);
    const payload = decodeJwt(token);
    if (typeof header.alg !== 'string') return undefined;
    return {
      alg: header.alg,
      ...(typeof header.kid === 'string' ? { kid: header.kid } : {}),
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/**
 * exp and nbf with the clock skew (google/jwt_verify_lib jwt.cc verifyTimeConstraint: not yet valid when
 * now + skew < nbf, expired when now > exp + skew).
 */
export function timeStatus(payload: JWTPayload, nowSeconds: number): JwtStatus | undefined {
  if (typeof payload.nbf === 'number' && nowSeconds + CLOCK_SKEW_SECONDS < payload.nbf) return 'JwtNotYetValid';
  if (typeof payload.exp === 'number' && nowSeconds > payload.exp + CLOCK_SKEW_SECONDS) return 'JwtExpired';
  return undefined;
}

/** The token's audiences: `aud` as a string or a list. */
export function audiencesOf(payload: JWTPayload): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

const signatureCache = new WeakMap<JSONWebKeySet, Map<string, JwtStatus | 'ok'>>();
const keyCache = new WeakMap<JWK, KeyObject | null>();

/**
 * google/jwt_verify_lib verify.cc: every key whose kid (when both have one) and alg (when the key names one) fit the
 * token is tried; one that verifies passes, a fitting key that does not gives JwtVerificationFail, no fitting key
 * JwksKidAlgMismatch.
 */
export function verifySignature(jwt: DecodedJwt, token: string, jwks: JSONWebKeySet): JwtStatus | 'ok' {
  let cached = signatureCache.get(jwks);
  if (!cached) signatureCache.set(jwks, (cached = new Map()));
  const known = cached.get(token);
  if (known) return known;
  const result = checkKeys(jwt, jwks);
  if (cached.size > 10_000) cached.clear(); // a client minting a token per request must not grow it forever
  cached.set(token, result);
  return result;
}

function checkKeys(jwt: DecodedJwt, jwks: JSONWebKeySet): JwtStatus | 'ok' {
  const family = familyOf(jwt.alg);
  if (!family) return 'JwtHeaderNotImplementedAlg';
  let fitting = false;
  for (const key of jwks.keys ?? []) {
    if (jwt.kid !== undefined && key.kid !== undefined && key.kid !== jwt.kid) continue;
    if (key.alg !== undefined && key.alg !== jwt.alg) continue;
    if (key.kty !== family.kty) continue;
    fitting = true;
    if (signatureMatches(jwt, key, family)) return 'ok';
  }
  return fitting ? 'JwtVerificationFail' : 'JwksKidAlgMismatch';
}

interface AlgFamily {
  kty: 'RSA' | 'EC' | 'OKP' | 'oct';
  hash: string | null;
  pss?: boolean;
}

function familyOf(alg: string): AlgFamily | undefined {
  const bits = alg.slice(2);
  const hash = bits === '256' || bits === '384' || bits === '512' ? `sha${bits}` : undefined;
  if (alg === 'EdDSA') return { kty: 'OKP', hash: null };
  if (!hash) return undefined;
  if (alg.startsWith('RS')) return { kty: 'RSA', hash };
  if (alg.startsWith('PS')) return { kty: 'RSA', hash, pss: true };
  if (alg.startsWith('ES')) return { kty: 'EC', hash };
  if (alg.startsWith('HS')) return { kty: 'oct', hash };
  return undefined;
}

function signatureMatches(jwt: DecodedJwt, jwk: JWK, family: AlgFamily): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    if (family.kty === 'oct') {
      const mac = createHmac(family.hash!, Buffer.from(String(jwk.k ?? ''), 'base64url'))
        .update(data)
        .digest();
      return mac.length === jwt.signature.length && timingSafeEqual(mac, jwt.signature);
    }
    const key = publicKeyOf(jwk);
    if (!key) return false;
    if (family.kty === 'EC') return verify(family.hash, data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
    if (family.pss) {
      const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
      return verify(family.hash, data, options, jwt.signature);
    }
    return verify(family.hash, data, key, jwt.signature);
  } catch {
    return false; // a malformed key or signature never verifies
  }
}

function publicKeyOf(jwk: JWK): KeyObject | undefined {
  let key = keyCache.get(jwk);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      key = null; // Envoy skips a key it cannot parse
    }
    keyCache.set(jwk, key);
  }
  return key ?? undefined;
}
