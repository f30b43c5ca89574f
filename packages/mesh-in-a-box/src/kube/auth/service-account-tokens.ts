import { createHash, generateKeyPair, type KeyObject, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { decodeJwt, exportJWK, jwtVerify, SignJWT } from 'jose';

// Bound service account tokens as the API server's TokenRequest issues them (pkg/serviceaccount/claims.go): RS256
// JWTs signed with the service-account key, `kid` the SHA-256 of the public key's DER, claims iss, sub, aud, exp,
// iat, nbf, jti and the private "kubernetes.io" claim naming the namespace and the service account (name, uid).

/** kubeadm's --service-account-issuer, which is also the API server's default audience (--api-audiences). */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface ServiceAccountClaims {
  namespace: string;
  name: string;
  uid: string;
  jti: string;
  audiences: string[];
}

export interface IssuedToken {
  token: string;
  expirationTimestamp: string;
}

const generate = promisify(generateKeyPair);

/** Issues and checks the mesh's service account tokens with one key pair made at start. */
export class ServiceAccountTokens {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly kid: string,
    readonly issuer: string,
  ) {}

  static async create(issuer = SERVICE_ACCOUNT_ISSUER): Promise<ServiceAccountTokens> {
    const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048 });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const kid = createHash('sha256').update(der).digest('base64url');
    return new ServiceAccountTokens(privateKey, publicKey, kid, issuer);
  }

  async issue(input: {
    namespace: string;
    name: string;
    uid: string;
    audiences: string[];
    expirationSeconds: number;
    nowMs: number;
  }): Promise<IssuedToken> {
    const iat = Math.floor(input.nowMs / 1000);
    const exp = iat + input.expirationSeconds;
    const token = await new SignJWT({
      'kubernetes.io': { namespace: input.namespace, serviceaccount: { name: input.name, uid: input.uid } },
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(this.issuer)
      .setSubject(`system:serviceaccount:${input.namespace}:${input.name}`)
      .setAudience(input.audiences)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }

  /**
   * The service account issuer discovery documents (kube-apiserver's /.well-known/openid-configuration and
   * /openid/v1/jwks), by which others (Vault, a cloud's workload identity) check these tokens.
   */
  async discovery(): Promise<{ configuration: Record<string, unknown>; jwks: Record<string, unknown> }> {
    const jwk = await exportJWK(this.publicKey);
    return {
      configuration: {
        issuer: this.issuer,
        jwks_uri: `${this.issuer}/openid/v1/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      },
      jwks: { keys: [{ use: 'sig', kty: jwk.kty, kid: this.kid, alg: 'RS256', n: jwk.n, e: jwk.e }] },
    };
  }

  /** Whether the token claims to come from this issuer: only then is a failure to verify it an error. */
  claimsOurIssuer(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.issuer;
    } catch {
      return false;
    }
  }

  /**
   * The token's service account, when the signature, issuer, times and one of `audiences` check out; throws with
   * the reason otherwise. Whether the account still exists is the caller's question.
   */
  async verify(token: string, audiences: string[], nowMs: number): Promise<ServiceAccountClaims> {
    const { payload } = await jwtVerify(token, this.publicKey, {
      issuer: this.issuer,
      audience: audiences,
      algorithms: ['RS256'],
      currentDate: new Date(nowMs),
    });
    const k8s = payload['kubernetes.io'] as
      { namespace?: string; serviceaccount?: { name?: string; uid?: string } } | undefined;
    const namespace = k8s?.namespace;
    const name = k8s?.serviceaccount?.name;
    const uid = k8s?.serviceaccount?.uid;
    if (!namespace || !name || !uid) throw new Error('the token names no service account');
    if (payload.sub !== `system:serviceaccount:${namespace}:${name}`) throw new Error('sub does not match the claims');
    const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    return { namespace, name, uid, jti: payload.jti ?? '', audiences: aud.filter((a) => audiences.includes(a)) };
  }
}
