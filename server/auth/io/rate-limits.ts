// The process's rate limiters, made once from the configuration (server/config.ts loadRateLimitConfig): logins per
// client address, and changes per person and per client address, each in a sliding minute (server/auth/rate-limit.ts).
//
// They live in this process's memory: with several replicas each counts only what reaches it, so a client spread
// over N replicas by the Service gets up to N times the limit. That bounds abuse, and a login's brute force stays
// slow (README "Rate limits"); an exact limit across replicas would need a shared store the console does not have.
import { loadRateLimitConfig, type RateLimitConfig } from '../../config.js';
import { RateLimitedError } from '../../errors.js';
import { clientAddress, createRateLimiter, retryAfterSeconds, type RateLimiter } from '../rate-limit.js';
import type { RequestUser } from '../request-user.js';

const MINUTE_MS = 60_000;
// Far more addresses and people than a console serves in a minute; at most about 60 timestamps each.
const MAX_KEYS = 10_000;

interface RateLimits {
  config: RateLimitConfig;
  loginsByAddress: RateLimiter;
  writesByAddress: RateLimiter;
  writesByPerson: RateLimiter;
}

// Next.js may load this module once per route bundle; globalThis keeps one set per process (as auth-runtime.ts does).
const slot = globalThis as typeof globalThis & { __sextantRateLimits?: RateLimits };

function limits(): RateLimits {
  if (slot.__sextantRateLimits) return slot.__sextantRateLimits;
  const config = loadRateLimitConfig();
  const perMinute = (limit: number) =>
    createRateLimiter({ limit, windowMs: MINUTE_MS, maxKeys: MAX_KEYS, nowMs: () => Date.now() });
  slot.__sextantRateLimits = {
    config,
    loginsByAddress: perMinute(config.loginPerMinute),
    writesByAddress: perMinute(config.writesPerMinute),
    writesByPerson: perMinute(config.writesPerMinute),
  };
  return slot.__sextantRateLimits;
}

function take(limiter: RateLimiter, key: string, what: (seconds: number) => string): void {
  const answer = limiter.take(key);
  if (answer.allowed) return;
  const seconds = retryAfterSeconds(answer.retryAfterMs);
  throw new RateLimitedError(what(seconds), seconds);
}

const addressOf = (req: Request, config: RateLimitConfig) =>
  clientAddress(req.headers.get('x-forwarded-for'), config.trustedProxies);

/** Counts a login attempt from the request's client address; RateLimitedError (429) past the limit. */
export function limitLogin(req: Request): void {
  const { config, loginsByAddress } = limits();
  const address = addressOf(req, config);
  take(
    loginsByAddress,
    address,
    (seconds) =>
      `too many logins from ${address}: at most ${config.loginPerMinute} a minute (SEXTANT_LOGIN_LIMIT_PER_MINUTE); try again in ${seconds} s`,
  );
}

/** Counts a change from the request's client address, before the person is known. */
export function limitWriteByAddress(req: Request): void {
  const { config, writesByAddress } = limits();
  const address = addressOf(req, config);
  take(
    writesByAddress,
    address,
    (seconds) =>
      `too many changes from ${address}: at most ${config.writesPerMinute} a minute (SEXTANT_WRITE_LIMIT_PER_MINUTE); try again in ${seconds} s`,
  );
}

/**
 * Counts a change by the logged-in person, wherever they send it from. Under the anonymous strategy nobody is
 * logged in and everyone is the same `anonymous`: the address alone tells them apart, so nothing is counted here.
 */
export function limitWriteByPerson(user: RequestUser): void {
  if (user.strategy === 'anonymous') return;
  const { config, writesByPerson } = limits();
  take(
    writesByPerson,
    `${user.strategy}:${user.name}`,
    (seconds) =>
      `too many changes by ${user.name}: at most ${config.writesPerMinute} a minute (SEXTANT_WRITE_LIMIT_PER_MINUTE); try again in ${seconds} s`,
  );
}
