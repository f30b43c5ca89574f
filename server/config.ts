// The one place that reads configuration: environment variables and an optional file (SEXTANT_CONFIG, YAML or JSON).
// Read once at start, validated, then passed around as values. Environment variables win over the file.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { namespaceName } from '../lib/kube-names.js';
import { authConfigSchema, type AuthConfig } from './auth/auth-config.js';
import { ConfigError } from './errors.js';

// Kiali's default request-error tolerances (config.AddHealthDefault): percent of the requests of a protocol and
// direction whose code matches. `X` in a code means any digit.
export const DEFAULT_TOLERANCES: Tolerance[] = [
  { code: '5XX', protocol: 'http', direction: '.*', degraded: 0, failure: 10 },
  { code: '4XX', protocol: 'http', direction: '.*', degraded: 10, failure: 20 },
  { code: '^[1-9]$|^1[0-6]$', protocol: 'grpc', direction: '.*', degraded: 0, failure: 10 },
  { code: '^-$', protocol: 'http|grpc', direction: '.*', degraded: 0, failure: 10 },
];

const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

const tolerance = z.object({
  code: regex,
  protocol: regex.default('http|grpc'),
  direction: regex.default('.*'),
  degraded: z.number().min(0).max(100),
  failure: z.number().min(0).max(100),
});
export type Tolerance = z.infer<typeof tolerance>;

// No user:password@ in a source's URL: the URL is named in every message about the source, which the browser shows,
// and fetch refuses such a URL anyway.
const url = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL such as http://prometheus:9090' })
  .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), {
    error:
      'must not hold credentials (user:password@), which would show in every message naming the URL; Prometheus takes PROMETHEUS_TOKEN or PROMETHEUS_USERNAME/PASSWORD',
  });
const timeoutMs = z.coerce.number().int().min(100).max(600_000);

// Rate limits (issue 22): what loadRateLimitConfig reads, apart from the rest as the login settings are.
const RATE_LIMIT_DEFAULTS = { loginPerMinute: 10, writesPerMinute: 60, trustedProxies: 0 };
const perMinute = z.coerce.number().int().min(1).max(1_000_000);
export const rateLimitSchema = z.object({
  // Logins (the token login, the two halves of the OpenID one) per client address.
  loginPerMinute: perMinute.default(RATE_LIMIT_DEFAULTS.loginPerMinute),
  // Changes (every POST, PUT, PATCH and DELETE of the API but the login's own) per person and per client address.
  writesPerMinute: perMinute.default(RATE_LIMIT_DEFAULTS.writesPerMinute),
  // How many proxies in front of the console append to X-Forwarded-For (server/auth/rate-limit.ts clientAddress).
  trustedProxies: z.coerce.number().int().min(0).max(10).default(RATE_LIMIT_DEFAULTS.trustedProxies),
});
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;

