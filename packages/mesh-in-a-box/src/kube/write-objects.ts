import type { KubeObject } from '../store/kube-object.js';
import { groupResource } from '../store/kube-object.js';
import { isBuiltIn, RESOURCE_TYPES } from '../store/resource-types.js';
import { ApiError, badRequest } from './api-error.js';
import { applyDefaults } from './apply-defaults.js';
import { decodeObject, dryRunOf, hasStatusSubresource, toStorage, validateForWrite } from './decode-object.js';
import { parseBody, readBody, readBodyBytes, sendJson } from './http-io.js';
import { cloneJson, isJsonObject } from './json-value.js';
import { fieldManagerOf, managedFieldsAfterUpdate } from './managed-fields.js';
import { patchSchemaFor } from './patch-schema.js';
import { grOf, selectorOf } from './read-objects.js';
import type { RequestContext } from './request-context.js';
import { apiVersionOf, servedObject } from './served-object.js';

// Set by the server alone; a client's values are dropped on create.
const SERVER_META = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
];

export function managerOf(ctx: RequestContext): string {
  return fieldManagerOf(ctx.url.searchParams.get('fieldManager'), ctx.req.headers['user-agent']);
}

/** Defaults, validation, managedFields and the store's create: shared by POST and server-side apply's create. */
export function createObject(ctx: RequestContext, obj: KubeObject, managedFields?: unknown[]): KubeObject {
  const { type, version } = ctx.request;
  const dryRun = dryRunOf(ctx.url);
  for (const field of SERVER_META) delete obj.metadata[field];
  if (hasStatusSubresource(type)) delete obj.status;
  applyDefaults(obj, undefined);
  validateForWrite(ctx, obj);
  obj.metadata.managedFields =
    managedFields ??
    managedFieldsAfterUpdate({
      previous: undefined,
      next: obj,
      manager: managerOf(ctx),
      apiVersion: apiVersionOf(type.group, version),
      schema: patchSchemaFor(type.kind),
    });
  return ctx.store.create(grOf(ctx), toStorage(obj, type), { dryRun });
}

/**
 * Replaces `existing` with `next` (a fresh copy the caller made), keeping what the request may not change: the status
 * when writing the main resource of a kind with a status subresource, everything but the status when writing /status.
 */
export function replaceObject(
  ctx: RequestContext,
  existing: KubeObject,
  next: KubeObject,
  managedFields?: unknown[],
): KubeObject {
  const { type, version, subresource } = ctx.request;
  const dryRun = dryRunOf(ctx.url);
  requireResourceVersion(ctx, existing, next);
  let merged: KubeObject;
  if (subresource === 'status') {
    merged = {
      ...cloneJson(existing),
      status: next.status,
      metadata: { ...cloneJson(existing.metadata), resourceVersion: next.metadata.resourceVersion },
    };
  } else {
    merged = next;
    if (hasStatusSubresource(type))
      merged.status = existing.status === undefined ? undefined : cloneJson(existing.status);
    if (merged.status === undefined) delete merged.status;
  }
  merged.metadata.name = existing.metadata.name;
  if (type.namespaced) merged.metadata.namespace = existing.metadata.namespace;
  applyDefaults(merged, existing);
  validateForWrite(ctx, merged, existing);
  merged.metadata.managedFields =
    managedFields ??
    managedFieldsAfterUpdate({
      previous: existing,
      next: merged,
      manager: managerOf(ctx),
      apiVersion: apiVersionOf(type.group, version),
      subresource,
      schema: patchSchemaFor(type.kind),
    });
  return ctx.store.update(grOf(ctx), toStorage(merged, type), { dryRun });
}

/**
 * An update without a resourceVersion is last-write-wins only where the kind's strategy allows an unconditional
 * update: the built-in kinds here do (ConfigMap, Deployment...), custom resources do not (apiextensions-apiserver
 * customresource strategy.go AllowUnconditionalUpdate is false), and the generic registry's Update refuses it
 * (apiserver registry/generic/registry/store.go: "must be specified for an update", the value printed as a uint64).
 * A PUT of a VirtualService without one, or a JSON patch that removes it, gets this 422.
 */
