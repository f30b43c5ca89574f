import { readyzRoute } from '../../lib/api/readyz.js';
import { jsonRoute } from '../../server/http.js';
import { readyzOf, readyzStatus, unstartable } from '../../server/probes.js';
import { sourcesNow } from '../../server/sources/sources.js';
import { ensureCanaryRunner } from '../../server/traffic/canary/io/canary-runner.js';

export const dynamic = 'force-dynamic';

// The readiness probe is the first call a started console gets: it starts the canary runner, so that a restarted
// replica resumes the runs in the cluster without waiting for someone to open a page.
export const GET = jsonRoute({ ...readyzRoute, status: readyzStatus }, () => {
  void ensureCanaryRunner().catch(() => undefined);
  return sourcesNow().then(readyzOf, unstartable);
});
