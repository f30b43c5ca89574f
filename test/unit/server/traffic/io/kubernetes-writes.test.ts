// A failed write in the module's words: a 409 is its own error (code conflict), a 422 keeps the API server's field
// causes (its Status object: k8s.io/apimachinery pkg/apis/meta/v1 types.go, StatusDetails.causes), a 403 says to check
// RBAC. Bodies are the API server's as the mesh in a box and a real cluster send them.
import { describe, expect, it } from 'vitest';
import {
  KubernetesConflictError,
  KubernetesWriteError,
  objectPath,
  writeFailure,
} from '../../../../../server/sources/kubernetes-writes.js';

const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' };

describe('writeFailure', () => {
  it('makes a 409 a conflict naming the object and saying to read it again', () => {
    const err = writeFailure(
      'update',
      vs,
      409,
      JSON.stringify({
        kind: 'Status',
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on virtualservices.networking.istio.io "sa-logic": the object has been modified; please apply your changes to the latest version and try again',
      }),
    );
    expect(err).toBeInstanceOf(KubernetesConflictError);
    expect(err).toMatchObject({ status: 409, code: 'conflict' });
    expect(err.message).toMatch(/^VirtualService demo\/sa-logic changed since Sextant read it .*read it again/);
  });

  it('keeps a 422’s field causes', () => {
    const err = writeFailure(
      'create',
      vs,
      422,
      JSON.stringify({
        kind: 'Status',
        reason: 'Invalid',
        message:
          'VirtualService.networking.istio.io "sa-logic" is invalid: spec.http[0].route[0].weight: Invalid value: -1',
        details: {
          causes: [
            { reason: 'FieldValueInvalid', field: 'spec.http[0].route[0].weight', message: 'Invalid value: -1' },
          ],
        },
      }),
    );
    expect(err).toBeInstanceOf(KubernetesWriteError);
    expect((err as KubernetesWriteError).causes).toEqual([
      { field: 'spec.http[0].route[0].weight', message: 'Invalid value: -1' },
    ]);
    expect(err.message).toMatch(/^the API server refused to create VirtualService demo\/sa-logic \(422\): /);
  });

  it('tells a 403 to check RBAC', () => {
    expect(writeFailure('update', vs, 403, '{"message":"forbidden"}').message).toMatch(
      /check the credentials and RBAC/,
    );
  });
});

describe('objectPath', () => {
  it('builds /apis paths for a group and /api for the core group', () => {
    expect(objectPath(vs)).toBe('/apis/networking.istio.io/v1/namespaces/demo/virtualservices/sa-logic');
    expect(objectPath({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'istio-system', name: undefined })).toBe(
      '/api/v1/namespaces/istio-system/configmaps',
    );
  });
});
