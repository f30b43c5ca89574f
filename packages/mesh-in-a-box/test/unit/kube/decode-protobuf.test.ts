import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/kube/api-error.js';
import { decodeProtobufObject } from '../../../src/kube/decode-protobuf.js';

// What `kubectl create configmap cfg --from-literal=a=b` (kubectl 1.32) sent, byte for byte.
const CONFIGMAP_FROM_KUBECTL =
  '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a0363666712001a0022002a00320038004200120' +
  '60a0161120162' +
  '1a002200';

describe('decodeProtobufObject', () => {
  it('reads the ConfigMap kubectl create sends', () => {
    const obj = decodeProtobufObject(Buffer.from(CONFIGMAP_FROM_KUBECTL, 'hex'));
    expect(obj).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } });
  });

  it('answers 415 for a kind it cannot read', () => {
    const deployment = Buffer.concat([
      Buffer.from('6b387300', 'hex'),
      Buffer.from([0x0a, 0x15, 0x0a, 0x07, ...Buffer.from('apps/v1'), 0x12, 0x0a, ...Buffer.from('Deployment')]),
    ]);
    let code: number | undefined;
    try {
      decodeProtobufObject(deployment);
    } catch (err) {
      code = (err as ApiError).code;
    }
    expect(code).toBe(415);
  });
});
