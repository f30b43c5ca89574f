import jsonPatch, { type Operation } from 'fast-json-patch';
import { isBuiltIn, type ResourceType } from '../store/resource-types.js';
import { ApiError, badRequest } from './api-error.js';
import { parseBody } from './http-io.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { applyMergePatch } from './merge-patch.js';
import { patchSchemaFor } from './patch-schema.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** Strategic merge needs Go struct tags; the API server offers it for compiled-in kinds only, never for CRDs. */
export const supportsStrategicMerge = (type: ResourceType) => isBuiltIn(type);

export function unsupportedPatch(type: ResourceType): ApiError {
  const accepted = [
    JSON_PATCH,
    MERGE_PATCH,
    APPLY_PATCH,
    ...(supportsStrategicMerge(type) ? [STRATEGIC_MERGE_PATCH] : []),
  ];
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** Applies a JSON, merge or strategic merge patch to the current object; the result is not yet validated. */
export function patchedObject(current: JsonObject, body: string, mediaType: string, type: ResourceType): JsonObject {
  if (mediaType === JSON_PATCH) {
    const ops = parseBody(body, mediaType);
    if (!Array.isArray(ops)) throw badRequest('json patch must be a list of operations');
    try {
      const { newDocument } = jsonPatch.applyPatch(current, ops as Operation[], true, false);
      if (!isJsonObject(newDocument)) throw badRequest('the patched document is not an object');
      return newDocument;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      // patch.go applyJSPatch: any failure of the operations (a "test" that does not hold, a path that does not
      // resolve) is errors.NewGenericServerResponse(422, ...) without causes, whose message is the generic one for a
      // 422: the json patch library's own words are dropped (apimachinery pkg/api/errors/errors.go).
      throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
    }
  }
  const patch = parseBody(body, mediaType) as JsonValue;
  if (!isJsonObject(patch)) throw badRequest('the patch must be a JSON object');
  if (mediaType === MERGE_PATCH) return applyMergePatch(current, patch) as JsonObject;
  if (mediaType === STRATEGIC_MERGE_PATCH) {
    if (!supportsStrategicMerge(type)) throw unsupportedPatch(type);
    return applyStrategicMergePatch(current, patch, patchSchemaFor(type.kind));
  }
  throw unsupportedPatch(type);
}
