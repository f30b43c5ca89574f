import { describe, expect, it } from 'vitest';
import { base64ErrorOffset, configMapCauses, configMapDecodeError } from '../../../src/kube/configmap-rules.js';
import type { KubeObject } from '../../../src/store/kube-object.js';

// pkg/apis/core/validation ValidateConfigMap / ValidateConfigMapUpdate and apimachinery IsConfigMapKey.
const configMap = (fields: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'demo' },
  ...fields,
});
const fieldsOf = (obj: KubeObject, existing?: KubeObject) =>
  configMapCauses(obj, existing).map((c) => `${c.field}: ${c.message}`);

describe('ConfigMap keys', () => {
  it('accepts letters, digits, dash, underscore and dot', () => {
    expect(fieldsOf(configMap({ data: { 'app.properties': 'a', KEY_NAME: 'b', 'key-name': 'c' } }))).toEqual([]);
  });

  it('refuses other characters with the regex message', () => {
    expect(fieldsOf(configMap({ data: { 'bad key': 'a' } }))).toEqual([
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });

  it("refuses '.', '..' and keys starting with '..', and keys over 253 characters", () => {
    const long = 'k'.repeat(254);
    expect(fieldsOf(configMap({ binaryData: { '.': '', '..': '', '..x': '', [long]: '' } }))).toEqual([
      `binaryData[.]: Invalid value: ".": must not be '.'`,
      `binaryData[..]: Invalid value: "..": must not be '..'`,
      `binaryData[..x]: Invalid value: "..x": must not start with '..'`,
      `binaryData[${long}]: Invalid value: "${long}": must be no more than 253 characters`,
    ]);
  });

  it('refuses a key present in both data and binaryData', () => {
    expect(fieldsOf(configMap({ data: { a: 'x' }, binaryData: { a: 'eA==' } }))).toEqual([
      'data[a]: Invalid value: "a": duplicate of key present in binaryData',
    ]);
  });
});

describe('ConfigMap size', () => {
  it('counts data bytes and decoded binaryData bytes against 1 MiB', () => {
    const half = 'x'.repeat(512 * 1024);
    expect(fieldsOf(configMap({ data: { a: half, b: half } }))).toEqual([]);
    const oneByte = Buffer.from('!').toString('base64');
    expect(fieldsOf(configMap({ data: { a: half, b: half }, binaryData: { c: oneByte } }))).toEqual([
      '[]: Too long: may not be more than 1048576 bytes',
    ]);
  });
});

describe('immutable ConfigMaps', () => {
  const frozen = configMap({ data: { a: '1' }, immutable: true });

  it('refuse changed data or binaryData, and unsetting immutable', () => {
    expect(fieldsOf(configMap({ data: { a: '2' } }), frozen)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(fieldsOf(configMap({ data: { a: '1' }, binaryData: { b: 'eA==' }, immutable: true }), frozen)).toEqual([
      'binaryData: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('accept an update that keeps them', () => {
    expect(fieldsOf(configMap({ data: { a: '1' }, immutable: true }), frozen)).toEqual([]);
  });

  it('may be made immutable by an update', () => {
    expect(fieldsOf(configMap({ data: { a: '2' }, immutable: true }), configMap({ data: { a: '1' } }))).toEqual([]);
  });
});

describe('ConfigMap decoding', () => {
  it('names the Go type a wrong value does not fit', () => {
    expect(configMapDecodeError(configMap({ data: { a: true } }))).toBe(
      'json: cannot unmarshal bool into Go struct field ConfigMap.data of type string',
    );
    expect(configMapDecodeError(configMap({ data: ['a'] }))).toBe(
      'json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string',
    );
    expect(configMapDecodeError(configMap({ immutable: 'yes' }))).toBe(
      'json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool',
    );
    expect(configMapDecodeError(configMap({ data: { a: '1' }, binaryData: { b: 'eA==' } }))).toBeUndefined();
  });

  // encoding/base64 StdEncoding.Decode: a bad character at its offset, a short final quantum at its start.
  it('finds where base64 decoding stops, as Go reports it', () => {
    expect(base64ErrorOffset('aGVsbG8=')).toBeUndefined();
    expect(base64ErrorOffset('aGk=')).toBeUndefined();
    expect(base64ErrorOffset('aGVs*G8=')).toBe(4);
    expect(base64ErrorOffset('aGVsbG8')).toBe(4);
    expect(base64ErrorOffset('a===')).toBe(1);
  });
});
