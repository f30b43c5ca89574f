// Bearer tokens as the API server's authenticators take them: the static admin token, bound service account tokens
// (valid for the API server's audience, until they expire or their account is deleted), and nothing else.
import { beforeAll, describe, expect, it } from 'vitest';
import { KubeAuth } from '../../../../src/kube/auth/kube-auth.js';
import { ObjectStore } from '../../../../src/store/object-store.js';
import { GR } from '../../../../src/store/resource-types.js';

let store: ObjectStore;
let nowMs = Date.parse('2026-01-01T00:00:00Z');
let auth: KubeAuth;
let uid: string;

beforeAll(async () => {
  store = new ObjectStore();
  store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  uid = store.create(GR.serviceaccounts, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'viewer', namespace: 'demo' },
  }).metadata.uid!;
  auth = await KubeAuth.create({ store, adminToken: 's3cret', now: () => nowMs });
});

const issue = (audiences: string[], expirationSeconds = 3600) =>
  auth.serviceAccountTokens.issue({ namespace: 'demo', name: 'viewer', uid, audiences, expirationSeconds, nowMs });

describe('token authentication', () => {
  it('takes the static admin token as mesh-admin in system:masters', async () => {
    expect(await auth.authenticateToken('s3cret')).toEqual({
      user: { username: 'mesh-admin', uid: 'mesh-admin', groups: ['system:masters', 'system:authenticated'] },
      audiences: ['https://kubernetes.default.svc.cluster.local'],
    });
  });

  it('takes a service account token as the account, with its groups and the token id as credential', async () => {
    const { token } = await issue(auth.apiAudiences);
    const outcome = await auth.authenticateToken(token);
    expect(outcome).toMatchObject({
      user: {
        username: 'system:serviceaccount:demo:viewer',
        uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated'],
      },
    });
    expect('user' in outcome && outcome.user.extra?.['authentication.kubernetes.io/credential-id']?.[0]).toMatch(
      /^JTI=/,
    );
  });

  it('refuses a token for another audience, unless a TokenReview asks for that audience', async () => {
    const { token } = await issue(['vault']);
    expect(await auth.authenticateToken(token)).toHaveProperty('error');
    expect(await auth.authenticateToken(token, ['vault'])).toMatchObject({ audiences: ['vault'] });
  });

  it('refuses a token past its expiry', async () => {
    const { token } = await issue(auth.apiAudiences, 600);
    nowMs += 601_000;
    try {
      expect(await auth.authenticateToken(token)).toMatchObject({ error: expect.stringMatching(/"exp"/) });
    } finally {
      nowMs -= 601_000;
    }
  });

  it('refuses the tokens of an account deleted and created again under the same name', async () => {
    const { token } = await issue(auth.apiAudiences);
    store.delete(GR.serviceaccounts, 'demo', 'viewer');
    store.create(GR.serviceaccounts, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'viewer', namespace: 'demo' },
    });
    expect(await auth.authenticateToken(token)).toEqual({ error: 'service account demo/viewer has been deleted' });
  });

  it('refuses a token nobody issued', async () => {
    expect(await auth.authenticateToken('made-up')).toEqual({ error: 'invalid bearer token' });
  });
});
