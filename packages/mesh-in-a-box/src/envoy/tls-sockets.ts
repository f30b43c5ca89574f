import { sdsSecretConfig, shared, typed, type EnvoyJson } from './envoy-json.js';

const UPSTREAM_TLS = 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';
const DOWNSTREAM_TLS = 'envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';
const TLS_PARAMS = shared({ tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' });
const WORKLOAD_CERTIFICATE = shared([sdsSecretConfig('default')]);
const MESH_ALPN = shared(['istio-peer-exchange', 'istio']);
const ISTIO_TLS_MODE = shared({ tlsMode: 'istio' });
const PLAIN_TEXT_MATCH = shared({
  name: 'tlsMode-disabled',
  match: {},
  transport_socket: {
    name: 'envoy.transport_sockets.raw_buffer',
    typed_config: typed('envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer'),
  },
});

/** SNI Istio sets on mTLS to a cluster, so the server side can pick the inbound chain: outbound_.80_.v1_.host. */
export function istioSni(port: number, subset: string, host: string): string {
  return `outbound_.${port}_.${subset}_.${host}`;
}

// Account lists are kept per Endpoints version, so their SPIFFE IDs can be kept with them.
const idsByAccounts = new WeakMap<string[], { trustDomain: string; ids: string[] }>();

/** Expected server identities: the SPIFFE IDs of the service accounts ("ns/name") behind the service. */
export function spiffeIds(trustDomain: string, accounts: string[]): string[] {
  const known = idsByAccounts.get(accounts);
  if (known && known.trustDomain === trustDomain) return known.ids;
  const ids = accounts.map((nsSa) => {
    const [ns, sa] = nsSa.split('/');
    return `spiffe://${trustDomain}/ns/${ns}/sa/${sa}`;
  });
  idsByAccounts.set(accounts, { trustDomain, ids });
  return ids;
}

/** ISTIO_MUTUAL: the workload certificate ("default") and the mesh root ("ROOTCA"), both over SDS. */
export function istioMutualSocket(input: { sni: string; sans: string[] }): EnvoyJson {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: typed(UPSTREAM_TLS, {
      common_tls_context: {
        tls_params: TLS_PARAMS,
        tls_certificate_sds_secret_configs: WORKLOAD_CERTIFICATE,
        combined_validation_context: {
          default_validation_context: expectedPeers(input.sans),
          validation_context_sds_secret_config: sdsSecretConfig('ROOTCA'),
        },
        alpn_protocols: MESH_ALPN,
      },
      sni: input.sni,
    }),
  };
}

/**
 * Auto mTLS, used when no DestinationRule sets tls: mTLS to hosts whose endpoint metadata says they run a sidecar
 * (tlsMode: istio), plain text to the rest.
 */
export function autoMtlsMatches(input: { sni: string; sans: string[] }): EnvoyJson[] {
  return [
    { name: 'tlsMode-istio', match: ISTIO_TLS_MODE, transport_socket: istioMutualSocket(input) },
    PLAIN_TEXT_MATCH,
  ];
}

// Every cluster of one service expects the same peers: render the SAN list once per service.
const peersBySans = new WeakMap<string[], EnvoyJson>();
function expectedPeers(sans: string[]): EnvoyJson {
  let found = peersBySans.get(sans);
  if (!found) {
    found =
      sans.length > 0
        ? { match_typed_subject_alt_names: sans.map((exact) => ({ san_type: 'URI', matcher: { exact } })) }
        : {};
    peersBySans.set(sans, found);
  }
  return found;
}

/** SIMPLE or MUTUAL origination to an external service, from a DestinationRule's tls settings. */
export function originationSocket(tls: Record<string, unknown>, defaultSni: string): EnvoyJson {
  const common: EnvoyJson = {};
  if (typeof tls.credentialName === 'string') {
    common.tls_certificate_sds_secret_configs =
      tls.mode === 'MUTUAL' ? [sdsSecretConfig(`kubernetes://${tls.credentialName}`)] : undefined;
    common.validation_context_sds_secret_config = sdsSecretConfig(`kubernetes://${tls.credentialName}-cacert`);
  }
  if (Array.isArray(tls.subjectAltNames)) {
    common.validation_context = {
      match_typed_subject_alt_names: tls.subjectAltNames.map((exact) => ({ san_type: 'DNS', matcher: { exact } })),
    };
  }
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: typed(UPSTREAM_TLS, {
      common_tls_context: JSON.parse(JSON.stringify(common)),
      sni: typeof tls.sni === 'string' ? tls.sni : defaultSni,
    }),
  };
}

/** The server side of mTLS on inbound chains: any workload of the trust domain may connect. */
export function inboundMtlsSocket(input: { trustDomain: string; http: boolean }): EnvoyJson {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: typed(DOWNSTREAM_TLS, {
      common_tls_context: {
        tls_params: TLS_PARAMS,
        alpn_protocols: input.http ? ['h2', 'http/1.1'] : ['istio-peer-exchange', 'h2', 'http/1.1'],
        tls_certificate_sds_secret_configs: WORKLOAD_CERTIFICATE,
        combined_validation_context: {
          default_validation_context: {
            match_typed_subject_alt_names: [{ san_type: 'URI', matcher: { prefix: `spiffe://${input.trustDomain}/` } }],
          },
          validation_context_sds_secret_config: sdsSecretConfig('ROOTCA'),
        },
      },
      require_client_certificate: true,
    }),
  };
}
