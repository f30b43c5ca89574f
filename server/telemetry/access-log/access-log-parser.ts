// Reads Envoy access-log lines as Istio writes them: the default TEXT format, the JSON encoding, or the mesh's own
// accessLogFormat (a `%…%` string for TEXT, a JSON object of key → command for JSON). A line that fits none is not
// an access-log line (an app's own output, a cut or garbled line): the parser answers null and the caller keeps it raw.
import type { AccessLogFields } from '../../../lib/api/logs.js';
import { responseFlags } from '../../../lib/response-flags.js';
import { compileFormat, tokenizeFormat, type CompiledFormat, type FormatCommand } from './compile-format.js';
import { ISTIO_JSON_FORMAT, ISTIO_TEXT_FORMAT, ISTIO_TEXT_FORMAT_WITHOUT_TIME } from './istio-formats.js';

export interface AccessLogFormatConfig {
  /** MeshConfig accessLogEncoding. */
  encoding: 'TEXT' | 'JSON';
  /** MeshConfig accessLogFormat; empty or absent: Istio's default for the encoding. */
  format?: string | null;
}

export interface AccessLogParser {
  parse(line: string): AccessLogFields | null;
  /**
   * The TEXT formats parse tries, in its order, compiled: a reader that needs only a few fields reads their values
   * by position (log-fact-reader.ts) rather than filling every field. Absent on a parser that has none to offer.
   */
  readonly textFormats?: readonly CompiledFormat[];
}

export type Field = Exclude<keyof AccessLogFields, 'all'>;

/** Which field of AccessLogFields a command fills, if any (header names are case-insensitive in Envoy). */
export function fieldOf(command: FormatCommand): Field | null {
  const arg = command.arg?.toUpperCase() ?? '';
  switch (command.name) {
    case 'START_TIME':
      return 'startTime';
    case 'PROTOCOL':
      return 'protocol';
    case 'RESPONSE_CODE':
      return 'responseCode';
    case 'RESPONSE_FLAGS':
    case 'RESPONSE_FLAGS_LONG':
      return 'responseFlags';
    case 'DURATION':
      return 'durationMs';
    case 'UPSTREAM_CLUSTER':
    case 'UPSTREAM_CLUSTER_RAW':
      return 'upstreamCluster';
    case 'UPSTREAM_HOST':
    case 'UPSTREAM_REMOTE_ADDRESS':
      return 'upstreamHost';
    case 'TRACE_ID':
      return 'traceId';
    case 'REQ': {
      const names = arg.split('?');
      if (names.includes(':METHOD')) return 'method';
      if (names.includes(':PATH') || names.includes('X-ENVOY-ORIGINAL-PATH')) return 'path';
      if (names.includes('X-REQUEST-ID')) return 'requestId';
      if (names.includes(':AUTHORITY') || names.includes('HOST')) return 'authority';
      if (names.some((n) => n === 'TRACEPARENT' || n === 'X-B3-TRACEID' || n === 'UBER-TRACE-ID')) return 'traceId';
      return null;
    }
    default:
      return null;
  }
}

const absent = (value: string) => value === '-' || value === '' || value === 'null';

