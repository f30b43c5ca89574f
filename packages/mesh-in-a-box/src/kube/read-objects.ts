import type { GroupResource, KubeObject } from '../store/kube-object.js';
import { groupResource } from '../store/kube-object.js';
import { ApiError, badRequest } from './api-error.js';
import { parseFieldSelector } from './field-selector.js';
import { sendJson } from './http-io.js';
import { parseLabelSelector } from './label-selector.js';
import type { RequestContext } from './request-context.js';
import {
  apiVersionOf,
  partialObjectMetadata,
  responseFormOf,
  servedObject,
  toTable,
  type IncludeObject,
} from './served-object.js';

export const grOf = (ctx: RequestContext): GroupResource =>
  groupResource(ctx.request.type.group, ctx.request.type.resource);

const sortKey = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

/** The objects a list or watch request selects: its namespace, labelSelector, fieldSelector (and name, if any). */
export function selectorOf(ctx: RequestContext): (obj: KubeObject) => boolean {
  const labels = parseLabelSelector(ctx.url.searchParams.get('labelSelector'));
  const fields = parseFieldSelector(ctx.url.searchParams.get('fieldSelector'), ctx.request.type);
  const { namespace, name } = ctx.request;
  return (obj) =>
    (namespace === undefined || obj.metadata.namespace === namespace) &&
    (name === undefined || obj.metadata.name === name) &&
    labels(obj.metadata.labels) &&
    fields(obj);
}

/**
 * A list's resourceVersion parameter asks for state at least that new. This store only has the present, which
 * satisfies any version it has handed out; a version from the future is answered as the API server does.
 */
function checkListVersion(ctx: RequestContext): void {
  const wanted = ctx.url.searchParams.get('resourceVersion');
  if (!wanted || wanted === '0') return;
  const asked = Number(wanted);
  if (!Number.isInteger(asked) || asked < 0) throw badRequest(`invalid resource version: ${wanted}`);
  if (asked > ctx.store.resourceVersion) {
    throw new ApiError(
      504,
      'Timeout',
      `Timeout: Too large resource version: ${asked}, current: ${ctx.store.resourceVersion}`,
      {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
    );
  }
}

interface ContinueToken {
  after: string;
}

function readContinue(token: string | null): ContinueToken | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof parsed.after === 'string') return parsed;
  } catch {
    // falls through to the 400 below
  }
  throw badRequest('continue key is not valid: the continue token could not be decoded');
}

export function includeObjectOf(ctx: RequestContext): IncludeObject {
  const value = ctx.url.searchParams.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

export function handleList(ctx: RequestContext): void {
  checkListVersion(ctx);
  const { type, version } = ctx.request;
  const selected = ctx.store.list(grOf(ctx), ctx.request.namespace).filter(selectorOf(ctx));
  selected.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

  // limit + continue: chunks in name order; the token names the last object sent, so a chunk resumes after it.
  const after = readContinue(ctx.url.searchParams.get('continue'))?.after;
  const start = after === undefined ? 0 : selected.findIndex((obj) => sortKey(obj) > after);
  const remaining = start < 0 ? [] : selected.slice(start);
  const limit = Number(ctx.url.searchParams.get('limit') ?? 0);
  const page = limit > 0 ? remaining.slice(0, limit) : remaining;
  const more = remaining.length - page.length;
  const metadata: Record<string, unknown> = { resourceVersion: String(ctx.store.resourceVersion) };
  if (more > 0) {
    metadata.continue = Buffer.from(JSON.stringify({ after: sortKey(page[page.length - 1]!) })).toString('base64url');
    metadata.remainingItemCount = more;
  }

  const form = responseFormOf(ctx.req.headers.accept);
  if (form === 'table') {
    sendJson(
      ctx.res,
      200,
      toTable({
        objects: page,
        type,
        version,
        includeObject: includeObjectOf(ctx),
        listMetadata: metadata,
        nowMs: Date.now(),
      }),
    );
  } else if (form === 'partial') {
    sendJson(ctx.res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata,
      items: page.map(partialObjectMetadata),
    });
  } else {
    sendJson(ctx.res, 200, {
      kind: type.listKind,
      apiVersion: apiVersionOf(type.group, version),
      metadata,
      items: page.map((obj) => servedObject(obj, type, version)),
    });
  }
}

export function handleGet(ctx: RequestContext): void {
  const { type, version, namespace, name } = ctx.request;
  const obj = ctx.store.require(grOf(ctx), namespace, name!);
  const form = responseFormOf(ctx.req.headers.accept);
  if (form === 'table') {
    const listMetadata = { resourceVersion: obj.metadata.resourceVersion };
    sendJson(
      ctx.res,
      200,
      toTable({ objects: [obj], type, version, includeObject: includeObjectOf(ctx), listMetadata, nowMs: Date.now() }),
    );
  } else if (form === 'partial') {
    sendJson(ctx.res, 200, partialObjectMetadata(obj));
  } else {
    sendJson(ctx.res, 200, servedObject(obj, type, version));
  }
}
