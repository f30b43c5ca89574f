import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bits, bool, explicit, integer, octets, oid, seq, set, tlv, utcTime } from '../der.js';

// Real X.509 certificates, so that whatever parses the SDS secrets (istioctl, the console) sees a SPIFFE identity,
// a serial and validity dates. Written in DER by hand: node:crypto signs but does not build certificates.

export interface IssuedCertificate {
  pem: string;
  serialHex: string;
  notBeforeMs: number;
  notAfterMs: number;
  uri: string | undefined;
}

const WORKLOAD_TTL_MS = 24 * 3_600_000; // Istio's default workload certificate lifetime
const ROTATE_MS = WORKLOAD_TTL_MS / 2; // pilot-agent renews at half the lifetime
const CA_TTL_MS = 10 * 365 * 24 * 3_600_000;

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const ORGANIZATION = (org: string) => seq(set(seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from(org, 'utf8')))));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function issue(input: {
  subject: Buffer;
  issuer: Buffer;
  publicKey: KeyObject;
  signer: KeyObject;
  signerKeyId: Buffer;
  notBeforeMs: number;
  notAfterMs: number;
  ca: boolean;
  uri?: string;
}): IssuedCertificate {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const extensions = input.ca
    ? [
        extension('2.5.29.15', true, bits(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
        extension('2.5.29.19', true, seq(bool(true))),
        extension('2.5.29.14', false, octets(keyId(input.publicKey))),
      ]
    : [
        extension('2.5.29.15', true, bits(Buffer.from([0xa0]), 5)), // digitalSignature, keyEncipherment
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
        extension('2.5.29.19', true, seq()),
        extension('2.5.29.35', false, seq(tlv(0x80, input.signerKeyId))),
        // The subject is empty, so the SAN carries the identity and must be critical (RFC 5280 4.2.1.6).
        extension('2.5.29.17', true, seq(tlv(0x86, Buffer.from(input.uri ?? '', 'ascii')))),
      ];
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    input.issuer,
    seq(utcTime(input.notBeforeMs), utcTime(input.notAfterMs)),
    input.subject,
    input.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const der = seq(tbs, ECDSA_SHA256, bits(sign('sha256', tbs, input.signer)));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    pem: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
    serialHex: serial.toString('hex'),
    notBeforeMs: input.notBeforeMs,
    notAfterMs: input.notAfterMs,
    uri: input.uri,
  };
}

interface MeshCa {
  cert: IssuedCertificate;
  key: KeyObject;
  keyId: Buffer;
}

let meshCa: MeshCa | undefined;
const leaves = new Map<string, IssuedCertificate>();

/** The self-signed root istiod's CA starts with (O=cluster.local), made once per process. */
export function meshRootCertificate(startedAtMs: number): IssuedCertificate {
  return rootCa(startedAtMs).cert;
}

function rootCa(startedAtMs: number): MeshCa {
  if (meshCa) return meshCa;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const notBeforeMs = Math.floor(startedAtMs / 1000) * 1000 - 24 * 3_600_000;
  const name = ORGANIZATION('cluster.local');
  const cert = issue({
    subject: name,
    issuer: name,
    publicKey,
    signer: privateKey,
    signerKeyId: keyId(publicKey),
    notBeforeMs,
    notAfterMs: notBeforeMs + CA_TTL_MS,
    ca: true,
  });
  return (meshCa = { cert, key: privateKey, keyId: keyId(publicKey) });
}

/** The workload certificate pilot-agent holds at `nowMs`: issued at start, renewed every 12 h. */
export function workloadCertificate(input: {
  spiffeId: string;
  startedAtMs: number;
  nowMs: number;
}): IssuedCertificate {
  const ca = rootCa(input.startedAtMs);
  const rotations = Math.max(0, Math.floor((input.nowMs - input.startedAtMs) / ROTATE_MS));
  const notBeforeMs = Math.floor((input.startedAtMs + rotations * ROTATE_MS) / 1000) * 1000;
  const key = `${input.spiffeId}|${notBeforeMs}`;
  const cached = leaves.get(key);
  if (cached) return cached;
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = issue({
    subject: seq(),
    issuer: ORGANIZATION('cluster.local'),
    publicKey,
    signer: ca.key,
    signerKeyId: ca.keyId,
    notBeforeMs,
    notAfterMs: notBeforeMs + WORKLOAD_TTL_MS,
    ca: false,
    uri: input.spiffeId,
  });
  if (leaves.size >= 2_000) leaves.delete(leaves.keys().next().value!);
  leaves.set(key, cert);
  return cert;
}
