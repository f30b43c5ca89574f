import type { KubeObject } from '../store/kube-object.js';
import { ApiError, badRequest } from './api-error.js';

// kubectl's typed clients (`kubectl create namespace|configmap|secret|serviceaccount`) send built-in kinds as
// Kubernetes protobuf: the magic "k8s\0", then a runtime.Unknown envelope {1: TypeMeta{1: apiVersion, 2: kind},
// 2: raw object}. This reads the kinds those commands send, by the field numbers of k8s.io/api's generated.proto;
// any other kind gets a 415 that says to send JSON (kubectl apply -f / create -f do).

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field {
  num: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= buf.length) throw badRequest('truncated protobuf body');
      const byte = buf[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const num = key >> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ num, varint: varint() });
    else if (wire === 2) {
      const length = Number(varint());
      fields.push({ num, bytes: buf.subarray(at, at + length) });
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw badRequest(`unreadable protobuf body (wire type ${wire})`);
  }
  return fields;
}

type Kind = 'string' | 'bool' | 'int' | 'stringMap' | 'bytesMap' | 'strings' | Schema | Repeated;
export interface Schema {
  [num: number]: [name: string, kind: Kind];
}
/** A repeated message field: a list of objects. */
interface Repeated {
  repeated: Schema;
}
const repeated = (schema: Schema): Repeated => ({ repeated: schema });

const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  11: ['labels', 'stringMap'],
  12: ['annotations', 'stringMap'],
  14: ['finalizers', 'strings'],
};

const SCHEMAS: Record<string, Schema> = {
  Namespace: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['finalizers', 'strings'] }] },
  ConfigMap: {
    1: ['metadata', OBJECT_META],
    2: ['data', 'stringMap'],
    3: ['binaryData', 'bytesMap'],
    4: ['immutable', 'bool'],
  },
  Secret: {
    1: ['metadata', OBJECT_META],
    2: ['data', 'bytesMap'],
    3: ['type', 'string'],
    4: ['stringData', 'stringMap'],
    5: ['immutable', 'bool'],
  },
  ServiceAccount: { 1: ['metadata', OBJECT_META], 4: ['automountServiceAccountToken', 'bool'] },
};

// k8s.io/api rbac/v1 generated.proto: what `kubectl create role|clusterrole|rolebinding|clusterrolebinding` send.
const POLICY_RULE: Schema = {
  1: ['verbs', 'strings'],
  2: ['apiGroups', 'strings'],
  3: ['resources', 'strings'],
  4: ['resourceNames', 'strings'],
  5: ['nonResourceURLs', 'strings'],
};
const SUBJECT: Schema = {
  1: ['kind', 'string'],
  2: ['apiGroup', 'string'],
  3: ['name', 'string'],
  4: ['namespace', 'string'],
};
const ROLE_REF: Schema = { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] };
const LABEL_SELECTOR: Schema = {
  1: ['matchLabels', 'stringMap'],
  2: ['matchExpressions', repeated({ 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'strings'] })],
};
const BINDING: Schema = { 1: ['metadata', OBJECT_META], 2: ['subjects', repeated(SUBJECT)], 3: ['roleRef', ROLE_REF] };
const RBAC_SCHEMAS: Record<string, Schema> = {
  Role: { 1: ['metadata', OBJECT_META], 2: ['rules', repeated(POLICY_RULE)] },
  ClusterRole: {
    1: ['metadata', OBJECT_META],
    2: ['rules', repeated(POLICY_RULE)],
    3: ['aggregationRule', { 1: ['clusterRoleSelectors', repeated(LABEL_SELECTOR)] }],
  },
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
};
const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of readFields(buf)) {
    const entry = schema[field.num];
    if (!entry) continue;
    const [name, kind] = entry;
    const text = field.bytes?.toString('utf8') ?? '';
    if (kind === 'string') {
      if (text !== '') out[name] = text;
    } else if (kind === 'bool') out[name] = field.varint === 1n;
    else if (kind === 'int') out[name] = Number(field.varint ?? 0n);
    else if (kind === 'strings') out[name] = [...((out[name] as string[] | undefined) ?? []), text];
    else if (kind === 'stringMap' || kind === 'bytesMap') {
      // A map entry is a message {1: key, 2: value}.
      const pair = readFields(field.bytes ?? Buffer.alloc(0));
      const key = pair.find((f) => f.num === 1)?.bytes?.toString('utf8') ?? '';
      const value = pair.find((f) => f.num === 2)?.bytes ?? Buffer.alloc(0);
      const map = (out[name] as Record<string, string> | undefined) ?? {};
      map[key] = kind === 'bytesMap' ? value.toString('base64') : value.toString('utf8');
      out[name] = map;
    } else if ('repeated' in kind) {
      const item = decodeMessage(field.bytes ?? Buffer.alloc(0), kind.repeated as Schema);
      out[name] = [...((out[name] as unknown[] | undefined) ?? []), item];
    } else {
      out[name] = decodeMessage(field.bytes ?? Buffer.alloc(0), kind);
    }
  }
  return out;
}

/** The runtime.Unknown envelope of a protobuf body: its TypeMeta and its raw object. */
function readEnvelope(body: Buffer): { typeMeta: Record<string, unknown>; raw: Buffer } {
  if (!body.subarray(0, 4).equals(MAGIC)) throw badRequest('the protobuf body lacks the "k8s\\0" prefix');
  const envelope = readFields(body.subarray(4));
  const typeMeta = decodeMessage(envelope.find((f) => f.num === 1)?.bytes ?? Buffer.alloc(0), {
    1: ['apiVersion', 'string'],
    2: ['kind', 'string'],
  });
  return { typeMeta, raw: envelope.find((f) => f.num === 2)?.bytes ?? Buffer.alloc(0) };
}

/** A protobuf body read by `schema`, with the apiVersion and kind of its envelope (for non-stored kinds: reviews). */
export function decodeProtobufAs(body: Buffer, schema: Schema): Record<string, unknown> {
  const { typeMeta, raw } = readEnvelope(body);
  return { ...typeMeta, ...decodeMessage(raw, schema) };
}

/** The object of a Kubernetes protobuf request body, for the kinds kubectl's create commands send. */
export function decodeProtobufObject(body: Buffer): KubeObject {
  const { typeMeta, raw } = readEnvelope(body);
  const kind = String(typeMeta.kind ?? '');
  const apiVersion = String(typeMeta.apiVersion ?? '');
  const schema = apiVersion === 'v1' ? SCHEMAS[kind] : apiVersion === RBAC_API_VERSION ? RBAC_SCHEMAS[kind] : undefined;
  if (!schema) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the mesh in a box reads ${PROTOBUF} bodies only for v1 ${Object.keys(SCHEMAS).join(', ')} and ${RBAC_API_VERSION} ${Object.keys(RBAC_SCHEMAS).join(', ')}; send ${kind || 'this object'} as application/json (kubectl apply -f or kubectl create -f do)`,
    );
  }
  const obj = decodeMessage(raw, schema);
  return { apiVersion, kind, ...obj, metadata: { name: '', ...(obj.metadata as object) } } as KubeObject;
}