function numberOf(value: string): number | null {
  if (absent(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The trace id inside a traceparent (00-<32 hex>-<16 hex>-<flags>), a Jaeger uber-trace-id, or a bare B3 id. */
function traceIdOf(value: string): string | null {
  if (absent(value)) return null;
  const w3c = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i.exec(value);
  if (w3c) return w3c[1]!.toLowerCase();
  const id = value.split(':')[0]!;
  return /^[0-9a-f]{1,32}$/i.test(id) ? id.toLowerCase() : null;
}

/** START_TIME as ISO 8601 when it can be read as a time (`%s` gives epoch seconds); otherwise as written. */
function startTimeOf(value: string, command: FormatCommand): string | null {
  if (absent(value)) return null;
  if (command.arg && /^\d+(\.\d+)?$/.test(value) && command.arg.startsWith('%s'))
    return new Date(Number(value) * 1000).toISOString();
  return value;
}

function emptyFields(): AccessLogFields {
  return {
    startTime: null,
    method: null,
    path: null,
    protocol: null,
    responseCode: null,
    responseFlags: [],
    durationMs: null,
    upstreamCluster: null,
    upstreamHost: null,
    requestId: null,
    traceId: null,
    authority: null,
    all: {},
  };
}

// A command's field, found once per format rather than once per line.
const fieldCache = new WeakMap<FormatCommand, Field | null>();

function fill(fields: AccessLogFields, command: FormatCommand, value: string): void {
  let field = fieldCache.get(command);
  if (field === undefined) fieldCache.set(command, (field = fieldOf(command)));
  if (field === null) return;
  switch (field) {
    case 'responseCode':
    case 'durationMs':
      fields[field] = numberOf(value);
      return;
    case 'responseFlags':
      fields.responseFlags = responseFlags(value).map((f) => f.code);
      return;
    case 'traceId':
      fields.traceId = traceIdOf(value);
      return;
    case 'startTime':
      fields.startTime = startTimeOf(value, command);
      return;
    default:
      fields[field] = absent(value) ? null : value;
  }
}

function textReader({ read, commands }: CompiledFormat): (line: string) => AccessLogFields | null {
  return (line) => {
    const values = read(line);
    if (!values) return null;
    const fields = emptyFields();
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i]!;
      const value = values[i]!;
      fields.all[command.key] = value;
      fill(fields, command, value);
    }
    return fields;
  };
}

function jsonReader(keys: Readonly<Record<string, string>>): (line: string) => AccessLogFields | null {
  // Each key's command; a value that is not one command (literal text around it) still lands in `all`.
  const commands = new Map<string, FormatCommand>();
  for (const [key, format] of Object.entries(keys)) {
    const parts = tokenizeFormat(format);
    const only = parts[0];
    if (parts.length === 1 && only && 'command' in only) commands.set(key, only.command);
  }
  return (line) => {
    let object: unknown;
    try {
      object = JSON.parse(line);
    } catch {
      return null; // cut or garbled
    }
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return null;
    const fields = emptyFields();
    let known = 0;
    for (const [key, raw] of Object.entries(object as Record<string, unknown>)) {
      // Typed JSON writes numbers as numbers and an absent value as null (shown as "-", as the TEXT format does).
      const value = raw === null || raw === undefined ? '-' : typeof raw === 'string' ? raw : JSON.stringify(raw);
      fields.all[key] = value;
      const command = commands.get(key);
      if (command) {
        known++;
        fill(fields, command, value);
      }
    }
    // An application's own JSON line is not an access-log line: it names none of the format's keys.
    return known > 0 ? fields : null;
  };
}

/** A format string for JSON (Istio's accessLogFormat with the JSON encoding) as its key → command object. */
function jsonKeys(format: string | null | undefined): Readonly<Record<string, string>> | null {
  if (!format?.trim()) return null;
  try {
    const object = JSON.parse(format) as unknown;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return null;
    return Object.fromEntries(
      Object.entries(object as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return null;
  }
}

/**
 * A parser for the mesh's configuration, compiled once. It tries the configured format first, then Istio's defaults
 * (a mesh whose config changed still has older lines in its logs), JSON only for lines that start with `{`.
 */
export function createAccessLogParser(config: AccessLogFormatConfig = { encoding: 'TEXT' }): AccessLogParser {
  const custom = config.format?.trim() ? config.format : null;
  const json: ((line: string) => AccessLogFields | null)[] = [];
  const text: ((line: string) => AccessLogFields | null)[] = [];
  const customJson = config.encoding === 'JSON' ? jsonKeys(custom) : null;
  if (customJson) json.push(jsonReader(customJson));
  const textFormats = [
    ...(custom && !customJson ? [custom] : []),
    ISTIO_TEXT_FORMAT,
    ISTIO_TEXT_FORMAT_WITHOUT_TIME,
  ].map(compileFormat);
  json.push(jsonReader(ISTIO_JSON_FORMAT));
  text.push(...textFormats.map(textReader));
  return {
    textFormats,
    parse(line) {
      const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
      const readers = trimmed.startsWith('{') ? json : text;
      for (const reader of readers) {
        const fields = reader(trimmed);
        if (fields) return fields;
      }
      return null;
    },
  };
}

/**
 * Splits the RFC 3339 timestamp the Kubernetes log API puts before each line with `timestamps=true`
 * (`2025-01-30T12:10:13.682034460Z <line>`); a line without one has time null.
 */
export function splitKubeletTimestamp(line: string): { time: string | null; text: string } {
  const space = line.indexOf(' ');
  if (space >= 20 && space <= 40 && line.charCodeAt(4) === 45 /* - */ && line.charCodeAt(10) === 84 /* T */)
    return { time: line.slice(0, space), text: line.slice(space + 1) };
  return { time: null, text: line };
}