function requireResourceVersion(ctx: RequestContext, existing: KubeObject, next: KubeObject): void {
  const { type } = ctx.request;
  const rv = next.metadata.resourceVersion;
  if (isBuiltIn(type) || (rv !== undefined && rv !== '')) return;
  const message = 'Invalid value: 0x0: must be specified for an update';
  throw new ApiError(
    422,
    'Invalid',
    `${type.resource}.${type.group} "${existing.metadata.name}" is invalid: metadata.resourceVersion: ${message}`,
    {
      name: existing.metadata.name,
      group: type.group,
      kind: type.resource,
      causes: [{ reason: 'FieldValueInvalid', message, field: 'metadata.resourceVersion' }],
    },
  );
}

export async function handleCreate(ctx: RequestContext): Promise<void> {
  const obj = decodeObject(ctx, await readBodyBytes(ctx.req));
  const created = createObject(ctx, obj);
  sendJson(ctx.res, 201, servedObject(created, ctx.request.type, ctx.request.version));
}

export async function handleUpdate(ctx: RequestContext): Promise<void> {
  const { type, version, namespace, name } = ctx.request;
  const obj = decodeObject(ctx, await readBodyBytes(ctx.req));
  const existing = ctx.store.require(grOf(ctx), namespace, name!);
  const updated = replaceObject(ctx, existing, obj);
  sendJson(ctx.res, 200, servedObject(updated, type, version));
}

interface DeleteOptions {
  dryRun?: string[];
  preconditions?: { uid?: string; resourceVersion?: string };
}

async function readDeleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const text = await readBody(ctx.req);
  if (text.trim() === '') return {};
  const body = parseBody(text, 'application/json');
  return isJsonObject(body) ? (body as DeleteOptions) : {};
}

function deleteOne(ctx: RequestContext, obj: KubeObject, dryRun: boolean): KubeObject {
  const gone = ctx.store.delete(grOf(ctx), obj.metadata.namespace, obj.metadata.name, { dryRun });
  // The namespace controller empties a deleted namespace; here that happens at once.
  if (ctx.request.type.kind === 'Namespace' && ctx.request.type.group === '' && !dryRun) {
    for (const type of RESOURCE_TYPES.filter((t) => t.namespaced)) {
      const gr = groupResource(type.group, type.resource);
      for (const inside of ctx.store.list(gr, obj.metadata.name))
        ctx.store.delete(gr, inside.metadata.namespace, inside.metadata.name);
    }
  }
  return gone;
}

export async function handleDelete(ctx: RequestContext): Promise<void> {
  const { type, version, namespace, name } = ctx.request;
  const options = await readDeleteOptions(ctx);
  const dryRun = dryRunOf(ctx.url) || (options.dryRun ?? []).includes('All');
  const existing = ctx.store.require(grOf(ctx), namespace, name!);
  const pre = options.preconditions ?? {};
  if (pre.uid && pre.uid !== existing.metadata.uid) {
    throw new ApiError(
      409,
      'Conflict',
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`,
    );
  }
  if (pre.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
    throw new ApiError(
      409,
      'Conflict',
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
    );
  }
  const gone = deleteOne(ctx, existing, dryRun);
  sendJson(ctx.res, 200, servedObject(gone, type, version));
}

export async function handleDeleteCollection(ctx: RequestContext): Promise<void> {
  const { type, version } = ctx.request;
  const options = await readDeleteOptions(ctx);
  const dryRun = dryRunOf(ctx.url) || (options.dryRun ?? []).includes('All');
  if (ctx.url.searchParams.has('continue')) throw badRequest('deletecollection does not take a continue token');
  const selected = ctx.store.list(grOf(ctx), ctx.request.namespace).filter(selectorOf(ctx));
  const gone = selected.map((obj) => deleteOne(ctx, obj, dryRun));
  sendJson(ctx.res, 200, {
    kind: type.listKind,
    apiVersion: apiVersionOf(type.group, version),
    metadata: { resourceVersion: String(ctx.store.resourceVersion) },
    items: gone.map((obj) => servedObject(obj, type, version)),
  });
}
