import type { KubeObject } from '../store/kube-object.js';
import type { StatusCause } from './api-error.js';
import { isJsonObject, jsonEqual } from './json-value.js';

// ConfigMap rules as kube-apiserver applies them (pkg/apis/core/validation ValidateConfigMap and
// ValidateConfigMapUpdate, apimachinery validation.IsConfigMapKey), with their messages.

const KEY = /^[-._a-zA-Z0-9]+$/;
const KEY_MAX_LENGTH = 253;
/** core.MaxSecretSize: data and binaryData together, in bytes. */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

const jsonKind = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'object'
        ? 'object'
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value;

/** Where Go's base64 decoder (StdEncoding, padded) stops on `text`, or undefined when it is valid base64. */
export function base64ErrorOffset(text: string): number | undefined {
  const alphabet = /[A-Za-z0-9+/]/;
  for (let start = 0; start < text.length; start += 4) {
    const quantum = text.slice(start, start + 4);
    for (let i = 0; i < quantum.length; i++) {
      const ch = quantum[i]!;
      if (ch === '=') {
        // Padding only in the last two places of the final quantum, and only "=" after it.
        const last = start + 4 >= text.length;
        if (!last || i < 2 || quantum.slice(i) !== '='.repeat(4 - i)) return start + i;
        return undefined;
      }
      if (!alphabet.test(ch)) return start + i;
    }
    if (quantum.length < 4) return start; // a short final quantum without padding
  }
  return undefined;
}

/**
 * The decoder's refusal of a ConfigMap whose fields have the wrong JSON type (data values must be strings,
 * binaryData values base64), as encoding/json words it; undefined when it decodes.
 */
export function configMapDecodeError(obj: KubeObject): string | undefined {
  const field = (name: string, goType: string, value: unknown) =>
    `json: cannot unmarshal ${jsonKind(value)} into Go struct field ConfigMap.${name} of type ${goType}`;
  for (const name of ['data', 'binaryData'] as const) {
    const map = obj[name];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map)) return field(name, name === 'data' ? 'map[string]string' : 'map[string][]uint8', map);
    for (const value of Object.values(map)) {
      if (value === null) continue; // null decodes to the zero value
      if (typeof value !== 'string') return field(name, name === 'data' ? 'string' : '[]uint8', value);
      if (name === 'binaryData') {
        const at = base64ErrorOffset(value);
        if (at !== undefined) return `illegal base64 data at input byte ${at}`;
      }
    }
  }
  const immutable = obj.immutable;
  if (immutable !== undefined && immutable !== null && typeof immutable !== 'boolean')
    return field('immutable', 'bool', immutable);
  return undefined;
}

function keyProblems(key: string): string[] {
  const out: string[] = [];
  if (key.length > KEY_MAX_LENGTH) out.push(`must be no more than ${KEY_MAX_LENGTH} characters`);
  if (!KEY.test(key)) {
    out.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  }
  if (key === '.') out.push("must not be '.'");
  else if (key === '..') out.push("must not be '..'");
  else if (key.startsWith('..')) out.push("must not start with '..'");
  return out;
}

const stringMap = (value: unknown): Record<string, string> =>
  isJsonObject(value) ? (value as Record<string, string>) : {};

const forbidden = (field: string): StatusCause => ({
  reason: 'FieldValueForbidden',
  field,
  message: 'Forbidden: field is immutable when `immutable` is set',
});

/** The 422 causes for a ConfigMap about to be stored (`existing` on update), in the API server's order. */
export function configMapCauses(obj: KubeObject, existing: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  if (existing?.immutable === true) {
    if (obj.immutable !== true) causes.push(forbidden('immutable'));
    if (!jsonEqual(obj.data ?? {}, existing.data ?? {})) causes.push(forbidden('data'));
    if (!jsonEqual(obj.binaryData ?? {}, existing.binaryData ?? {})) causes.push(forbidden('binaryData'));
  }
  const data = stringMap(obj.data);
  const binaryData = stringMap(obj.binaryData);
  let totalBytes = 0;
  const invalidKey = (bag: string, key: string, message: string): StatusCause => ({
    reason: 'FieldValueInvalid',
    field: `${bag}[${key}]`,
    message: `Invalid value: ${JSON.stringify(key)}: ${message}`,
  });
  for (const [key, value] of Object.entries(data)) {
    for (const problem of keyProblems(key)) causes.push(invalidKey('data', key, problem));
    if (Object.hasOwn(binaryData, key)) causes.push(invalidKey('data', key, 'duplicate of key present in binaryData'));
    totalBytes += Buffer.byteLength(String(value ?? ''), 'utf8');
  }
  for (const [key, value] of Object.entries(binaryData)) {
    for (const problem of keyProblems(key)) causes.push(invalidKey('binaryData', key, problem));
    totalBytes += Buffer.byteLength(String(value ?? ''), 'base64');
  }
  if (totalBytes > CONFIG_MAP_MAX_BYTES) {
    // The size is checked on the whole object, so the field path is the root's, which prints as "[]".
    causes.push({
      reason: 'FieldValueTooLong',
      field: '[]',
      message: `Too long: may not be more than ${CONFIG_MAP_MAX_BYTES} bytes`,
    });
  }
  return causes;
}
