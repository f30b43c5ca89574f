// How Envoy's admin treats the request method and body, from envoyproxy/envoy:
// - source/server/admin/admin.cc, AdminImpl::makeRequest: a handler registered as mutating server state answers any
//   method but POST with 405 and the text "Method <method> not allowed, POST required."; other handlers answer any method.
// - source/server/admin/admin_filter.cc, AdminFilter::queryParams: parameters come from the query, or when it has
//   none from a body whose Content-Type is exactly application/x-www-form-urlencoded.
// - source/server/admin/runtime_handler.cc, handlerRuntimeModify: no parameters is a 400 with a usage text.
import { describe, expect, it } from 'vitest';
import { envoyAdmin } from '../../../src/envoy/index.js';
import { NOW_MS, STARTED_AT_MS } from './admin-call.js';
import { sentimentMesh } from './sentiment-mesh.js';

const FORM = 'application/x-www-form-urlencoded';

function call(path: string, request: { method?: string; body?: string; contentType?: string } = {}) {
  const mesh = sentimentMesh();
  return envoyAdmin({
    store: mesh.store,
    pod: mesh.webapp,
    path,
    startedAtMs: STARTED_AT_MS,
    nowMs: NOW_MS,
    ...request,
  });
}

describe('the Envoy admin by method', () => {
  it('names the method it refuses on a state-changing path', () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD']) {
      expect(call('/drain_listeners', { method })).toMatchObject({
        status: 405,
        body: `Method ${method} not allowed, POST required.`,
      });
    }
  });

  it('answers /runtime_modify without parameters with 400 and the usage, as Envoy does', () => {
    const answer = call('/runtime_modify', { method: 'POST' });
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(
      'usage: /runtime_modify?key1=value1&key2=value2&keyN=valueN\n' +
        '       or send the parameters as form values\n' +
        'use an empty value to remove a previously added override',
    );
  });

  it('reads the parameters of a POST from a form body when the query has none', () => {
    expect(call('/runtime_modify', { method: 'POST', body: 'a=1', contentType: FORM })).toMatchObject({
      status: 200,
      body: 'OK\n',
    });
    expect(call('/runtime_modify?a=1', { method: 'POST' }).status).toBe(200);
  });

  it('ignores a body that is not exactly a form, as Envoy compares the whole Content-Type', () => {
    expect(call('/runtime_modify', { method: 'POST', body: 'a=1', contentType: `${FORM}; charset=UTF-8` }).status).toBe(
      400,
    );
    expect(call('/runtime_modify', { method: 'POST', body: '{"a":"1"}', contentType: 'application/json' }).status).toBe(
      400,
    );
  });

  it('answers a read-only path to POST as to GET', () => {
    expect(call('/ready', { method: 'POST' })).toMatchObject({ status: 200, body: 'LIVE\n' });
  });
});
