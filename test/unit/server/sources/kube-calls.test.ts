import { describe, expect, it } from 'vitest';
import { requestInfo, requireDeclared, UndeclaredKubeCallError } from '../../../../server/sources/kube-calls.js';

describe('a request as the API server authorizes it', () => {
  it('reads a GET of a collection as list, with ?watch=true as watch, and with a name as get', () => {
    expect(requestInfo('GET', '/api/v1/pods')).toEqual({ url: 'resource', verb: 'list', group: '', resource: 'pods' });
    expect(requestInfo('GET', '/apis/apps/v1/deployments?watch=true&resourceVersion=5')).toMatchObject({
      verb: 'watch',
      group: 'apps',
      resource: 'deployments',
    });
    expect(requestInfo('GET', '/api/v1/namespaces/demo/services/sa-logic')).toEqual({
      url: 'resource',
      verb: 'get',
      group: '',
      resource: 'services',
      namespace: 'demo',
      name: 'sa-logic',
    });
    expect(requestInfo('GET', '/api/v1/configmaps?labelSelector=app%3Dsextant')).toMatchObject({
      verb: 'list',
      resource: 'configmaps',
    });
  });

  it('reads the namespaces collection and a namespace itself as the namespaces resource', () => {
    expect(requestInfo('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', resource: 'namespaces' });
    expect(requestInfo('GET', '/api/v1/namespaces/demo')).toMatchObject({
      verb: 'get',
      resource: 'namespaces',
      name: 'demo',
    });
  });

  it('names subresources: a pod’s log, and its proxy to a port', () => {
    expect(requestInfo('GET', '/api/v1/namespaces/demo/pods/p-1/log?container=istio-proxy')).toMatchObject({
      verb: 'get',
      resource: 'pods/log',
      name: 'p-1',
    });
    expect(requestInfo('GET', '/api/v1/namespaces/demo/pods/p-1:15000/proxy/config_dump')).toMatchObject({
      verb: 'get',
      resource: 'pods/proxy',
      name: 'p-1',
    });
  });

  it('maps POST, PUT, PATCH and DELETE to create, update, patch, delete, and a DELETE of a collection to deletecollection', () => {
    const vs = '/apis/networking.istio.io/v1/namespaces/demo/virtualservices';
    expect(requestInfo('POST', `${vs}?dryRun=All`)).toMatchObject({ verb: 'create', group: 'networking.istio.io' });
    expect(requestInfo('PUT', `${vs}/sa-logic`)).toMatchObject({ verb: 'update', name: 'sa-logic' });
    expect(requestInfo('PATCH', `${vs}/sa-logic`)).toMatchObject({ verb: 'patch' });
    expect(requestInfo('DELETE', `${vs}/sa-logic`)).toMatchObject({ verb: 'delete' });
    expect(requestInfo('DELETE', vs)).toMatchObject({ verb: 'deletecollection' });
  });

  it('tells discovery apart as non-resource URLs', () => {
    expect(requestInfo('GET', '/apis')).toEqual({ url: 'non-resource', path: '/apis' });
    expect(requestInfo('GET', '/apis/networking.istio.io/v1')).toEqual({
      url: 'non-resource',
      path: '/apis/networking.istio.io/v1',
    });
    expect(requestInfo('GET', '/api/v1')).toEqual({ url: 'non-resource', path: '/api/v1' });
  });
});

describe('the declared calls', () => {
  it('let the calls the console makes through', () => {
    expect(() => requireDeclared({ method: 'GET', path: '/api/v1/pods?watch=true' })).not.toThrow();
    expect(() =>
      requireDeclared({ method: 'PUT', path: '/apis/networking.istio.io/v1/namespaces/demo/virtualservices/x' }),
    ).not.toThrow();
    expect(() =>
      requireDeclared({ verb: 'patch', group: 'networking.istio.io', resource: 'virtualservices' }),
    ).not.toThrow();
    expect(() => requireDeclared({ method: 'GET', path: '/apis' })).not.toThrow();
  });

  it('refuse any other, naming it and where to declare it', () => {
    expect(() => requireDeclared({ method: 'GET', path: '/api/v1/namespaces/demo/secrets/token' })).toThrow(
      new UndeclaredKubeCallError(
        'the console made a Kubernetes call it does not declare (get secrets: GET /api/v1/namespaces/demo/secrets/token); add it to server/sources/kube-calls.ts KUBE_CALLS and to the role of deploy/rbac that grants it',
      ),
    );
    expect(() => requireDeclared({ method: 'DELETE', path: '/api/v1/namespaces/demo/pods/p-1' })).toThrow(
      UndeclaredKubeCallError,
    );
    expect(() =>
      requireDeclared({ verb: 'patch', group: 'networking.istio.io', resource: 'destinationrules' }),
    ).toThrow(/patch destinationrules\.networking\.istio\.io/);
  });
});
