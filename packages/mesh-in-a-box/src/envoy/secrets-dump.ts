import { timestampText, typed, type EnvoyJson } from './envoy-json.js';
import type { ProxyConfig } from './proxy-config.js';
import { meshRootCertificate, workloadCertificate, type IssuedCertificate } from './workload-certificate.js';

const SECRET = 'envoy.extensions.transport_sockets.tls.v3.Secret';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function spiffeIdOf(proxy: ProxyConfig): string {
  const { trustDomain, namespace, serviceAccount } = proxy.identity;
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

export function proxyCertificates(proxy: ProxyConfig): { leaf: IssuedCertificate; root: IssuedCertificate } {
  return {
    leaf: workloadCertificate({ spiffeId: spiffeIdOf(proxy), startedAtMs: proxy.startedAtMs, nowMs: proxy.nowMs }),
    root: meshRootCertificate(proxy.startedAtMs),
  };
}

/** The two SDS secrets of every Istio proxy; Envoy prints the private key as "[redacted]". */
export function dynamicSecrets(proxy: ProxyConfig): EnvoyJson[] {
  const { leaf, root } = proxyCertificates(proxy);
  return [
    {
      name: 'default',
      last_updated: timestampText(Math.max(leaf.notBeforeMs, proxy.startedAtMs + 900)),
      secret: typed(SECRET, {
        name: 'default',
        tls_certificate: {
          certificate_chain: { inline_bytes: base64(leaf.pem + root.pem) },
          private_key: { inline_bytes: base64('[redacted]') },
        },
      }),
    },
    {
      name: 'ROOTCA',
      last_updated: timestampText(proxy.startedAtMs + 900),
      secret: typed(SECRET, { name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: base64(root.pem) } } }),
    },
  ];
}

function certificateDetails(cert: IssuedCertificate, nowMs: number): EnvoyJson {
  return {
    path: '<inline>',
    serial_number: cert.serialHex,
    subject_alt_names: cert.uri ? [{ uri: cert.uri }] : [],
    days_until_expiration: String(Math.max(0, Math.floor((cert.notAfterMs - nowMs) / 86_400_000))),
    valid_from: new Date(cert.notBeforeMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    expiration_time: new Date(cert.notAfterMs).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** /certs: the loaded certificates with serials, SANs and expiry (admin.v3.Certificates). */
export function certsJson(proxy: ProxyConfig): EnvoyJson {
  const { leaf, root } = proxyCertificates(proxy);
  return {
    certificates: [
      { ca_cert: [certificateDetails(root, proxy.nowMs)], cert_chain: [] },
      { ca_cert: [], cert_chain: [certificateDetails(leaf, proxy.nowMs)] },
    ],
  };
}
