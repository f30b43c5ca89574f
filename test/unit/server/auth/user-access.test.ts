import { describe, expect, it } from 'vitest';
import { UNRESTRICTED_ACCESS, type ResourceRule } from '../../../../server/auth/access-rules.js';
import { createAccessCache, credentialsKey } from '../../../../server/auth/io/user-access.js';
import type { KubeCredentials } from '../../../../server/auth/request-user.js';

const VIEW: ResourceRule[] = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['namespaces', 'pods'] }];

function cluster(ttlMs = 10_000) {
  const clock = { now: 0 };
  const asked: string[] = [];
  let rules = new Map<string, ResourceRule[]>([['demo', VIEW]]);
  const cache = createAccessCache({
    ttlMs,
    nowMs: () => clock.now,
    async rulesIn(credentials, namespace) {
      asked.push(`${credentialsKey(credentials)} ${namespace}`);
      return rules.get(namespace) ?? [];
    },
  });
  return { cache, clock, asked, grant: (next: Map<string, ResourceRule[]>) => (rules = next) };
}

const viewer: KubeCredentials = { kind: 'token', token: 'viewer-token' };

describe("the cache of people's rights", () => {
  it('asks one rules review per namespace, then answers from memory within its time to live', async () => {
    const { cache, asked, clock } = cluster();
    const first = await cache.accessFor(viewer, ['demo', 'istio-system']);
    expect(asked).toHaveLength(2);
    clock.now = 9_000;
    expect(await cache.accessFor(viewer, ['istio-system', 'demo'])).toBe(first);
    expect(asked).toHaveLength(2);
    expect([...first.visibleNamespaces()]).toEqual(['demo']);
  });

  it('answers with the old rights once they are stale while it asks again, and with the new ones after', async () => {
    const { cache, clock, grant } = cluster();
    await cache.accessFor(viewer, ['demo', 'istio-system']);
    grant(
      new Map([
        ['demo', VIEW],
        ['istio-system', VIEW],
      ]),
    );
    clock.now = 12_000;
    const stale = await cache.accessFor(viewer, ['demo', 'istio-system']);
    expect([...stale.visibleNamespaces()]).toEqual(['demo']);
    await new Promise((r) => setTimeout(r, 0));
    const fresh = await cache.accessFor(viewer, ['demo', 'istio-system']);
    expect([...fresh.visibleNamespaces()].sort()).toEqual(['demo', 'istio-system']);
  });

  it('asks again at once past twice the time to live, and when a namespace appears', async () => {
    const { cache, clock, asked } = cluster();
    await cache.accessFor(viewer, ['demo']);
    clock.now = 25_000;
    await cache.accessFor(viewer, ['demo']);
    expect(asked).toHaveLength(2);
    await cache.accessFor(viewer, ['demo', 'new']);
    expect(asked).toHaveLength(4);
  });

  it("keeps people apart, and never reviews the console's own credentials", async () => {
    const { cache, asked } = cluster();
    await cache.accessFor(viewer, ['demo']);
    await cache.accessFor({ kind: 'impersonate', user: 'moderator', groups: ['moderators'] }, ['demo']);
    expect(asked).toEqual([`${credentialsKey(viewer)} demo`, expect.stringMatching(/^i:.*moderator.* demo$/)]);
    expect(await cache.accessFor({ kind: 'console' }, ['demo'])).toBe(UNRESTRICTED_ACCESS);
    expect(credentialsKey(viewer)).not.toContain('viewer-token');
  });
});
