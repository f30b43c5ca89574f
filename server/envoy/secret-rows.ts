// The Secrets table: the SDS secrets of envoy.admin.v3.SecretsConfigDump (dynamic_active_secrets, static_secrets):
// Istio's "default" (the workload certificate chain, private key redacted by Envoy) and "ROOTCA" (the trust bundle).
// Each certificate chain is base64 of PEM (inline_bytes); node:crypto's X509Certificate reads the first certificate:
// its SPIFFE id is the URI SAN (spiffe://<trust domain>/ns/<ns>/sa/<service account>, Istio's identity).
import { X509Certificate } from 'node:crypto';
import type { SecretRow } from '../../lib/api/envoy.js';
import { arr, obj, section, str } from './dump-fields.js';
import type { Table } from './table.js';

const DAY_MS = 86_400_000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function pemOf(source: unknown): string | null {
  const bytes = str(source, 'inline_bytes');
  if (bytes) return Buffer.from(bytes, 'base64').toString('utf8');
  return str(source, 'inline_string') ?? null;
}

function certificate(
  pem: string | null,
  nowMs: number,
): Omit<SecretRow, 'name' | 'kind' | 'lastUpdated'> & { problem: string | null } {
  const empty = {
    spiffeId: null,
    subject: null,
    issuer: null,
    serial: null,
    notBefore: null,
    notAfter: null,
    daysLeft: null,
    chainLength: 0,
  };
  if (!pem) return { ...empty, problem: 'no inline certificate (a file path or redacted)' };
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { ...empty, problem: 'the certificate is not PEM' };
  try {
    const cert = new X509Certificate(blocks[0]!);
    const spiffe = (cert.subjectAltName ?? '')
      .split(', ')
      .find((san) => san.startsWith('URI:spiffe://'))
      ?.slice('URI:'.length);
    const notAfterMs = Date.parse(cert.validTo);
    return {
      spiffeId: spiffe ?? null,
      subject: (cert.subject ?? '').replace(/\n/g, ', ') || null, // Istio's workload certificates have none
      issuer: (cert.issuer ?? '').replace(/\n/g, ', ') || null,
      serial: cert.serialNumber.toLowerCase(),
      notBefore: new Date(Date.parse(cert.validFrom)).toISOString(),
      notAfter: new Date(notAfterMs).toISOString(),
      // Whole days left, as Envoy's /certs days_until_expiration counts them (0 on the last day; negative: expired).
      daysLeft: Math.floor((notAfterMs - nowMs) / DAY_MS),
      chainLength: blocks.length,
      problem: null,
    };
  } catch (err) {
    return { ...empty, chainLength: blocks.length, problem: `unreadable certificate: ${(err as Error).message}` };
  }
}

/** `nowMs` is when "days left" counts from (passed in: no clock in a parser). */
export function secretRows(dump: { configs?: unknown }, nowMs: number): Table<SecretRow> {
  const config = section(dump, 'SecretsConfigDump');
  const rows: SecretRow[] = [];
  const raw: unknown[] = [];
  for (const entry of [...arr(config, 'static_secrets'), ...arr(config, 'dynamic_active_secrets')]) {
    const secret = obj(entry, 'secret');
    const name = str(entry, 'name') ?? str(secret, 'name') ?? '?';
    const tls = obj(secret, 'tls_certificate');
    const validation = obj(secret, 'validation_context');
    const kind: SecretRow['kind'] = tls ? 'certificate' : validation ? 'trust bundle' : 'unknown';
    const source = tls ? obj(tls, 'certificate_chain') : obj(validation, 'trusted_ca');
    rows.push({
      name,
      kind,
      ...certificate(pemOf(source), nowMs),
      lastUpdated: str(entry, 'last_updated') ?? null,
    });
    raw.push(entry);
  }
  return { rows, raw };
}
