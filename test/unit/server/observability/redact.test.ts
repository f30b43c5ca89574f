import { describe, expect, it } from 'vitest';
import { KubernetesError } from '../../../../server/errors.js';
import { createRedactor, REDACTED } from '../../../../server/observability/redact.js';

const redactor = createRedactor();
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpzZXh0YW50In0.c2lnbmF0dXJl';

describe('redacting text', () => {
  it('hides an Authorization header line, keeping the header name', () => {
    expect(redactor.text('GET /api\nAuthorization: Bearer abc.def\nAccept: */*')).toBe(
      `GET /api\nAuthorization: ${REDACTED}\nAccept: */*`,
    );
  });

  it('hides a Cookie header with all its pairs', () => {
    expect(redactor.text('cookie: sextant-session=s3cr3t; theme=dark')).toBe(`cookie: ${REDACTED}`);
  });

  it('hides Set-Cookie values in the JSON of response headers, as ApiException prints them', () => {
    const message =
      'HTTP-Code: 401\nMessage: Unauthorized\nHeaders: {"content-type":"application/json","set-cookie":["sid=abc123; HttpOnly","x=y"],"authorization":"Bearer tok"}';
    const out = redactor.text(message);
    expect(out).not.toMatch(/abc123|tok"|x=y/);
    expect(out).toContain(`"set-cookie":["${REDACTED}"]`);
    expect(out).toContain(`"authorization":"${REDACTED}"`);
    expect(out).toContain('"content-type":"application/json"');
  });

  it('hides a bearer token standing alone in a sentence', () => {
    expect(redactor.text('the API server refused Bearer sha256~AbCdEf012345 for pods')).toBe(
      `the API server refused Bearer ${REDACTED} for pods`,
    );
  });

  it('hides a service account token (a JWT) wherever it appears', () => {
    expect(redactor.text(`token review of ${JWT} failed`)).toBe(`token review of ${REDACTED} failed`);
  });

  it('hides tokens, passwords and client secrets in a query or a form body', () => {
    expect(
      redactor.text('POST /token grant_type=authorization_code&client_secret=hunter22&code=x&access_token=abc'),
    ).toBe(`POST /token grant_type=authorization_code&client_secret=${REDACTED}&code=x&access_token=${REDACTED}`);
    expect(redactor.text('password=letmein')).toBe(`password=${REDACTED}`);
  });

  it('hides the user and password of a URL, keeping where it points', () => {
    expect(redactor.text('Prometheus at https://admin:pa55word@prom.example:9090/api/v1/query is unreachable')).toBe(
      `Prometheus at https://${REDACTED}@prom.example:9090/api/v1/query is unreachable`,
    );
  });

  it('hides the values it was told are secrets (the session secret), however they are quoted', () => {
    const secret = 'q8Zx-session-secret-of-32-bytes-long!';
    const own = createRedactor([secret]);
    expect(own.text(`could not seal with ${secret}`)).toBe(`could not seal with ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Prometheus at http://127.0.0.1:9090 did not answer in 5 s (PROMETHEUS_URL)';
    expect(redactor.text(text)).toBe(text);
  });
});

describe('redacting values', () => {
  it('replaces the Authorization, Cookie and token fields of a request carried by an error', () => {
    const err = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      options: {
        hostname: 'kube.example',
        headers: { Authorization: `Bearer ${JWT}`, Cookie: 'sextant-session=xyz', Accept: 'application/json' },
        token: 'abc',
      },
    });
    const out = redactor.value(err) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'Error',
      message: 'socket hang up',
      code: 'ECONNRESET',
      options: {
        hostname: 'kube.example',
        headers: { Authorization: REDACTED, Cookie: REDACTED, Accept: 'application/json' },
        token: REDACTED,
      },
    });
    expect(JSON.stringify(out)).not.toMatch(/xyz|eyJ/);
  });

  it('follows the cause of a source error down to the failure that carried a password', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { config: { password: 'pa55' } });
    const err = new KubernetesError('unreachable', 'Kubernetes API is unreachable', cause);
    const out = redactor.value(err) as { source: string; reason: string; cause: { config: { password: string } } };
    expect(out.source).toBe('kubernetes');
    expect(out.reason).toBe('unreachable');
    expect(out.cause.config.password).toBe(REDACTED);
  });

  it('reads Headers and Maps as objects and redacts them by name', () => {
    const headers = new Headers({ authorization: 'Basic dXNlcjpwYXNz', 'x-request-id': '7' });
    expect(redactor.value({ headers, byName: new Map([['client_secret', 's']]) })).toEqual({
      headers: { authorization: REDACTED, 'x-request-id': '7' },
      byName: { client_secret: REDACTED },
    });
  });

  it('cuts cycles instead of looping', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    expect(redactor.value(a)).toEqual({ name: 'a', self: '[Circular]' });
  });
});
