// How people log in to the console (issue 21), validated once by server/config.ts from the SEXTANT_CONFIG file's
// `auth` section and the SEXTANT_AUTH_* and SEXTANT_OIDC_* variables over it. `anonymous` is the demo's default: no
// login, every request acts as the console's own Kubernetes identity.
import { z } from 'zod';

export const AUTH_STRATEGIES = ['anonymous', 'token', 'openid', 'header'] as const;
export type AuthStrategyName = (typeof AUTH_STRATEGIES)[number];

/** The shortest session secret: 256 bits, the size of the A256GCM key derived from it. */
export const MIN_SESSION_SECRET_BYTES = 32;

const list = z
  .string()
  .transform((s) =>
    s
      .split(/[\s,]+/)
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1));

const boolText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const openidConfigSchema = z.object({
  issuer: z.url({ protocol: /^https?$/, error: 'the issuer URL, such as https://dex.example.com' }),
  clientId: z.string().min(1),
  /** Unset: a public client, protected by PKCE alone (RFC 7636). */
  clientSecret: z.string().min(1).optional(),
  scopes: list.default(['openid', 'profile', 'email']),
  // The API server's --oidc-username-claim defaults to `sub`, and so does Kiali's auth.openid.username_claim: the
  // console names the user as the cluster will when it gets the ID token.
  usernameClaim: z.string().min(1).default('sub'),
  // Kiali's default; the API server has none (--oidc-groups-claim unset means no groups).
  groupsClaim: z.string().min(1).default('groups'),
  /**
   * true: the console calls Kubernetes with its own credentials and Impersonate-User/-Group (it needs `impersonate`);
   * false: with the user's ID token as the bearer, for an API server started with --oidc-issuer-url of this issuer.
   */
  impersonate: boolText.default(false),
});
export type OpenidConfig = z.infer<typeof openidConfigSchema>;

export const headerConfigSchema = z.object({
  /**
   * bearer: the proxy passes the user's own token in Authorization, verified with the API server like a pasted one;
   * identity: it passes the user's name and groups, and the console impersonates them (only from a trusted proxy).
   */
  mode: z.enum(['bearer', 'identity']).default('bearer'),
  userHeader: z.string().min(1).default('x-forwarded-user'),
  groupsHeader: z.string().min(1).default('x-forwarded-groups'),
  /**
   * The proxy to trust in identity mode proves itself with this shared secret in `proxySecretHeader`: a route handler
   * cannot see the connection's peer address, and X-Forwarded-For is whatever the client wrote.
   */
  proxySecret: z.string().min(16).optional(),
  proxySecretHeader: z.string().min(1).default('x-sextant-proxy-secret'),
});
export type HeaderConfig = z.infer<typeof headerConfigSchema>;

export const authConfigSchema = z
  .object({
    strategy: z.enum(AUTH_STRATEGIES).default('anonymous'),
    /** Encrypts the session cookies; every replica must have the same one. */
    sessionSecret: z.string().optional(),
    sessionTtlSeconds: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(8 * 3600),
    /**
     * How long a person's rights (their SelfSubjectRulesReview per namespace) are used before they are asked again:
     * a RoleBinding given or taken shows within this time (and within twice it while the console asks again).
     */
    rightsTtlSeconds: z.coerce.number().int().min(1).max(600).default(10),
    /** The console's URL as the browser sees it (for the OIDC redirect); unset: the request's own origin. */
    publicUrl: z
      .url({ protocol: /^https?$/, error: 'the URL people open, such as https://sextant.example.com' })
      .optional(),
    openid: openidConfigSchema.optional(),
    header: headerConfigSchema.optional(),
  })
  .superRefine((auth, ctx) => {
    // header: the proxy sends the user with every request, so there is no session to keep.
    if (auth.strategy === 'token' || auth.strategy === 'openid') {
      const bytes = auth.sessionSecret === undefined ? 0 : Buffer.byteLength(auth.sessionSecret);
      if (bytes < MIN_SESSION_SECRET_BYTES)
        ctx.addIssue({
          code: 'custom',
          path: ['sessionSecret'],
          message:
            auth.sessionSecret === undefined
              ? `required with the ${auth.strategy} strategy: at least ${MIN_SESSION_SECRET_BYTES} random bytes (openssl rand -base64 32), the same on every replica`
              : `must be at least ${MIN_SESSION_SECRET_BYTES} bytes (it has ${bytes}): openssl rand -base64 32`,
        });
    }
    if (auth.strategy === 'openid' && !auth.openid)
      ctx.addIssue({ code: 'custom', path: ['openid', 'issuer'], message: 'required with the openid strategy' });
    if (auth.strategy === 'header' && auth.header?.mode === 'identity' && !auth.header.proxySecret)
      ctx.addIssue({
        code: 'custom',
        path: ['header', 'proxySecret'],
        message: 'required in identity mode: the secret the trusted proxy sends, so that no one else can name a user',
      });
  })
  .transform((auth) =>
    auth.strategy === 'header' && !auth.header ? { ...auth, header: headerConfigSchema.parse({}) } : auth,
  );
export type AuthConfig = z.infer<typeof authConfigSchema>;