export const configSchema = z.object({
  kubernetes: z.object({
    /** A kubeconfig file; unset means the in-cluster service account when running in a pod, else ~/.kube/config. */
    kubeconfig: z.string().min(1).optional(),
    /** Contexts to use, one cluster each; empty = the kubeconfig's current context. */
    contexts: z.array(z.string().min(1)).default([]),
    inCluster: z.boolean().default(false),
    timeoutMs: timeoutMs.default(10_000),
  }),
  prometheus: z
    .object({
      url,
      token: z.string().min(1).optional(),
      username: z.string().min(1).optional(),
      password: z.string().optional(),
      caFile: z.string().min(1).optional(),
      timeoutMs: timeoutMs.default(10_000),
    })
    .refine((p) => !p.username || p.password !== undefined, {
      message: 'PROMETHEUS_PASSWORD is required with PROMETHEUS_USERNAME',
      path: ['password'],
    })
    .refine((p) => !(p.token && p.username), {
      message: 'set either PROMETHEUS_TOKEN or PROMETHEUS_USERNAME/PASSWORD, not both',
      path: ['token'],
    })
    .nullable(),
  jaeger: z.object({ url, timeoutMs: timeoutMs.default(10_000) }).nullable(),
  // Grafana Tempo's own API; when set, traces come from Tempo rather than Jaeger.
  tempo: z
    .object({ url, timeoutMs: timeoutMs.default(10_000) })
    .nullable()
    .default(null),
  envoy: z.object({ timeoutMs: timeoutMs.default(10_000) }).default({ timeoutMs: 10_000 }),
  istioNamespace: namespaceName.default('istio-system'),
  // Where the audit log of traffic changes lives (ConfigMaps sextant-audit and sextant-audit-archive): the console's
  // own namespace, so that every replica shares it and it survives restarts.
  audit: z.object({ namespace: namespaceName.default('istio-system') }).default({ namespace: 'istio-system' }),
  health: z
    .object({
      tolerances: z.array(tolerance).default(DEFAULT_TOLERANCES),
    })
    .default({ tolerances: DEFAULT_TOLERANCES }),
  // Progressive canaries (issue 20). `runner`: whether this console steps the runs (SEXTANT_CANARY_RUNNER=off
  // turns it off, e.g. for a read-only replica; the others still step them, one at a time by Lease). `tickMs`: how
  // often the runner looks for a run whose next step is due (SEXTANT_CANARY_TICK_MS, default 2 s; its Lease lasts
  // three ticks). `minIntervalSeconds`: the shortest interval a run may have (SEXTANT_CANARY_MIN_INTERVAL_SECONDS,
  // default 10, Flagger's floor: Prometheus needs a few scrapes per interval for a rate to mean anything).
  canary: z
    .object({
      runner: z.boolean({ error: 'on or off' }).default(true),
      tickMs: z.coerce.number().int().min(100).max(60_000).default(2_000),
      minIntervalSeconds: z.coerce.number().int().min(1).max(3_600).default(10),
    })
    .default({ runner: true, tickMs: 2_000, minIntervalSeconds: 10 }),
  auth: authConfigSchema.default({ strategy: 'anonymous', sessionTtlSeconds: 8 * 3600, rightsTtlSeconds: 10 }),
  rateLimits: rateLimitSchema.default(RATE_LIMIT_DEFAULTS),
});

export type SextantConfig = z.infer<typeof configSchema>;
export type PrometheusConfig = NonNullable<SextantConfig['prometheus']>;
export type JaegerConfig = NonNullable<SextantConfig['jaeger']>;
export type TempoConfig = NonNullable<SextantConfig['tempo']>;
export type KubernetesConfig = SextantConfig['kubernetes'];

const RATE_LIMIT_ENV_NAMES: Record<string, string> = {
  'rateLimits.loginPerMinute': 'SEXTANT_LOGIN_LIMIT_PER_MINUTE',
  'rateLimits.writesPerMinute': 'SEXTANT_WRITE_LIMIT_PER_MINUTE',
  'rateLimits.trustedProxies': 'SEXTANT_TRUSTED_PROXIES',
};

// Login (issue 21): the file's `auth` section, or these variables over it.
const AUTH_ENV_NAMES: Record<string, string> = {
  'auth.strategy': 'SEXTANT_AUTH_STRATEGY',
  'auth.sessionSecret': 'SEXTANT_SESSION_SECRET',
  'auth.sessionTtlSeconds': 'SEXTANT_SESSION_TTL_SECONDS',
  'auth.publicUrl': 'SEXTANT_PUBLIC_URL',
  'auth.rightsTtlSeconds': 'SEXTANT_RIGHTS_TTL_SECONDS',
  'auth.openid.issuer': 'SEXTANT_OIDC_ISSUER',
  'auth.openid.clientId': 'SEXTANT_OIDC_CLIENT_ID',
  'auth.openid.clientSecret': 'SEXTANT_OIDC_CLIENT_SECRET',
  'auth.openid.scopes': 'SEXTANT_OIDC_SCOPES',
  'auth.openid.usernameClaim': 'SEXTANT_OIDC_USERNAME_CLAIM',
  'auth.openid.groupsClaim': 'SEXTANT_OIDC_GROUPS_CLAIM',
  'auth.openid.impersonate': 'SEXTANT_OIDC_IMPERSONATE',
  'auth.header.mode': 'SEXTANT_AUTH_HEADER_MODE',
  'auth.header.userHeader': 'SEXTANT_AUTH_HEADER_USER',
  'auth.header.groupsHeader': 'SEXTANT_AUTH_HEADER_GROUPS',
  'auth.header.proxySecret': 'SEXTANT_AUTH_PROXY_SECRET',
  'auth.header.proxySecretHeader': 'SEXTANT_AUTH_PROXY_SECRET_HEADER',
};

