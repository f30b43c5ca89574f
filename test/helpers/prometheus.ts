// The real Prometheus for tests: the mesh in a box's starter (Debian's /usr/bin/prometheus on a free loopback port),
// plus a small query helper.
export {
  PROMETHEUS_BIN,
  startRealPrometheus as startPrometheus,
  type RealPrometheus as RunningPrometheus,
} from '@sextant/mesh-in-a-box';
import { instantQuery } from '@sextant/mesh-in-a-box';

/** An instant query against a Prometheus HTTP API; returns the vector. */
export const promQuery = (url: string, query: string, time?: number) => instantQuery(url, query, { time });
