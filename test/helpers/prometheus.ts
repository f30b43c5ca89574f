// The real Prometheus for tests: the mesh in a box's starter (Debian's /usr/bin/prometheus on a free loopback port),
// plus a small query helper.
export {
  PROMETHEUS_BIN,
  startRealPrometheus as startPrometheus,
  type RealPrometheus as RunningPrometheus,
} from '@sextant/mesh-in-a-box';

/** An instant query against a Prometheus HTTP API; returns the vector. */
export async function promQuery(
  url: string,
  query: string,
  time?: number,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const params = new URLSearchParams({ query });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${url}/api/v1/query?${params}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  return body.data.result;
}
