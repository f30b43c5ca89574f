// Builders for the security unit tests: policies as kubectl would store them, and requests as a proxy sees them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/store/kube-object.js';
import type { AuthzRequest } from '../../../src/security/authz-rule-match.js';
import { FIXTURES } from '../../helpers/fixtures.js';

export function policy(
  kind: 'AuthorizationPolicy' | 'PeerAuthentication' | 'RequestAuthentication',
  namespace: string,
  name: string,
  spec: object,
  createdAt = '2026-01-01T00:00:00Z',
): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind,
    metadata: { name, namespace, creationTimestamp: createdAt },
    spec,
  };
}

export const authz = (namespace: string, name: string, spec: object, createdAt?: string) =>
  policy('AuthorizationPolicy', namespace, name, spec, createdAt);

/** A plain GET / from a sidecar in `demo` over mutual TLS, unless told otherwise. */
export function request(overrides: Partial<AuthzRequest> = {}): AuthzRequest {
  return {
    method: 'GET',
    path: '/',
    host: 'sa-webapp.demo.svc.cluster.local',
    port: 8080,
    headers: {},
    sourceIp: '10.1.0.20',
    remoteIp: '10.1.0.20',
    destinationIp: '10.1.0.30',
    peer: { principal: 'cluster.local/ns/demo/sa/sa-frontend', namespace: 'demo' },
    ...overrides,
  };
}

/** The article's policy files (shared/fixtures/sentiment-analysis/istio/security). */
export function articlePolicy(file: string): KubeObject {
  return parse(readFileSync(`${FIXTURES}/sentiment-analysis/istio/security/${file}`, 'utf8')) as KubeObject;
}
