// The console's CSRF token: a custom header that an HTML form cannot send and a cross-site fetch cannot send without a
// CORS preflight (fetch.spec.whatwg.org, "CORS-safelisted request-header": x-sextant-csrf is not one), which the
// console never grants. postJson sends it; every state-changing route requires it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CSRF_HEADER } from '../../../lib/api/csrf.js';
import { postJson } from '../../../lib/api/fetch-json.js';
import { requireCsrfHeader } from '../../../server/csrf-header.js';
import { jsonRoute } from '../../../server/http.js';

const route = jsonRoute({ route: '/api/x', output: z.object({ ok: z.boolean() }) }, (req) => {
  requireCsrfHeader(req);
  return { ok: true };
});
const post = (headers: Record<string, string>) =>
  route(new Request('http://console/api/x', { method: 'POST', headers, body: '{}' }), {
    params: Promise.resolve({}),
  });

afterEach(() => vi.unstubAllGlobals());

describe('the CSRF header', () => {
  it('is required: without it a POST is refused with 403 naming the header', async () => {
    const res = await post({ 'content-type': 'application/json' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'csrf_header', message: expect.stringContaining(`${CSRF_HEADER}: 1`) },
    });
    expect((await post({ [CSRF_HEADER]: '1' })).status).toBe(200);
  });

  it('is sent by postJson', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: true }));
    vi.stubGlobal('fetch', fetch);
    await postJson('/api/x', {}, z.object({ ok: z.boolean() }));
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)[CSRF_HEADER]).toBe('1');
  });
});
