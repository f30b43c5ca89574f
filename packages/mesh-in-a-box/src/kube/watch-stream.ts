import type { KubeObject } from '../store/kube-object.js';
import type { StoreEvent } from '../store/object-store.js';
import { ApiError, badRequest, statusBody } from './api-error.js';
import { parseFieldSelector } from './field-selector.js';
import { parseLabelSelector } from './label-selector.js';
import { grOf, includeObjectOf } from './read-objects.js';
import { queryFlag, type RequestContext } from './request-context.js';
import { apiVersionOf, partialObjectMetadata, responseFormOf, servedObject, toTable } from './served-object.js';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

/**
 * A watch as informers use it: newline-delimited {type, object} events after the given resourceVersion (or the
 * current objects as ADDED first when none is given), filtered by namespace and selectors, with periodic BOOKMARKs,
 * until timeoutSeconds, the client leaving, the server closing or faults.dropWatches().
 */
export function handleWatch(ctx: RequestContext): void {
  const { store, url, res, request } = ctx;
  const { type, version, namespace, name } = request;
  const gr = grOf(ctx);
  // Parse everything that can be refused before the 200 goes out: after it, errors can only be ERROR events.
  const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
  const fields = parseFieldSelector(url.searchParams.get('fieldSelector'), type);
  const inScope = (obj: KubeObject) =>
    (namespace === undefined || obj.metadata.namespace === namespace) &&
    (name === undefined || obj.metadata.name === name);
  const matches = (obj: KubeObject) => labels(obj.metadata.labels) && fields(obj);
  const rvParam = url.searchParams.get('resourceVersion') ?? '';
  const sendInitialEvents = queryFlag(url, 'sendInitialEvents');
  const resumeFrom = rvParam === '' || rvParam === '0' || sendInitialEvents ? undefined : Number(rvParam);
  if (resumeFrom !== undefined && (!Number.isInteger(resumeFrom) || resumeFrom < 0))
    throw badRequest(`invalid resource version: ${rvParam}`);
  const allowBookmarks = queryFlag(url, 'allowWatchBookmarks');
  const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? 0);
  const form = responseFormOf(ctx.req.headers.accept);
  const includeObject = includeObjectOf(ctx);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const render = (obj: KubeObject): unknown => {
    if (form === 'table') {
      const listMetadata = { resourceVersion: obj.metadata.resourceVersion };
      return toTable({ objects: [obj], type, version, includeObject, listMetadata, nowMs: Date.now() });
    }
    return form === 'partial' ? partialObjectMetadata(obj) : servedObject(obj, type, version);
  };
  const write = (eventType: EventType, object: unknown) => {
    if (!res.writableEnded && !res.destroyed) res.write(JSON.stringify({ type: eventType, object }) + '\n');
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: type.kind,
      apiVersion: apiVersionOf(type.group, version),
      metadata: { resourceVersion: String(store.resourceVersion), ...(annotations ? { annotations } : {}) },
    });

  // Whether the client has each object, so an object that stops (or starts) matching the selectors is sent as
  // DELETED (or ADDED), as the API server does. Unknown for a resumed watch until the object's first event.
  const visible = new Map<string, boolean>();
  let lastVersion = 0;
  const deliver = (event: StoreEvent) => {
    if (event.gr !== gr || event.resourceVersion <= lastVersion || !inScope(event.object)) return;
    lastVersion = event.resourceVersion;
    const key = keyOf(event.object);
    const before = visible.get(key);
    const now = matches(event.object);
    if (event.type === 'DELETED') {
      if (now || before === true) write('DELETED', render(event.object));
      visible.delete(key);
    } else if (now) {
      write(event.type === 'ADDED' || before === false ? 'ADDED' : 'MODIFIED', render(event.object));
      visible.set(key, true);
    } else {
      if (event.type === 'MODIFIED' && before !== false) write('DELETED', render(event.object));
      visible.set(key, false);
    }
  };

  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let untrack = () => {};
  const cleanup = () => {
    unsubscribe();
    untrack();
    for (const timer of timers) clearTimeout(timer);
    ctx.closing.removeEventListener('abort', finish);
  };
  function finish() {
    cleanup();
    if (!res.writableEnded) res.end();
  }
  const fail = (err: ApiError) => {
    write('ERROR', statusBody(err));
    finish();
  };

  // Subscribing before reading the history in the same tick means no event can fall between the two.
  unsubscribe = ctx.store.subscribe(deliver);
  if (resumeFrom !== undefined) {
    const events = resumeFrom > store.resourceVersion ? 'gone' : store.eventsSince(gr, resumeFrom);
    if (events === 'gone') {
      // Informers relist on 410; a version newer than this store (it restarted) is answered the same way.
      const why = resumeFrom > store.resourceVersion ? 'too large resource version' : 'too old resource version';
      return fail(new ApiError(410, 'Expired', `${why}: ${resumeFrom} (${store.resourceVersion})`));
    }
    lastVersion = resumeFrom;
    for (const event of events) deliver(event);
    lastVersion = Math.max(lastVersion, resumeFrom);
  } else {
    const current = store.list(gr, namespace).filter(inScope);
    current.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    for (const obj of current) {
      const now = matches(obj);
      visible.set(keyOf(obj), now);
      if (now) write('ADDED', render(obj));
    }
    lastVersion = store.resourceVersion;
    if (sendInitialEvents && allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }

  if (allowBookmarks) {
    const tick = () => {
      bookmark();
      timers[0] = setTimeout(tick, ctx.bookmarkIntervalMs);
    };
    timers[0] = setTimeout(tick, ctx.bookmarkIntervalMs);
  }
  if (timeoutSeconds > 0) timers.push(setTimeout(finish, timeoutSeconds * 1000));
  untrack = ctx.faults.trackWatch(() => {
    cleanup();
    res.destroy(); // abrupt, as a dropped connection: no final chunk
  });
  ctx.closing.addEventListener('abort', finish);
  res.on('close', cleanup);
}
