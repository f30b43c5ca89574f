// How often one key (a client address, a person) may do one thing: a sliding window log, pure and with the clock
// passed in. "10 a minute" means at most 10 in any 60 seconds, exactly, whatever their spacing (a token bucket would
// let an 11th through after a sixth of a minute). Only what is let through is counted: a client that keeps knocking
// is let in again as soon as its oldest counted request leaves the window, which is what Retry-After tells it.
//
// Memory stays bounded: the keys are kept in order of last use (a Map keeps insertion order, and a key used is
// moved to the end), so idle keys, those with nothing left in the window, are dropped from the front as time goes
// on; past `maxKeys` the least recently used key goes even if it is not idle (a flood of addresses can then reset
// some of them, a cost bounded by the flood's own rate).

export interface RateLimiter {
  /** Counts one request for `key` if the window has room, else says how long until it has. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterMs: number };
  /** How many keys are held: bounded by maxKeys. */
  size(): number;
}

export function createRateLimiter(options: {
  /** At most this many requests per key… */
  limit: number;
  /** …in any window of this length. */
  windowMs: number;
  /** The most keys held at once. */
  maxKeys: number;
  nowMs: () => number;
}): RateLimiter {
  const { limit, windowMs, maxKeys, nowMs } = options;
  // The times (ms) of the requests counted in the window, oldest first, per key, least recently used key first.
  const hits = new Map<string, number[]>();

  function dropIdle(now: number): void {
    for (const [key, times] of hits) {
      if (times[times.length - 1]! > now - windowMs) break; // this key and every later one are still active
      hits.delete(key);
    }
  }

  return {
    take(key) {
      const now = nowMs();
      dropIdle(now);
      const times = hits.get(key) ?? [];
      let expired = 0;
      while (expired < times.length && times[expired]! <= now - windowMs) expired++;
      if (expired > 0) times.splice(0, expired);
      if (times.length >= limit) return { allowed: false, retryAfterMs: times[0]! + windowMs - now };
      times.push(now);
      hits.delete(key); // to the end: the most recently used
      hits.set(key, times);
      while (hits.size > maxKeys) hits.delete(hits.keys().next().value!);
      return { allowed: true };
    },
    size: () => hits.size,
  };
}

/** Retry-After in whole seconds (RFC 9110 §10.2.3: delay-seconds, a non-negative integer), never less than 1. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/**
 * The client's address as the console can know it, from X-Forwarded-For.
 *
 * A route handler sees no socket. `next start` (Next 16, server/base-server.js) sets `x-forwarded-for` to the
 * connection's remote address only when the request has none (`??=`), so without a proxy in front the header holds
 * either the true address or whatever the client wrote. Each proxy that appends to the header (Envoy, the Istio
 * ingress gateway, nginx's $proxy_add_x_forwarded_for) adds the address it received the request from, and the client
 * can write anything before it: behind `trustedProxies` such proxies the client's address is the entry that many
 * from the right (the first hop counts only where a single proxy overwrites the header, where it is also the last).
 * With none trusted the last entry is taken: Next's own when the client sent none. A client that reaches the
 * console directly can name any address, so the per-address limit holds only behind a proxy; the per-person limit
 * holds regardless.
 */
export function clientAddress(forwardedFor: string | null, trustedProxies: number): string {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return 'an unknown address';
  const hop = hops[Math.max(0, hops.length - Math.max(1, trustedProxies))]!;
  // The client may have written it: a key is kept short, whatever was sent (an IPv6 address has at most 45 characters).
  return hop.slice(0, 64);
}
