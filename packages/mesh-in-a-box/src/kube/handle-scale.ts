import type { KubeObject } from '../store/kube-object.js';
import { badRequest, methodNotSupported } from './api-error.js';
import { mediaTypeOf, parseBody, readBody, sendJson } from './http-io.js';
import { cloneJson, isJsonObject, type JsonObject } from './json-value.js';
import { JSON_PATCH, MERGE_PATCH, patchedObject, STRATEGIC_MERGE_PATCH } from './patch-object.js';
import { grOf } from './read-objects.js';
import type { RequestContext } from './request-context.js';
import { replaceObject } from './write-objects.js';

/** The autoscaling/v1 Scale view of a workload, as `kubectl scale` reads and writes it. */
function scaleOf(obj: KubeObject): JsonObject {
  const matchLabels = (obj.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace ?? '',
      uid: m.uid ?? '',
      resourceVersion: m.resourceVersion ?? '',
      creationTimestamp: m.creationTimestamp ?? null,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

export async function handleScale(ctx: RequestContext, verb: string): Promise<void> {
  const { namespace, name, type } = ctx.request;
  const existing = ctx.store.require(grOf(ctx), namespace, name!);
  const current = scaleOf(existing);
  if (verb === 'get') return sendJson(ctx.res, 200, current);
  if (verb !== 'update' && verb !== 'patch') throw methodNotSupported(ctx.req.method ?? '', `${type.resource}/scale`);
  const body = await readBody(ctx.req);
  const mediaType = mediaTypeOf(ctx.req.headers['content-type']);
  let wanted: JsonObject;
  if (verb === 'update') {
    const parsed = parseBody(body, mediaType);
    if (!isJsonObject(parsed)) throw badRequest('a Scale must be an object');
    wanted = parsed;
  } else {
    if (![JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH].includes(mediaType))
      throw badRequest(`unsupported patch type for scale: ${mediaType}`);
    wanted = patchedObject(cloneJson(current), body, mediaType, type);
  }
  const replicas = isJsonObject(wanted.spec) ? wanted.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
  }
  const next = cloneJson(existing) as KubeObject;
  next.spec = { ...next.spec, replicas };
  const rv = isJsonObject(wanted.metadata) ? wanted.metadata.resourceVersion : undefined;
  next.metadata.resourceVersion = typeof rv === 'string' && rv !== '' ? rv : existing.metadata.resourceVersion;
  // The write is to the main resource: its status stays as it is.
  const updated = replaceObject({ ...ctx, request: { ...ctx.request, subresource: undefined } }, existing, next);
  sendJson(ctx.res, 200, scaleOf(updated));
}
