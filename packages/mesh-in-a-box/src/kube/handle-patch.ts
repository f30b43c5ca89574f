import type { KubeObject } from '../store/kube-object.js';
import { ApiError, badRequest } from './api-error.js';
import { checkAgainstUrl, decodeErrorOf } from './decode-object.js';
import { checkApplyFields, checkPatchFields } from './field-validation.js';
import { mediaTypeOf, parseBody, readBody, sendJson } from './http-io.js';
import { cloneJson, isJsonObject, type JsonObject } from './json-value.js';
import { patchSchemaFor } from './patch-schema.js';
import { APPLY_PATCH, JSON_PATCH, patchedObject } from './patch-object.js';
import { grOf } from './read-objects.js';
import { queryFlag, type RequestContext } from './request-context.js';
import { apiVersionOf, servedObject } from './served-object.js';
import { serverSideApply } from './server-side-apply.js';
import { createObject, replaceObject } from './write-objects.js';

/** PATCH: JSON patch, merge patch, strategic merge patch (built-in kinds) and server-side apply. */
export async function handlePatch(ctx: RequestContext): Promise<void> {
  const { type, version, namespace, name } = ctx.request;
  const mediaType = mediaTypeOf(ctx.req.headers['content-type']);
  const body = await readBody(ctx.req);
  const existing = ctx.store.get(grOf(ctx), namespace, name!);
  if (mediaType === APPLY_PATCH) return apply(ctx, existing, body);
  if (!existing) ctx.store.require(grOf(ctx), namespace, name!); // the API's NotFound

  const current = servedObject(cloneJson(existing!), type, version) as unknown as JsonObject;
  const patched = patchedObject(current, body, mediaType, type) as unknown as KubeObject;
  if (patched.apiVersion !== current.apiVersion || patched.kind !== current.kind) {
    throw badRequest('a patch may not change apiVersion or kind');
  }
  if (!isJsonObject(patched.metadata)) throw badRequest('a patch may not remove metadata');
  const typeError = decodeErrorOf(patched, type);
  if (typeError) {
    // patch.go: a patched object that does not decode is an invalid "patch" field, quoted whole.
    const message = `Invalid value: ${JSON.stringify(JSON.stringify(patched))}: ${typeError}`;
    throw new ApiError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
      name: '',
      group: '',
      kind: '',
      causes: [{ reason: 'FieldValueInvalid', field: 'patch', message }],
    });
  }
  checkPatchFields(ctx, body, mediaType === JSON_PATCH, patched);
  refuseUidChange(ctx, existing!, patched);
  const updated = replaceObject(ctx, existing!, patched);
  sendJson(ctx.res, 200, servedObject(updated, type, version));
}

async function apply(ctx: RequestContext, existing: KubeObject | undefined, body: string): Promise<void> {
  const { type, version, subresource } = ctx.request;
  const manager = ctx.url.searchParams.get('fieldManager');
  if (!manager) {
    throw badRequest(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const config = parseBody(body, APPLY_PATCH);
  if (!isJsonObject(config)) throw badRequest('an apply configuration must be an object');
  const applied = config as unknown as KubeObject;
  if (!applied.apiVersion || !applied.kind)
    throw badRequest('an apply configuration must name its apiVersion and kind');
  checkAgainstUrl(ctx, applied);
  checkApplyFields(ctx, body, applied, decodeErrorOf(applied, type));
  const result = serverSideApply({
    live: existing,
    config: config,
    manager,
    force: queryFlag(ctx.url, 'force'),
    apiVersion: apiVersionOf(type.group, version),
    schema: patchSchemaFor(type.kind),
    subresource,
  });
  const next = result.object as unknown as KubeObject;
  if (!existing) {
    const created = createObject(ctx, next, result.managedFields);
    return sendJson(ctx.res, 201, servedObject(created, type, version));
  }
  next.apiVersion = apiVersionOf(type.group, version);
  // A resourceVersion in the applied configuration is a precondition, as in a PUT: the merged object keeps it, and
  // the store answers 409 Conflict when it is not the stored one. Without one, the merged object carries the live one.
  refuseUidChange(ctx, existing, next);
  const updated = replaceObject(ctx, existing, next, result.managedFields);
  sendJson(ctx.res, 200, servedObject(updated, type, version));
}

/**
 * A patch or apply whose result names another uid is refused by update validation (apimachinery
 * ValidateObjectMetaUpdate: the uid is immutable), a 422; a PUT naming one fails earlier, on the uid precondition.
 * A result without a uid keeps the stored one (rest.BeforeUpdate).
 */
function refuseUidChange(ctx: RequestContext, existing: KubeObject, next: KubeObject): void {
  const uid = next.metadata.uid;
  if (uid === undefined || uid === '' || uid === existing.metadata.uid) return;
  const { type } = ctx.request;
  const qualifiedKind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const cause = {
    reason: 'FieldValueInvalid',
    field: 'metadata.uid',
    message: `Invalid value: ${JSON.stringify(uid)}: field is immutable`,
  };
  throw new ApiError(
    422,
    'Invalid',
    `${qualifiedKind} "${existing.metadata.name}" is invalid: metadata.uid: ${cause.message}`,
    {
      name: existing.metadata.name,
      group: type.group,
      kind: type.kind,
      causes: [cause],
    },
  );
}
