// One sidecar's access log since a time, as every view that reads Envoy's lines needs it: pods/log of the
// istio-proxy container with the kubelet's timestamps, from a time the API server takes in whole seconds
// (PodLogOptions.sinceTime is an RFC 3339 time passed on to the kubelet without its fraction), bounded by limitBytes
// (and tailLines where given), the cut last line dropped. A pod gone meanwhile (404) has nothing to say: null.
import { NotFoundError } from '../../errors.js';
import type { Sources } from '../../sources/sources.js';
import { splitLog, type TimedLine } from '../page-pod-log.js';

export const PROXY_CONTAINER = 'istio-proxy';

export interface ProxyLogRead {
  namespace: string;
  pod: string;
  /** Lines written at or after this time (ms), rounded down to its second. */
  sinceMs: number;
  limitBytes: number;
  tailLines?: number;
  timeoutMs?: number;
}

/** `sinceTime` as the API server reads it: the second the time falls in. */
export const sinceTimeOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export async function readProxyLog(
  sources: Pick<Sources, 'kubernetes'>,
  read: ProxyLogRead,
  signal?: AbortSignal,
): Promise<TimedLine[] | null> {
  let body: string;
  try {
    body = await sources.kubernetes.podLog(
      {
        namespace: read.namespace,
        pod: read.pod,
        container: PROXY_CONTAINER,
        timestamps: true,
        sinceTime: sinceTimeOf(read.sinceMs),
        tailLines: read.tailLines,
        limitBytes: read.limitBytes,
      },
      { signal, timeoutMs: read.timeoutMs },
    );
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
  return splitLog(body, Buffer.byteLength(body) >= read.limitBytes);
}