// Where each setting comes from in the environment, to name it in messages.
const ENV_NAMES: Record<string, string> = {
  'kubernetes.kubeconfig': 'KUBECONFIG',
  'kubernetes.contexts': 'SEXTANT_KUBE_CONTEXTS',
  'kubernetes.timeoutMs': 'SEXTANT_KUBE_TIMEOUT_MS',
  'prometheus.url': 'PROMETHEUS_URL',
  'prometheus.token': 'PROMETHEUS_TOKEN',
  'prometheus.username': 'PROMETHEUS_USERNAME',
  'prometheus.password': 'PROMETHEUS_PASSWORD',
  'prometheus.caFile': 'PROMETHEUS_CA_FILE',
  'prometheus.timeoutMs': 'PROMETHEUS_TIMEOUT_MS',
  'jaeger.url': 'JAEGER_URL',
  'jaeger.timeoutMs': 'JAEGER_TIMEOUT_MS',
  'tempo.url': 'TEMPO_URL',
  'tempo.timeoutMs': 'TEMPO_TIMEOUT_MS',
  'envoy.timeoutMs': 'ENVOY_TIMEOUT_MS',
  istioNamespace: 'ISTIO_NAMESPACE',
  'audit.namespace': 'SEXTANT_AUDIT_NAMESPACE',
  'health.tolerances': 'SEXTANT_HEALTH_TOLERANCES',
  'canary.runner': 'SEXTANT_CANARY_RUNNER',
  'canary.tickMs': 'SEXTANT_CANARY_TICK_MS',
  'canary.minIntervalSeconds': 'SEXTANT_CANARY_MIN_INTERVAL_SECONDS',
  ...AUTH_ENV_NAMES,
  ...RATE_LIMIT_ENV_NAMES,
};

