import type { KubeObject } from '../store/kube-object.js';
import { ApiError, badRequest } from './api-error.js';
import type { PodLogEntry } from './kube-api-hooks.js';
import { grOf } from './read-objects.js';
import { queryFlag, type RequestContext } from './request-context.js';

const namesOf = (list: unknown) => (Array.isArray(list) ? (list as { name: string }[]).map((c) => c.name) : []);

/** The container a log request means: the one named, else the only one, as the API server resolves it. */
function containerOf(pod: KubeObject, asked: string | null): string {
  const containers = namesOf(pod.spec?.containers);
  const others = [...namesOf(pod.spec?.initContainers), ...namesOf(pod.spec?.ephemeralContainers)];
  const podName = pod.metadata.name;
  if (asked) {
    if (containers.includes(asked) || others.includes(asked)) return asked;
    throw badRequest(`container ${asked} is not valid for pod ${podName}`);
  }
  if (containers.length === 1) return containers[0]!;
  if (containers.length === 0) throw badRequest(`pod ${podName} has no containers`);
  const init = namesOf(pod.spec?.initContainers);
  throw badRequest(
    `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]` +
      (init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : ''),
  );
}

const nonNegativeInt = (url: URL, name: string): number | undefined => {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw badRequest(`${name}: Invalid value: "${raw}": must be a non-negative integer`);
  return value;
};

/** The kubelet's timestamp prefix: RFC 3339 with nanoseconds always nine digits wide. */
export function kubeletTimestamp(timeMs: number): string {
  const iso = new Date(timeMs).toISOString(); // 2025-01-30T12:10:13.682Z
  return `${iso.slice(0, 23)}000000Z`;
}

/**
 * GET pods/{name}/log: container, sinceTime, sinceSeconds, tailLines, timestamps, limitBytes and follow applied
 * here to what hooks.podLogs returns, so every log source behaves like the kubelet.
 */
export function handlePodLogs(ctx: RequestContext): void {
  const { url, res } = ctx;
  const pod = ctx.store.require(grOf(ctx), ctx.request.namespace, ctx.request.name!);
  const container = containerOf(pod, url.searchParams.get('container'));
  if (queryFlag(url, 'previous')) {
    throw badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
  }
  const tailLines = nonNegativeInt(url, 'tailLines');
  const sinceSeconds = nonNegativeInt(url, 'sinceSeconds');
  const limitBytes = nonNegativeInt(url, 'limitBytes');
  const sinceTimeText = url.searchParams.get('sinceTime');
  const sinceTimeMs = sinceTimeText ? Date.parse(sinceTimeText) : undefined;
  if (sinceTimeMs !== undefined && Number.isNaN(sinceTimeMs))
    throw badRequest(`sinceTime: Invalid value: "${sinceTimeText}": must be RFC 3339`);
  if (sinceSeconds !== undefined && sinceTimeMs !== undefined)
    throw badRequest('at most one of sinceTime or sinceSeconds may be specified');
  const timestamps = queryFlag(url, 'timestamps');
  const follow = queryFlag(url, 'follow');
  if (!ctx.hooks.podLogs)
    throw new ApiError(
      503,
      'ServiceUnavailable',
      `no kubelet serves logs for pod ${pod.metadata.name} in the mesh in a box`,
    );
  const source = ctx.hooks.podLogs({ namespace: ctx.request.namespace!, pod, container });

  const fromMs = sinceTimeMs ?? (sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : -Infinity);
  let entries = source.entries.filter((e) => e.timeMs >= fromMs);
  if (tailLines !== undefined) entries = tailLines === 0 ? [] : entries.slice(-tailLines);

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  let bytesLeft = limitBytes ?? Infinity;
  let stop = () => {};
  const write = (entry: PodLogEntry): boolean => {
    const line = entry.line.endsWith('\n') ? entry.line : `${entry.line}\n`;
    let chunk = Buffer.from(timestamps ? `${kubeletTimestamp(entry.timeMs)} ${line}` : line);
    if (chunk.length > bytesLeft) chunk = chunk.subarray(0, bytesLeft);
    bytesLeft -= chunk.length;
    if (chunk.length > 0 && !res.writableEnded) res.write(chunk);
    return bytesLeft > 0;
  };
  for (const entry of entries) if (!write(entry)) break;
  if (!follow || bytesLeft <= 0 || !source.subscribe) {
    res.end();
    return;
  }
  const finish = () => {
    stop();
    ctx.closing.removeEventListener('abort', finish);
    if (!res.writableEnded) res.end();
  };
  stop = source.subscribe((entry) => {
    if (!write(entry)) finish();
  });
  ctx.closing.addEventListener('abort', finish);
  res.on('close', finish);
}
