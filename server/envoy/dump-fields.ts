// Reading a config_dump whichever way its field names are spelled. Envoy's own /config_dump writes proto field names
// (snake_case: dynamic_active_clusters); istioctl and other Go tools re-encode it with jsonpb, which writes lowerCamel
// (dynamicActiveClusters), as the real sample in ../shared/fixtures/wire/envoy-config-dump.json is. Both are the same
// proto (protobuf's JSON mapping accepts either on input), so the parsers read a field under either name.

export type Json = Record<string, unknown>;

const camelCache = new Map<string, string>();

function camel(snake: string): string {
  let c = camelCache.get(snake);
  if (c === undefined) {
    c = snake.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
    camelCache.set(snake, c);
  }
  return c;
}

/** The field `snake` of an object (or its lowerCamel spelling); undefined when absent or not an object. */
export function field(obj: unknown, snake: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Json;
  const v = o[snake];
  return v !== undefined ? v : o[camel(snake)];
}

export function obj(obj: unknown, snake: string): Json | undefined {
  const v = field(obj, snake);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

export function arr(obj: unknown, snake: string): unknown[] {
  const v = field(obj, snake);
  return Array.isArray(v) ? v : [];
}

export function str(obj: unknown, snake: string): string | undefined {
  const v = field(obj, snake);
  return typeof v === 'string' ? v : undefined;
}

/** Protobuf's JSON writes 64-bit integers as strings ("5") and 32-bit ones as numbers; both read as a number. */
export function num(obj: unknown, snake: string): number | undefined {
  const v = field(obj, snake);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A wrapped value (google.protobuf.UInt32Value) is written bare in JSON; some writers keep `{ value }`. */
export function wrapped(obj: unknown, snake: string): number | undefined {
  const v = field(obj, snake);
  if (v !== null && typeof v === 'object') return num(v, 'value');
  return num(obj, snake);
}

/** The config of one kind in a dump: its `@type` ends with `.${kind}` (e.g. ClustersConfigDump). */
export function section(dump: { configs?: unknown }, kind: string): Json | undefined {
  const configs = Array.isArray(dump.configs) ? dump.configs : [];
  for (const c of configs) {
    const type = (c as Json)['@type'];
    if (typeof type === 'string' && type.endsWith(`.${kind}`)) return c as Json;
  }
  return undefined;
}
