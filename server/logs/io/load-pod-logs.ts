// One page of a pod container's log through the Kubernetes log API, newest first read, paged backwards with
// `before` (see ../page-pod-log.ts for how, with the options the API has). Every read is capped by limitBytes, so a
// log of gigabytes is never loaded whole.
import type { LogLine } from '../../../lib/api/logs.js';
import type { z } from 'zod';
import type { podLogsQuery } from '../../../lib/api/logs.js';
import { InputError, NotFoundError } from '../../errors.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import type { Sources } from '../../sources/sources.js';
import { loadAccessLogParser } from '../../telemetry/io/load-access-log-parser.js';
import { pageBefore, splitLog, timeKey, type TimedLine } from '../page-pod-log.js';

/** The most one read asks for; past it Sextant says so rather than read further. */
export const LOG_LIMIT_BYTES = 16 * 1024 * 1024;
const MAX_TAIL_LINES = 200_000;

const namesOf = (list: unknown) => (Array.isArray(list) ? (list as { name: string }[]).map((c) => c.name) : []);

/** The container asked for, else the application's (the first that is not istio-proxy), as the Logs tab opens. */
export function containerFor(pod: KubeObject, asked: string | undefined): string {
  const containers = namesOf(pod.spec?.['containers']);
  const all = [...containers, ...namesOf(pod.spec?.['initContainers'])];
  if (asked) {
    if (!all.includes(asked))
      throw new NotFoundError(
        `container ${asked} does not exist in pod ${pod.metadata.name}; it has ${all.join(', ') || 'no containers'}`,
      );
    return asked;
  }
  const app = containers.find((c) => c !== 'istio-proxy') ?? containers[0];
  if (!app) throw new NotFoundError(`pod ${pod.metadata.name} has no containers`);
  return app;
}

export async function loadPodLogs(
  sources: Sources,
  ns: string,
  podName: string,
  query: z.output<typeof podLogsQuery>,
  signal?: AbortSignal,
): Promise<{ lines: LogLine[]; more: boolean; container: string }> {
  const pod =
    sources.kubernetes.get('Pod', ns, podName) ?? (await sources.kubernetes.getObject('Pod', ns, podName, { signal }));
  if (!pod) throw new NotFoundError(`pod ${podName} does not exist in namespace ${ns}`);
  const container = containerFor(pod, query.container);
  for (const [name, value] of [
    ['sinceTime', query.sinceTime],
    ['before', query.before],
  ] as const)
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      throw new InputError(`${name}: "${value}" is not an RFC 3339 time such as 2026-01-31T12:00:00Z`);
  const needle = query.filter?.toLowerCase();
  const keep = needle ? (line: TimedLine) => line.text.toLowerCase().includes(needle) : undefined;
  const parser = await loadAccessLogParser(sources, signal);

  // The first read asks for one line more than the page (to know whether older ones exist); paging backwards or
  // filtering reads longer tails, four times longer each round, until the page is found.
  let tail = query.before || keep ? query.tailLines * 4 : query.tailLines + 1;
  const answer = (page: { lines: TimedLine[]; more: boolean }) => ({
    lines: page.lines.map((line): LogLine => {
      const fields = parser.parse(line.text);
      return fields ? { time: line.time, raw: line.text, fields } : { time: line.time, raw: line.text };
    }),
    more: page.more,
    container,
  });
  // A range (sinceTime and before): read forward from its start, which limitBytes keeps (it cuts the answer's end).
  if (query.sinceTime && query.before) {
    const range = { ...query, sinceTime: query.sinceTime, before: query.before };
    return answer(await pageInRange(sources, ns, podName, container, range, keep, signal));
  }

  // The longest tail read whole: a filter that matches rarely answers with what it found there.
  let lastWhole: TimedLine[] | null = null;
  for (;;) {
    const body = await sources.kubernetes.podLog(
      {
        namespace: ns,
        pod: podName,
        container,
        timestamps: true,
        tailLines: tail,
        sinceTime: query.sinceTime ? wholeSecond(query.sinceTime) : undefined,
        limitBytes: LOG_LIMIT_BYTES,
      },
      { signal },
    );
    const cut = Buffer.byteLength(body) >= LOG_LIMIT_BYTES;
    const lines = splitLog(body, cut);
    const complete = !cut && lines.length < tail;
    const page = pageBefore(lines, {
      before: query.before,
      since: query.sinceTime,
      pageSize: query.tailLines,
      keep,
      complete,
    });
    if (page) return answer(page);
    if (!cut) lastWhole = lines;
    // The API cuts an answer at limitBytes from its start (the oldest lines of the tail): the newest are missing.
    if (cut || tail >= MAX_TAIL_LINES) {
      const found =
        lastWhole &&
        pageBefore(lastWhole, {
          before: query.before,
          since: query.sinceTime,
          pageSize: query.tailLines,
          keep,
          complete: true,
        });
      if (found && found.lines.length > 0) return answer({ lines: found.lines, more: true });
      throw new InputError(
        `the lines before ${query.before ?? 'now'} lie further back than Sextant reads at once ` +
          `(${LOG_LIMIT_BYTES / 1024 / 1024} MiB or ${MAX_TAIL_LINES} lines of the log's end); narrow with sinceTime or a shorter filter`,
      );
    }
    tail = Math.min(tail * 4, MAX_TAIL_LINES);
  }
}

async function pageInRange(
  sources: Sources,
  ns: string,
  podName: string,
  container: string,
  query: z.output<typeof podLogsQuery> & { sinceTime: string; before: string },
  keep: ((line: TimedLine) => boolean) | undefined,
  signal: AbortSignal | undefined,
): Promise<{ lines: TimedLine[]; more: boolean }> {
  const body = await sources.kubernetes.podLog(
    {
      namespace: ns,
      pod: podName,
      container,
      timestamps: true,
      sinceTime: wholeSecond(query.sinceTime),
      limitBytes: LOG_LIMIT_BYTES,
    },
    { signal },
  );
  const cut = Buffer.byteLength(body) >= LOG_LIMIT_BYTES;
  const lines = splitLog(body, cut);
  const last = lines[lines.length - 1];
  // Cut before the range's end: the lines just before it were not read.
  if (cut && (!last || timeKey(last.time) < timeKey(query.before)))
    throw new InputError(
      `the log holds more than ${LOG_LIMIT_BYTES / 1024 / 1024} MiB between ${query.sinceTime} and ${query.before}; choose a shorter range`,
    );
  return pageBefore(lines, {
    before: query.before,
    since: query.sinceTime,
    pageSize: query.tailLines,
    keep,
    complete: true,
  })!;
}

/** sinceTime as the API server passes it to the kubelet (metav1.Time: RFC 3339 in whole seconds, rounded down). */
function wholeSecond(time: string): string {
  return `${new Date(Math.floor(Date.parse(time) / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
