// Shapes and small builders shared by every part of the simulated Envoy config. Envoy's admin renders protobuf as
// JSON with the proto field names (snake_case), Durations as "10s" strings and uint64 as strings.

/** One Envoy config message as JSON. The admin output is loosely typed on purpose: it mirrors protobuf JSON. */
export type EnvoyJson = { [field: string]: unknown };

/** Envoy's largest circuit-breaker threshold: Istio sets it so only DestinationRule limits apply. */
export const UNLIMITED = 4294967295;

export const TYPE_PREFIX = 'type.googleapis.com/';

export function typed(type: string, fields: EnvoyJson = {}): EnvoyJson {
  return { '@type': TYPE_PREFIX + type, ...fields };
}

/** A protobuf Duration as JSON: "10s", "0.250s". */
export function durationText(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(9))}s`;
}

/** Istio durations ("5s", "1.5s", "100ms", "1m", "1h") in milliseconds; undefined when malformed. */
export function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * scale;
}

/** Re-renders an Istio duration as Envoy renders it ("1m" → "60s"). */
export function envoyDuration(text: unknown): string | undefined {
  const ms = durationMs(text);
  return ms === undefined ? undefined : durationText(ms);
}

/** A protobuf Timestamp as JSON, with milliseconds as Envoy's admin prints them. */
export function timestampText(ms: number): string {
  return new Date(ms).toISOString();
}

export function socketAddress(address: string, port: number): EnvoyJson {
  return { socket_address: { address, port_value: port } };
}

const ADS_CONFIG_SOURCE = shared({ ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' });

/** Where Istio's xDS resources come from: the one ADS stream to istiod (through pilot-agent). */
export function adsConfigSource(): EnvoyJson {
  return ADS_CONFIG_SOURCE;
}

const sdsConfigs = new Map<string, EnvoyJson>();

/** SDS through pilot-agent's unix socket, as Istio configures every secret reference. */
export function sdsSecretConfig(name: string): EnvoyJson {
  let found = sdsConfigs.get(name);
  if (!found) {
    found = shared(sdsSecretConfigOf(name));
    if (sdsConfigs.size < 1_000) sdsConfigs.set(name, found);
  }
  return found;
}

function sdsSecretConfigOf(name: string): EnvoyJson {
  return {
    name,
    sds_config: {
      api_config_source: {
        api_type: 'GRPC',
        transport_api_version: 'V3',
        grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }],
        set_node_on_first_message_only: true,
      },
      initial_fetch_timeout: '0s',
      resource_api_version: 'V3',
    },
  };
}

/** A fraction of requests as Envoy's FractionalPercent; Istio converts percentages to parts per million. */
export function fractionalPercent(percent: number): EnvoyJson {
  return { numerator: Math.round(percent * 10_000), denominator: 'MILLION' };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Marks a fragment that every cluster, route or listener repeats (SDS references, retry policies, access logs) as
 * built once and reused: in a 5,000-service mesh that saves most of a config dump's allocation. Frozen, so that no
 * config can change it for all the others.
 */
export function shared<T extends object>(value: T): T {
  deepFreeze(value);
  return value;
}

function deepFreeze(value: unknown): void {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
}
