import { Agent } from 'node:https';
import { describe, expect, it } from 'vitest';
import { headerBytes, requestOptionsFor } from '../../../../server/auth/kube-credentials.js';

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

describe('a name outside ASCII or with a control character', () => {
  it('goes as its UTF-8 bytes, as kubectl sends it, which Node would otherwise refuse or send as Latin-1', () => {
    const options = requestOptionsFor(consoleOptions, { kind: 'impersonate', user: 'Zoë', groups: ['名前'] });
    const wire = (v: string) => Buffer.from(v, 'latin1');
    const headers = options.headers as Record<string, string | string[]>;
    expect(wire(headers['Impersonate-User'] as string)).toEqual(Buffer.from('Zoë', 'utf8'));
    expect(wire((headers['Impersonate-Group'] as string[])[0]!)).toEqual(Buffer.from('名前', 'utf8'));
    expect(headerBytes('moderator')).toBe('moderator');
  });

  it('is refused in words when it holds a line break, which no header can carry', () => {
    expect(() =>
      requestOptionsFor(consoleOptions, { kind: 'impersonate', user: 'a\r\nX-Evil: 1', groups: [] }),
    ).toThrow(/holds a control character, which no Kubernetes request header can carry/);
  });
});
