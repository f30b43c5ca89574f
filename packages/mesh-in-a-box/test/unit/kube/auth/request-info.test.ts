// The attributes RBAC judges, read from the URL as k8s.io/apiserver pkg/endpoints/request/requestinfo.go does.
import { describe, expect, it } from 'vitest';
import { requestInfo } from '../../../../src/kube/auth/request-info.js';

const info = (method: string, path: string) => requestInfo(method, new URL(path, 'https://mesh-in-a-box'));

describe('request attributes', () => {
  it('maps methods to verbs: GET of a collection is list, with watch=true watch, DELETE of one is delete', () => {
    expect(info('GET', '/api/v1/namespaces/demo/pods')).toEqual({
      resourceRequest: true,
      verb: 'list',
      group: '',
      resource: 'pods',
      namespace: 'demo',
    });
    expect(info('GET', '/api/v1/namespaces/demo/pods?watch=true')).toMatchObject({ verb: 'watch' });
    expect(info('GET', '/api/v1/namespaces/demo/pods/p')).toMatchObject({ verb: 'get', name: 'p' });
    expect(info('POST', '/api/v1/namespaces/demo/pods')).toMatchObject({ verb: 'create' });
    expect(info('PATCH', '/apis/apps/v1/namespaces/demo/deployments/d')).toMatchObject({
      verb: 'patch',
      group: 'apps',
      resource: 'deployments',
      name: 'd',
    });
    expect(info('DELETE', '/api/v1/namespaces/demo/configmaps/c')).toMatchObject({ verb: 'delete' });
    expect(info('DELETE', '/api/v1/namespaces/demo/configmaps')).toMatchObject({ verb: 'deletecollection' });
  });

  it('reads subresources, the pod proxy with its port and path included', () => {
    expect(info('GET', '/api/v1/namespaces/demo/pods/p/log')).toMatchObject({
      resource: 'pods',
      subresource: 'log',
      name: 'p',
    });
    expect(info('GET', '/api/v1/namespaces/demo/pods/p:15000/proxy/config_dump')).toMatchObject({
      verb: 'get',
      resource: 'pods',
      name: 'p:15000',
      subresource: 'proxy',
    });
    expect(info('POST', '/api/v1/namespaces/demo/serviceaccounts/viewer/token')).toMatchObject({
      verb: 'create',
      resource: 'serviceaccounts',
      subresource: 'token',
      name: 'viewer',
    });
  });

  it('puts a namespace in its own namespace, so a RoleBinding there lets one read it', () => {
    expect(info('GET', '/api/v1/namespaces/demo')).toEqual({
      resourceRequest: true,
      verb: 'get',
      group: '',
      resource: 'namespaces',
      namespace: 'demo',
      name: 'demo',
    });
    expect(info('GET', '/api/v1/namespaces')).toEqual({
      resourceRequest: true,
      verb: 'list',
      group: '',
      resource: 'namespaces',
    });
  });

  it('authorizes a list by metadata.name as a read of that one object', () => {
    expect(info('GET', '/api/v1/namespaces/demo/configmaps?fieldSelector=metadata.name%3Dapp-config')).toMatchObject({
      verb: 'list',
      name: 'app-config',
    });
  });

  it('calls discovery, version, OpenAPI and health non-resource requests with the method as the verb', () => {
    for (const path of [
      '/api',
      '/api/v1',
      '/apis',
      '/apis/apps',
      '/apis/apps/v1',
      '/version',
      '/openapi/v3',
      '/healthz',
    ]) {
      expect(info('GET', path)).toEqual({ resourceRequest: false, verb: 'get', path });
    }
  });
});
