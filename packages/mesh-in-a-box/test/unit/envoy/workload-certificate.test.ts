import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { meshRootCertificate, workloadCertificate } from '../../../src/envoy/workload-certificate.js';
import { adminJson, section, type Json } from './admin-call.js';
import { sentimentMesh } from './sentiment-mesh.js';

const HOUR_MS = 3_600_000;
const startedAtMs = Date.parse('2026-01-31T12:00:00Z');

describe('workload certificates', () => {
  it('are X.509 certificates for the SPIFFE identity, signed by the mesh root and valid for 24 hours', () => {
    const spiffeId = 'spiffe://cluster.local/ns/demo/sa/sa-logic';
    const leaf = new X509Certificate(workloadCertificate({ spiffeId, startedAtMs, nowMs: startedAtMs + HOUR_MS }).pem);
    const root = new X509Certificate(meshRootCertificate(startedAtMs).pem);
    expect(leaf.subjectAltName).toBe(`URI:${spiffeId}`);
    expect(leaf.issuer).toBe('O=cluster.local');
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(root.ca).toBe(true);
    expect(Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)).toBe(24 * HOUR_MS);
    expect(Date.parse(leaf.validFrom)).toBe(startedAtMs);
  });

  it('are renewed every 12 hours, as istio-agent rotates them', () => {
    const spiffeId = 'spiffe://cluster.local/ns/demo/sa/sa-webapp';
    const early = workloadCertificate({ spiffeId, startedAtMs, nowMs: startedAtMs + HOUR_MS });
    expect(workloadCertificate({ spiffeId, startedAtMs, nowMs: startedAtMs + 2 * HOUR_MS })).toBe(early);
    const renewed = workloadCertificate({ spiffeId, startedAtMs, nowMs: startedAtMs + 13 * HOUR_MS });
    expect(renewed.serialHex).not.toBe(early.serialHex);
    expect(renewed.notBeforeMs).toBe(startedAtMs + 12 * HOUR_MS);
  });

  it('are what the SDS secrets in the config dump carry, with the private key redacted', () => {
    const mesh = sentimentMesh();
    const secrets = section(
      adminJson(mesh.store, mesh.webapp, '/config_dump'),
      'SecretsConfigDump',
    ).dynamic_active_secrets;
    const tls = secrets.find((s: Json) => s.name === 'default').secret.tls_certificate;
    expect(Buffer.from(tls.private_key.inline_bytes, 'base64').toString()).toBe('[redacted]');
    const chain = Buffer.from(tls.certificate_chain.inline_bytes, 'base64').toString();
    expect(new X509Certificate(chain).subjectAltName).toBe('URI:spiffe://cluster.local/ns/demo/sa/sa-webapp');
  });
});
