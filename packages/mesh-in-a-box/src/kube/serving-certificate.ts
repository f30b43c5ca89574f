import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { bits, integer, oid, seq, set, tlv, utcTime } from '../der.js';

// The API server's self-signed serving certificate (as kube-apiserver makes one when given no --tls-cert-file):
// kubectl sends a kubeconfig's credentials only to an https server (client-go clientcmd: "only add auth to https"),
// so the mesh speaks TLS too. ECDSA P-256, written in DER by hand since node:crypto signs but builds no
// certificates; the names are the host it listens on, localhost and the in-cluster names of the kubernetes Service.

const commonName = (cn: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(ip.includes('::') ? missing : 0).fill('0'), ...groups(tail)];
  return Buffer.concat(all.map((g) => Buffer.from([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff])));
}

/** A self-signed certificate and key in PEM for `host` (an IP or a name), valid a year from an hour ago. */
export function servingCertificate(host: string, nowMs: number): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const dns = [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ];
  const ips = ['127.0.0.1', '::1'];
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) && !ips.includes(bare)) ips.push(bare);
  else if (!isIP(bare) && !dns.includes(bare)) dns.push(bare);
  const san = seq(...dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))), ...ips.map((ip) => tlv(0x87, ipBytes(ip))));
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = commonName('kube-apiserver');
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const extensions = seq(
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, bits(Buffer.from([0xa0]), 5))), // digitalSignature, keyEncipherment
    seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.1')))), // serverAuth
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq())), // not a CA
    seq(oid('2.5.29.17'), tlv(0x04, san)),
  );
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaSha256,
    name,
    seq(utcTime(nowMs - 3_600_000), utcTime(nowMs + 365 * 24 * 3_600_000)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, extensions),
  );
  const der = seq(tbs, ecdsaSha256, bits(sign('sha256', tbs, privateKey)));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
