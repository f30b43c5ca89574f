import type { KubeObject } from '../store/kube-object.js';
import type { ResourceType } from '../store/resource-types.js';
import { ApiError, badRequest } from './api-error.js';
import { configMapDecodeError } from './configmap-rules.js';
import { leaseDecodeError } from './lease-rules.js';
import { decodeProtobufObject, PROTOBUF } from './decode-protobuf.js';
import { checkBodyFields } from './field-validation.js';
import { mediaTypeOf, parseBody } from './http-io.js';
import { isJsonObject } from './json-value.js';
import type { RequestContext } from './request-context.js';
import { apiVersionOf } from './served-object.js';
import { validateObject } from './validate-object.js';
import { confirmNoEscalation } from './auth/escalation-check.js';
import { RBAC_GROUP } from './auth/rbac-authorizer.js';

/**
 * Reads the object of a create or update body and checks it against the URL, as the API server's decoder does:
 * apiVersion and kind must be the URL's (they default to it when left out), and so must the namespace.
 */
export function decodeObject(ctx: RequestContext, bytes: Buffer): KubeObject {
  const mediaType = mediaTypeOf(ctx.req.headers['content-type']);
  if (mediaType === PROTOBUF) return checkAgainstUrl(ctx, decodeProtobufObject(bytes));
  const text = bytes.toString('utf8');
  const body = parseBody(text, mediaType);
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON or YAML object');
  const obj = body as unknown as KubeObject;
  const { type, version } = ctx.request;
  const typeError = decodeErrorOf(obj, type);
  if (typeError) {
    // handlers transformDecodeError: a body that does not decode into the kind's Go type.
    throw badRequest(`${type.kind} in version "${version}" cannot be handled as a ${type.kind}: ${typeError}`);
  }
  checkBodyFields(ctx, text, mediaType.includes('yaml'), obj);
  return checkAgainstUrl(ctx, obj);
}

/** Why a decoded object does not fit its kind's Go type (a ConfigMap's data values must be strings), if it does not. */
export function decodeErrorOf(obj: KubeObject, type: ResourceType): string | undefined {
  if (type.group === '' && type.kind === 'ConfigMap') return configMapDecodeError(obj);
  if (type.group === 'coordination.k8s.io' && type.kind === 'Lease') return leaseDecodeError(obj);
  return undefined;
}

export function checkAgainstUrl(ctx: RequestContext, obj: KubeObject): KubeObject {
  const { type, group, version } = ctx.request;
  const expected = apiVersionOf(group, version);
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expected;
  if (obj.kind === undefined || obj.kind === '') obj.kind = type.kind;
  if (obj.apiVersion !== expected || obj.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}, kind ${obj.kind}) does not match the expected API version (${expected}, kind ${type.kind})`,
    );
  }
  if (!isJsonObject(obj.metadata)) obj.metadata = { name: '' };
  const meta = obj.metadata;
  if (type.namespaced) {
    if (meta.namespace && meta.namespace !== ctx.request.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = ctx.request.namespace;
  } else {
    delete meta.namespace;
  }
  if (ctx.request.name !== undefined && meta.name !== ctx.request.name) {
    throw badRequest(
      `the name of the object (${String(meta.name)}) does not match the name on the URL (${ctx.request.name})`,
    );
  }
  return obj;
}

/** The object as stored: one schema per kind, under its preferred (storage) version. */
export function toStorage(obj: KubeObject, type: ResourceType): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(type.group, type.versions[0]!) };
}

export const hasStatusSubresource = (type: ResourceType) => (type.subresources ?? []).includes('status');

/** dryRun=All: everything but the write (the value was checked by checkWriteOptions). */
export function dryRunOf(url: URL): boolean {
  return url.searchParams.getAll('dryRun').length > 0;
}

const OPTIONS_KIND: Record<string, string> = {
  POST: 'CreateOptions',
  PUT: 'UpdateOptions',
  PATCH: 'PatchOptions',
  DELETE: 'DeleteOptions',
};

/**
 * Refuses a write whose dryRun or fieldValidation parameter the API server does not accept, before the body is
 * read, as apimachinery's ValidateCreateOptions (and Update, Patch, Delete) do: a 422 on the options object.
 */
export function checkWriteOptions(method: string, url: URL): void {
  const kind = OPTIONS_KIND[method];
  if (!kind) return;
  const causes: { field: string; message: string }[] = [];
  const dryRun = url.searchParams.getAll('dryRun');
  if (dryRun.some((v) => v !== 'All'))
    causes.push({ field: 'dryRun', message: `Unsupported value: ${JSON.stringify(dryRun)}: supported values: "All"` });
  const validation = url.searchParams.get('fieldValidation');
  if (method !== 'DELETE' && validation !== null && !['', 'Ignore', 'Strict', 'Warn'].includes(validation)) {
    causes.push({
      field: 'fieldValidation',
      message: `Unsupported value: ${JSON.stringify(validation)}: supported values: "", "Ignore", "Strict", "Warn"`,
    });
  }
  if (causes.length === 0) return;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  throw new ApiError(
    422,
    'Invalid',
    `${kind}.meta.k8s.io "" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`,
    { name: '', group: 'meta.k8s.io', kind, causes: causes.map((c) => ({ reason: 'FieldValueNotSupported', ...c })) },
  );
}

/**
 * The server's own validation, then the hook's (admission in a real cluster). Both throw a 422. Roles and bindings
 * are then checked for escalation (a 403), as RBAC's storage does.
 */
export function validateForWrite(ctx: RequestContext, obj: KubeObject, existing?: KubeObject): void {
  validateObject(obj, ctx.request.type, existing);
  if (ctx.auth && ctx.request.type.group === RBAC_GROUP) confirmNoEscalation(ctx.auth.authorizer, ctx.user, obj);
  ctx.hooks.validate?.(`${ctx.request.type.group}/${ctx.request.type.resource}`, obj);
}
