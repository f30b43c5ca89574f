// The logs routes refuse bad input before they look anything up (the sources are never built): a trace id that is
// not hex, a page size out of bounds, each with a message naming what to change.
import { describe, expect, it } from 'vitest';
import * as podLogs from '../../../../app/api/namespaces/[ns]/pods/[pod]/logs/route.js';
import * as traceLogs from '../../../../app/api/traces/[traceId]/logs/route.js';

const context = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

describe('the logs routes on bad input', () => {
  it('answers a trace id that is not hex with 400, saying what a trace id is', async () => {
    const res = await traceLogs.GET(
      new Request('http://sextant.test/api/traces/not-a-trace/logs'),
      context({ traceId: 'not-a-trace' }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/trace id is 1 to 32 hexadecimal digits/);
  });

  it.each(['tailLines=0', 'tailLines=100000', 'tailLines=ten'])('answers %s with 400 naming tailLines', async (q) => {
    const res = await podLogs.GET(
      new Request(`http://sextant.test/api/namespaces/demo/pods/sa-logic-1/logs?${q}`),
      context({ ns: 'demo', pod: 'sa-logic-1' }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/tailLines/);
  });
});
