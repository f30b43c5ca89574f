import { Agent } from 'node:https';
import { describe, expect, it } from 'vitest';
import { requestOptionsFor } from '../../../../server/auth/kube-credentials.js';

// As KubeConfig.applyToHTTPSOptions leaves them for a console that authenticates with a client certificate.
const consoleOptions = {
  ca: 'the cluster CA',
  cert: 'the console certificate',
  key: 'the console key',
  rejectUnauthorized: true,
  agent: new Agent({ keepAlive: false }),
  headers: { Authorization: 'Bearer console-token' },
};

describe('the Kubernetes credentials of a request', () => {
  it('leaves the console’s own as they are', () => {
    expect(requestOptionsFor(consoleOptions, { kind: 'console' })).toBe(consoleOptions);
  });

  it('sends only the user’s token: neither the console’s token nor its client certificate, but the cluster’s CA', () => {
    const options = requestOptionsFor(consoleOptions, { kind: 'token', token: 'user-token' });
    expect(options.headers).toEqual({ Authorization: 'Bearer user-token' });
    expect(options).not.toHaveProperty('cert');
    expect(options).not.toHaveProperty('key');
    expect(options).not.toHaveProperty('agent');
    expect(options.ca).toBe('the cluster CA');
    expect(options.rejectUnauthorized).toBe(true);
  });

  it('impersonates a user and each of their groups with the console’s own credentials', () => {
    const options = requestOptionsFor(consoleOptions, {
      kind: 'impersonate',
      user: 'moderator',
      groups: ['moderator', 'reviewers'],
    });
    expect(options.headers).toEqual({
      Authorization: 'Bearer console-token',
      'Impersonate-User': 'moderator',
      'Impersonate-Group': ['moderator', 'reviewers'],
    });
    expect(options.cert).toBe('the console certificate');
  });
});