type Env = Record<string, string | undefined>;

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`SEXTANT_CONFIG: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be a mapping');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(
      `SEXTANT_CONFIG: ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function section(file: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = file[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function defined<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** on/off (true/false, 1/0) as a boolean; anything else is left for the schema to refuse, naming the variable. */
function switchOf(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  return value;
}

/** A value of the file as the variables would give it: YAML reads `true` and `[a, b]`, the schema takes text. */
function asText(value: unknown): unknown {
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(' ');
  return value;
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/**
 * The login settings: the file's `auth` section with the SEXTANT_AUTH_* / SEXTANT_OIDC_* variables over it (a
 * Secret mounted as variables can hold the session secret while the rest lives in the file). The openid and header
 * sections count only with their strategy, as their variables do.
 */
function authSettings(env: Env, file: Record<string, unknown>): Record<string, unknown> {
  const fromFile = section(file, 'auth');
  const strategy = env['SEXTANT_AUTH_STRATEGY'] || fromFile['strategy'];
  const fileOpenid = section(fromFile, 'openid');
  const fileHeader = section(fromFile, 'header');
  return defined({
    ...fromFile,
    ...defined({
      strategy,
      sessionSecret: env['SEXTANT_SESSION_SECRET'],
      sessionTtlSeconds: env['SEXTANT_SESSION_TTL_SECONDS'],
      publicUrl: env['SEXTANT_PUBLIC_URL'],
      rightsTtlSeconds: env['SEXTANT_RIGHTS_TTL_SECONDS'],
    }),
    openid:
      strategy === 'openid'
        ? {
            ...defined({
              ...fileOpenid,
              scopes: asText(fileOpenid['scopes']),
              impersonate: asText(fileOpenid['impersonate']),
            }),
            ...defined({
              issuer: env['SEXTANT_OIDC_ISSUER'],
              clientId: env['SEXTANT_OIDC_CLIENT_ID'],
              clientSecret: env['SEXTANT_OIDC_CLIENT_SECRET'],
              scopes: env['SEXTANT_OIDC_SCOPES'],
              usernameClaim: env['SEXTANT_OIDC_USERNAME_CLAIM'],
              groupsClaim: env['SEXTANT_OIDC_GROUPS_CLAIM'],
              impersonate: env['SEXTANT_OIDC_IMPERSONATE'],
            }),
          }
        : undefined,
    header:
      strategy === 'header'
        ? {
            ...defined({
              ...fileHeader,
              userHeader: lower(fileHeader['userHeader']),
              groupsHeader: lower(fileHeader['groupsHeader']),
              proxySecretHeader: lower(fileHeader['proxySecretHeader']),
            }),
            ...defined({
              mode: env['SEXTANT_AUTH_HEADER_MODE'],
              userHeader: env['SEXTANT_AUTH_HEADER_USER']?.toLowerCase(),
              groupsHeader: env['SEXTANT_AUTH_HEADER_GROUPS']?.toLowerCase(),
              proxySecret: env['SEXTANT_AUTH_PROXY_SECRET'],
              proxySecretHeader: env['SEXTANT_AUTH_PROXY_SECRET_HEADER']?.toLowerCase(),
            }),
          }
        : undefined,
  });
}

/** The file's `rateLimits` section with the SEXTANT_*_LIMIT_PER_MINUTE and SEXTANT_TRUSTED_PROXIES variables over it. */
function rateLimitSettings(env: Env, file: Record<string, unknown>): Record<string, unknown> {
  return {
    ...section(file, 'rateLimits'),
    ...defined({
      loginPerMinute: env['SEXTANT_LOGIN_LIMIT_PER_MINUTE'],
      writesPerMinute: env['SEXTANT_WRITE_LIMIT_PER_MINUTE'],
      trustedProxies: env['SEXTANT_TRUSTED_PROXIES'],
    }),
  };
}

/**
 * The name of a setting in a message: its variable when that is set (or there is no file), else its path in the
 * file, where the value came from.
 */
function settingName(path: string[], env: Env): string {
  const key = path.filter((p) => !/^\d+$/.test(p)).join('.');
  const envName = ENV_NAMES[key] ?? (key.startsWith('health.tolerances') ? 'SEXTANT_HEALTH_TOLERANCES' : undefined);
  const fromEnv = envName !== undefined && (env[envName] !== undefined || !env['SEXTANT_CONFIG']);
  return fromEnv ? envName : `${path.join('.')} in ${env['SEXTANT_CONFIG'] ?? 'SEXTANT_CONFIG'}`;
}

/**
 * The login settings alone (what every API request needs), without the rest: a route can tell whether it needs a
 * session even while Prometheus' or the kubeconfig's settings are wrong. Throws ConfigError naming the setting.
 */
export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const file = env['SEXTANT_CONFIG'] ? readFile(env['SEXTANT_CONFIG']) : {};
  const result = authConfigSchema.safeParse(authSettings(env, file));
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${settingName(['auth', ...issue.path.map(String)], env)}: ${issue.message}`,
  );
  throw new ConfigError(`Sextant's login configuration is invalid: ${problems.join('; ')}`);
}

/**
 * The rate limits alone: the login routes, which need no other setting, and every write read them. Throws
 * ConfigError naming the setting.
 */
export function loadRateLimitConfig(env: Env = process.env): RateLimitConfig {
  const file = env['SEXTANT_CONFIG'] ? readFile(env['SEXTANT_CONFIG']) : {};
  const result = rateLimitSchema.safeParse(rateLimitSettings(env, file));
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${settingName(['rateLimits', ...issue.path.map(String)], env)}: ${issue.message}`,
  );
  throw new ConfigError(`Sextant's rate limits are invalid: ${problems.join('; ')}`);
}

/**
 * Reads the configuration from the environment (and the file SEXTANT_CONFIG names). Throws ConfigError naming the bad
 * setting. `inClusterTokenExists` is for tests.
 */
export function loadConfig(env: Env = process.env, inClusterTokenExists = existsSync(IN_CLUSTER_TOKEN)): SextantConfig {
  const file = env['SEXTANT_CONFIG'] ? readFile(env['SEXTANT_CONFIG']) : {};
  const fileKube = section(file, 'kubernetes');
  const fileProm = section(file, 'prometheus');
  const fileJaeger = section(file, 'jaeger');
  const fileTempo = section(file, 'tempo');
  const contextsEnv = env['SEXTANT_KUBE_CONTEXTS'] ?? env['SEXTANT_KUBE_CONTEXT'];
  const kubeconfig = env['KUBECONFIG'] || (fileKube['kubeconfig'] as string | undefined);
  let tolerancesEnv: unknown;
  if (env['SEXTANT_HEALTH_TOLERANCES']) {
    try {
      tolerancesEnv = JSON.parse(env['SEXTANT_HEALTH_TOLERANCES']);
    } catch {
      throw new ConfigError(
        'SEXTANT_HEALTH_TOLERANCES must be a JSON array of {code, protocol, direction, degraded, failure}',
      );
    }
  }
  const promUrl = env['PROMETHEUS_URL'] ?? fileProm['url'];
  const jaegerUrl = env['JAEGER_URL'] ?? fileJaeger['url'];
  const tempoUrl = env['TEMPO_URL'] ?? fileTempo['url'];
  const raw = {
    kubernetes: {
      ...fileKube,
      ...defined({
        kubeconfig,
        contexts: contextsEnv
          ? contextsEnv
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
        timeoutMs: env['SEXTANT_KUBE_TIMEOUT_MS'],
      }),
      inCluster: !kubeconfig && inClusterTokenExists,
    },
    prometheus: promUrl
      ? {
          ...fileProm,
          ...defined({
            url: promUrl,
            token: env['PROMETHEUS_TOKEN'],
            username: env['PROMETHEUS_USERNAME'],
            password: env['PROMETHEUS_PASSWORD'],
            caFile: env['PROMETHEUS_CA_FILE'],
            timeoutMs: env['PROMETHEUS_TIMEOUT_MS'],
          }),
        }
      : null,
    jaeger: jaegerUrl ? { ...fileJaeger, ...defined({ url: jaegerUrl, timeoutMs: env['JAEGER_TIMEOUT_MS'] }) } : null,
    tempo: tempoUrl ? { ...fileTempo, ...defined({ url: tempoUrl, timeoutMs: env['TEMPO_TIMEOUT_MS'] }) } : null,
    envoy: { ...section(file, 'envoy'), ...defined({ timeoutMs: env['ENVOY_TIMEOUT_MS'] }) },
    istioNamespace: env['ISTIO_NAMESPACE'] || file['istioNamespace'],
    audit: { ...section(file, 'audit'), ...defined({ namespace: env['SEXTANT_AUDIT_NAMESPACE'] }) },
    health: { ...section(file, 'health'), ...defined({ tolerances: tolerancesEnv }) },
    canary: {
      ...section(file, 'canary'),
      ...defined({
        runner: switchOf(env['SEXTANT_CANARY_RUNNER']),
        tickMs: env['SEXTANT_CANARY_TICK_MS'],
        minIntervalSeconds: env['SEXTANT_CANARY_MIN_INTERVAL_SECONDS'],
      }),
    },
    auth: authSettings(env, file),
    rateLimits: rateLimitSettings(env, file),
  };
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${settingName(issue.path.map(String), env)}: ${issue.message}`,
    );
    throw new ConfigError(`Sextant's configuration is invalid: ${problems.join('; ')}`);
  }
  const config = result.data;
  if (config.prometheus?.caFile && !existsSync(config.prometheus.caFile)) {
    throw new ConfigError(`PROMETHEUS_CA_FILE: ${config.prometheus.caFile} does not exist`);
  }
  for (const t of config.health.tolerances) {
    if (t.failure < t.degraded) {
      throw new ConfigError(
        `SEXTANT_HEALTH_TOLERANCES: the failure threshold of code ${t.code} is below its degraded one`,
      );
    }
  }
  return config;
}
