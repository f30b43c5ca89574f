import type { ObjectStore } from '../store/object-store.js';

/** An admin answer: what envoyAdmin returns. */
export interface CachedResponse {
  status: number;
  contentType: string;
  body: string;
}

// The console polls the same proxy's /config_dump or /clusters while nothing in the mesh changes. Store objects are
// frozen and every write bumps the store's resourceVersion, so an answer computed at one revision stays right until
// the next write: keep the last few, per store, and drop them all when the revision moves.
const MAX_ENTRIES = 16;
const MAX_CHARS = 128_000_000;

interface StoreCache {
  revision: number;
  entries: Map<string, CachedResponse>;
  chars: number;
}

const caches = new WeakMap<ObjectStore, StoreCache>();

/** The answer for `key` at the store's current revision, computing it on a miss. No key: always computed. */
export function cachedResponse(
  store: ObjectStore,
  key: string | undefined,
  compute: () => CachedResponse,
): CachedResponse {
  if (key === undefined) return compute();
  let cache = caches.get(store);
  if (!cache || cache.revision !== store.resourceVersion) {
    cache = { revision: store.resourceVersion, entries: new Map(), chars: 0 };
    caches.set(store, cache);
  }
  const hit = cache.entries.get(key);
  if (hit) {
    cache.entries.delete(key); // most recently used last
    cache.entries.set(key, hit);
    return hit;
  }
  const response = compute();
  if (response.status !== 200 || response.body.length > MAX_CHARS) return response;
  cache.entries.set(key, response);
  cache.chars += response.body.length;
  for (const [oldKey, old] of cache.entries) {
    if (cache.entries.size <= MAX_ENTRIES && cache.chars <= MAX_CHARS) break;
    cache.entries.delete(oldKey);
    cache.chars -= old.body.length;
  }
  return response;
}
