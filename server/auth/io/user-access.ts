// A person's rights in every namespace the console knows, from one SelfSubjectRulesReview per namespace, kept for a
// short while per credentials: a page asks many routes at once, and each must not cost a round of reviews. Past the
// time to live an answer is still served while it is asked again in the background (for up to the same time again),
// so that a person's request does not wait on reviews the moment their rights expire; after that it waits.
import { createHash } from 'node:crypto';
import { UNRESTRICTED_ACCESS, userAccessOf, type ResourceRule, type UserAccess } from '../access-rules.js';
import type { KubeCredentials } from '../request-user.js';
import { mapLimited } from '../../map-limited.js';

export interface AccessCache {
  /** The person's access over these namespaces; UNRESTRICTED_ACCESS for the console's own credentials. */
  accessFor(credentials: KubeCredentials, namespaces: readonly string[], signal?: AbortSignal): Promise<UserAccess>;
  /** People whose rights are kept, for /metrics. */
  held(): number;
}

export interface AccessCacheDeps {
  rulesIn(credentials: KubeCredentials, namespace: string, signal?: AbortSignal): Promise<ResourceRule[]>;
  ttlMs: number;
  nowMs: () => number;
  /** Reviews asked at once for one person: a cluster of hundreds of namespaces must not open hundreds of requests. */
  concurrency?: number;
  /** People remembered; the least recently seen are forgotten first. */
  maxPeople?: number;
}

/** The cache's key for credentials: a token is kept as its hash only. */
export function credentialsKey(credentials: KubeCredentials): string {
  if (credentials.kind === 'console') return 'console';
  if (credentials.kind === 'token') return `t:${createHash('sha256').update(credentials.token).digest('base64url')}`;
  return `i:${JSON.stringify([credentials.user, [...credentials.groups].sort()])}`;
}

interface Kept {
  namespaces: string;
  access: UserAccess;
  freshUntilMs: number;
  refreshing?: Promise<UserAccess>;
}

export function createAccessCache(deps: AccessCacheDeps): AccessCache {
  const people = new Map<string, Kept>();
  const maxPeople = deps.maxPeople ?? 500;

  async function review(credentials: KubeCredentials, namespaces: readonly string[], signal?: AbortSignal) {
    const rules = await mapLimited(namespaces, deps.concurrency ?? 16, (ns) => deps.rulesIn(credentials, ns, signal));
    return userAccessOf(new Map(namespaces.map((ns, i) => [ns, rules[i]!])));
  }

  function remember(key: string, kept: Kept): void {
    people.delete(key);
    people.set(key, kept);
    while (people.size > maxPeople) people.delete(people.keys().next().value!);
  }

  return {
    held: () => people.size,
    async accessFor(credentials, namespaces, signal) {
      if (credentials.kind === 'console') return UNRESTRICTED_ACCESS;
      const key = credentialsKey(credentials);
      const names = [...namespaces].sort();
      const namespacesKey = names.join('\n');
      const now = deps.nowMs();
      const kept = people.get(key);
      if (kept && kept.namespaces === namespacesKey) {
        if (now < kept.freshUntilMs) return kept.access;
        if (now < kept.freshUntilMs + deps.ttlMs) {
          // Stale: answer with it and ask again once, in the background (no signal: the request may end first).
          kept.refreshing ??= review(credentials, names)
            .then((access) => {
              remember(key, { namespaces: namespacesKey, access, freshUntilMs: deps.nowMs() + deps.ttlMs });
              return access;
            })
            .finally(() => {
              kept.refreshing = undefined;
            });
          kept.refreshing.catch(() => undefined); // the next request past the stale time asks and reports
          return kept.access;
        }
      }
      const access = await review(credentials, names, signal);
      remember(key, { namespaces: namespacesKey, access, freshUntilMs: deps.nowMs() + deps.ttlMs });
      return access;
    },
  };
}
