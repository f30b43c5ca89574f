// What the gateway's Envoy sends the client for a finished hop. Local reply bodies are Envoy's router's
// (envoyproxy/envoy source/common/router/router.cc: "no healthy upstream", "upstream request timeout",
// "upstream connect error or disconnect/reset before headers. [retried and the latest ]reset reason: ...") and
// Istio's filters' (wire samples istio-authz-denied.txt "RBAC: access denied", istio-jwt-verification-fails.txt
// "Jwt verification fails", istio-jwt-401-headers.txt for the 401's headers); access-log-text-flags.txt shows a 404 NR
// with 0 bytes sent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appBody, polarityOf } from '../../../src/ingress/app-answers.js';
import { envoyReply } from '../../../src/ingress/envoy-reply.js';
import type { Attempt, Hop } from '../../../src/traffic/hop.js';
import { FIXTURES } from '../../helpers/fixtures.js';

const wire = (name: string) => readFileSync(`${FIXTURES}/wire/${name}`, 'utf8').trim();

function hop(over: Partial<Hop>, app = 'sa-webapp'): Hop {
  const attempt = { destination: { app }, durationMs: 41.6, responseCode: 200 } as unknown as Attempt;
  return {
    requestId: 'r',
    traceId: 't',
    clientSpanId: 's',
    service: { host: 'sa-webapp.demo.svc.cluster.local', name: 'sa-webapp', namespace: 'demo', port: 80 },
    protocol: 'http',
    method: 'POST',
    path: '/sentiment',
    authority: 'localhost:8080',
    userAgent: 'curl/8.5.0',
    startMs: 0,
    durationMs: 43,
    responseCode: 200,
    responseFlags: '-',
    responseCodeDetails: 'via_upstream',
    requestBytes: 20,
    responseBytes: 40,
    mtls: true,
    upstreamCluster: 'outbound|80||sa-webapp.demo.svc.cluster.local',
    routeName: 'default',
    attempts: [attempt],
    ...over,
  };
}

const sentiment = { method: 'POST', path: '/sentiment', body: '{"sentence":"I love yogobella"}' };

describe("the gateway's answer to the client", () => {
  it("relays the app's 200 with server: istio-envoy and the upstream's service time", () => {
    const reply = envoyReply(hop({}), (h) => appBody(h, sentiment));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ sentence: 'I love yogobella', polarity: 0.5 });
    expect(reply.headers).toMatchObject({
      'content-type': 'application/json;charset=UTF-8',
      server: 'istio-envoy',
      'x-envoy-upstream-service-time': '42',
      'content-length': String(reply.body.length),
    });
  });

  it('answers 503 UH with "no healthy upstream" and no upstream service time', () => {
    const reply = envoyReply(
      hop({ responseCode: 503, responseFlags: 'UH', responseCodeDetails: 'no_healthy_upstream', attempts: [] }),
      () => ({ contentType: 'x', body: 'never' }),
    );
    expect([reply.status, reply.body, reply.headers['content-type']]).toEqual([
      503,
      'no healthy upstream',
      'text/plain',
    ]);
    expect(reply.headers['x-envoy-upstream-service-time']).toBeUndefined();
    expect(reply.headers['server']).toBe('istio-envoy');
  });

  it('answers a reset upstream with the reset reason, and says it retried when it did (URX)', () => {
    const reset = hop({
      responseCode: 503,
      responseFlags: 'UC',
      responseCodeDetails: 'upstream_reset_before_response_started{connection_termination}',
      attempts: [],
    });
    expect(envoyReply(reset, () => ({ contentType: '', body: '' })).body).toBe(
      'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    );
    expect(envoyReply({ ...reset, responseFlags: 'UC,URX' }, () => ({ contentType: '', body: '' })).body).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection termination',
    );
  });

  it('answers 404 NR with an empty body', () => {
    const reply = envoyReply(
      hop({ responseCode: 404, responseFlags: 'NR', responseCodeDetails: 'route_not_found', attempts: [] }),
      () => ({ contentType: '', body: 'never' }),
    );
    expect([reply.status, reply.body, reply.headers['content-length']]).toEqual([404, '', '0']);
    expect(reply.headers['content-type']).toBeUndefined();
  });

  it("answers the denials with Istio's bodies: 403 RBAC: access denied, 401 Jwt verification fails with a Bearer challenge", () => {
    const denied = envoyReply(
      hop({ responseCode: 403, responseCodeDetails: 'rbac_access_denied_matched_policy[none]', attempts: [] }),
      () => ({ contentType: '', body: '' }),
    );
    expect([denied.status, denied.body]).toEqual([403, wire('istio-authz-denied.txt')]);
    const jwt = envoyReply(
      hop({ responseCode: 401, responseCodeDetails: 'jwt_authn_access_denied{Jwt_verification_fails}', attempts: [] }),
      () => ({ contentType: '', body: '' }),
    );
    expect([jwt.status, jwt.body]).toEqual([401, wire('istio-jwt-verification-fails.txt')]);
    expect(jwt.headers['www-authenticate']).toBe(
      'Bearer realm="http://localhost:8080/sentiment", error="invalid_token"',
    );
    expect(wire('istio-jwt-401-headers.txt')).toContain('www-authenticate: Bearer realm="http://');
  });

  it("answers sa-webapp's failures with Spring Boot's error body", () => {
    const reply = envoyReply(hop({ responseCode: 500 }), (h) => appBody(h, sentiment, Date.UTC(2026, 0, 2)));
    expect(JSON.parse(reply.body)).toEqual({
      timestamp: '2026-01-02T00:00:00.000+00:00',
      status: 500,
      error: 'Internal Server Error',
      path: '/sentiment',
    });
  });

  it('resets the connection when the gateway got no answer to relay (code 0)', () => {
    expect(envoyReply(hop({ responseCode: 0 }), () => ({ contentType: '', body: '' })).status).toBe(0);
  });
});

describe("sa-logic's polarity", () => {
  it('scores the mean of the words it knows, 0 for none', () => {
    expect([polarityOf('I love yogobella'), polarityOf('hi'), polarityOf('good and bad')]).toEqual([0.5, 0, 0]);
  });
});
