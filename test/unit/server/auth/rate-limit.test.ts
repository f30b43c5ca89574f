import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientAddress, createRateLimiter, retryAfterSeconds } from '../../../../server/auth/rate-limit.js';
import { loadRateLimitConfig } from '../../../../server/config.js';
import { rateLimitOf } from '../../../../server/http.js';

function limiterAt(limit: number, maxKeys = 100) {
  const clock = { ms: 1_000_000 };
  const limiter = createRateLimiter({ limit, windowMs: 60_000, maxKeys, nowMs: () => clock.ms });
  const takeMany = (key: string, n: number) => Array.from({ length: n }, () => limiter.take(key).allowed);
  return { clock, limiter, takeMany };
}

describe('the sliding-window rate limiter', () => {
  it('lets 10 through in a minute and refuses the 11th, saying when the oldest leaves the window', () => {
    const { clock, limiter, takeMany } = limiterAt(10);
    for (let i = 0; i < 10; i++) {
      expect(limiter.take('10.0.0.1')).toEqual({ allowed: true });
      clock.ms += 1_000; // one a second: the 10th at +9 s
    }
    // At +10 s the first (at +0 s) leaves the window at +60 s: 50 s to wait.
    expect(limiter.take('10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 50_000 });
    expect(takeMany('10.0.0.1', 3)).toEqual([false, false, false]);
  });

  it('counts each key apart: one address spent does not limit another', () => {
    const { limiter, takeMany } = limiterAt(2);
    expect(takeMany('10.0.0.1', 3)).toEqual([true, true, false]);
    expect(limiter.take('10.0.0.2')).toEqual({ allowed: true });
    expect(takeMany('oidc:alice', 2)).toEqual([true, true]);
  });

  it('refills as the window slides: one more is let through as each counted one turns a minute old', () => {
    const { clock, limiter, takeMany } = limiterAt(2);
    expect(takeMany('k', 2)).toEqual([true, true]); // both at t
    clock.ms += 30_000;
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterMs: 30_000 });
    clock.ms += 29_999;
    expect(limiter.take('k').allowed).toBe(false);
    clock.ms += 1; // exactly a minute after the first two
    expect(takeMany('k', 3)).toEqual([true, true, false]);
  });

  it('does not count refused requests: a client that keeps knocking gets in once its oldest request is a minute old', () => {
    const { clock, limiter } = limiterAt(1);
    expect(limiter.take('k').allowed).toBe(true);
    for (let s = 1; s < 60; s++) {
      clock.ms += 1_000;
      expect(limiter.take('k').allowed).toBe(false);
    }
    clock.ms += 1_000;
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('forgets idle keys, and holds no more than maxKeys however many addresses come', () => {
    const { clock, limiter } = limiterAt(5, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    expect(limiter.size()).toBe(3);
    clock.ms += 60_000; // all three idle
    limiter.take('d');
    expect(limiter.size()).toBe(1);
    for (let i = 0; i < 1000; i++) limiter.take(`flood-${i}`);
    expect(limiter.size()).toBe(3);
  });

  it('evicts the least recently used key first when full', () => {
    const { clock, limiter, takeMany } = limiterAt(1, 2);
    limiter.take('old');
    clock.ms += 1;
    limiter.take('busy');
    clock.ms += 1;
    limiter.take('new'); // 'old' goes, 'busy' stays limited
    expect(takeMany('busy', 1)).toEqual([false]);
  });
});

describe('Retry-After', () => {
  it('rounds up to whole seconds and never says 0', () => {
    expect(retryAfterSeconds(50_000)).toBe(50);
    expect(retryAfterSeconds(49_001)).toBe(50);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe("the client's address", () => {
  it("takes Next's own X-Forwarded-For (the connection's address) when no proxy is trusted", () => {
    expect(clientAddress('127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress('::ffff:10.1.2.3', 0)).toBe('::ffff:10.1.2.3');
  });

  it('behind one appending proxy, takes the address that proxy saw, not what the client wrote before it', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
  });

  it('behind two proxies, takes the entry two from the right', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.7, 10.0.0.5', 2)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', 2)).toBe('203.0.113.7'); // a shorter chain: its first hop
  });

  it('keys a request without the header apart, and keeps a written address short', () => {
    expect(clientAddress(null, 0)).toBe('an unknown address');
    expect(clientAddress(' , ', 1)).toBe('an unknown address');
    expect(clientAddress('x'.repeat(10_000), 0)).toHaveLength(64);
  });
});

describe('which requests count', () => {
  it('counts the token login as a login, every other change as a write, and neither reads nor logging out', () => {
    expect(rateLimitOf('/api/auth/login', 'POST')).toBe('login');
    expect(rateLimitOf('/api/auth/login', 'GET')).toBeNull();
    expect(rateLimitOf('/api/auth/logout', 'POST')).toBeNull();
    expect(rateLimitOf('/api/namespaces/[ns]/services/[name]/traffic', 'POST')).toBe('write');
    expect(rateLimitOf('/api/namespaces/[ns]/services/[name]/traffic', 'GET')).toBeNull();
    expect(rateLimitOf('/api/namespaces/[ns]/services/[name]/canary/[action]', 'DELETE')).toBe('write');
    expect(rateLimitOf('/healthz', 'POST')).toBeNull();
  });
});

describe('the rate-limit settings', () => {
  it('default to 10 logins and 60 changes a minute, trusting no proxy', () => {
    expect(loadRateLimitConfig({})).toEqual({ loginPerMinute: 10, writesPerMinute: 60, trustedProxies: 0 });
  });

  it('read the SEXTANT_CONFIG file, with the variables over it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sextant-limits-')), 'config.yaml');
    writeFileSync(file, 'rateLimits:\n  loginPerMinute: 3\n  trustedProxies: 1\n');
    expect(loadRateLimitConfig({ SEXTANT_CONFIG: file, SEXTANT_WRITE_LIMIT_PER_MINUTE: '500' })).toEqual({
      loginPerMinute: 3,
      writesPerMinute: 500,
      trustedProxies: 1,
    });
  });

  it('name the variable of a bad value', () => {
    expect(() => loadRateLimitConfig({ SEXTANT_LOGIN_LIMIT_PER_MINUTE: '0' })).toThrow(
      /SEXTANT_LOGIN_LIMIT_PER_MINUTE: .*>=1/,
    );
  });
});
