import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotSupported, notFoundPath } from './api-error.js';
import { decodeProtobufAs, PROTOBUF, type Schema } from './decode-protobuf.js';
import { mediaTypeOf, parseBody, readBodyBytes, sendJson } from './http-io.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import type { FaultInjector } from './kube-faults.js';

// authorization.k8s.io/v1: the reviews a client creates to ask what it may do (k8s.io/api authorization/v1
// types.go). They are never stored: a POST answers 201 with the request and its status filled in
// (pkg/registry/authorization/selfsubjectaccessreview/rest.go). The mesh in a box has no RBAC of its own: every
// caller may do everything, except what a test forbids through the faults API, so that the review and the write agree.

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
const VERSION = 'v1';
const REVIEWS = [
  { resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', singular: 'selfsubjectaccessreview' },
  { resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', singular: 'selfsubjectrulesreview' },
];
const PREFIX = `/apis/${AUTHORIZATION_GROUP}`;

const ALLOWED_REASON = 'the mesh in a box has no access control: every caller may do everything';

/** The group's place in discovery: cluster-scoped kinds whose one verb is create. */
export const reviewDiscovery = {
  group: AUTHORIZATION_GROUP,
  version: VERSION,
  resources: REVIEWS.map((r) => ({ ...r, namespaced: false, verbs: ['create'] })),
};

// Field numbers of k8s.io/api authorization/v1 generated.proto, for kubectl's protobuf bodies.
const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
};
const ACCESS_REVIEW: Schema = {
  1: ['metadata', { 1: ['name', 'string'] }],
  2: [
    'spec',
    {
      1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
      2: ['nonResourceAttributes', { 1: ['path', 'string'], 2: ['verb', 'string'] }],
    },
  ],
};
const RULES_REVIEW: Schema = {
  1: ['metadata', { 1: ['name', 'string'] }],
  2: ['spec', { 1: ['namespace', 'string'] }],
};

/** Serves /apis/authorization.k8s.io/...; false when the path is not in that group. */
export async function serveAuthorization(
  faults: FaultInjector,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
  const method = req.method ?? 'GET';
  const rest = path.slice(PREFIX.length).split('/').filter(Boolean);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === VERSION)) {
    if (method !== 'GET') throw methodNotSupported(method, path);
    sendJson(res, 200, rest.length === 0 ? groupDocument() : resourceList());
    return true;
  }
  const review = rest[0] === VERSION && rest.length === 2 ? REVIEWS.find((r) => r.resource === rest[1]) : undefined;
  if (!review) throw notFoundPath();
  if (method !== 'POST') throw methodNotSupported(method, path);
  const body = await readReview(req, review.kind);
  const answer = review.kind === 'SelfSubjectAccessReview' ? accessReview(faults, body) : rulesReview(faults, body);
  sendJson(res, 201, answer);
  return true;
}

function groupDocument(): JsonObject {
  const version = { groupVersion: `${AUTHORIZATION_GROUP}/${VERSION}`, version: VERSION };
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: AUTHORIZATION_GROUP,
    versions: [version],
    preferredVersion: version,
  };
}

function resourceList(): JsonObject {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${AUTHORIZATION_GROUP}/${VERSION}`,
    resources: REVIEWS.map((r) => ({
      name: r.resource,
      singularName: r.singular,
      namespaced: false,
      kind: r.kind,
      verbs: ['create'],
    })),
  };
}

async function readReview(req: IncomingMessage, kind: string): Promise<JsonObject> {
  const bytes = await readBodyBytes(req);
  const mediaType = mediaTypeOf(req.headers['content-type']);
  const body =
    mediaType === PROTOBUF
      ? decodeProtobufAs(bytes, kind === 'SelfSubjectAccessReview' ? ACCESS_REVIEW : RULES_REVIEW)
      : parseBody(bytes.toString('utf8'), mediaType);
  if (!isJsonObject(body)) throw badRequest(`the request body must be a ${kind} object`);
  const apiVersion = body.apiVersion ?? `${AUTHORIZATION_GROUP}/${VERSION}`;
  if (apiVersion !== `${AUTHORIZATION_GROUP}/${VERSION}` || (body.kind ?? kind) !== kind) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}, kind ${String(body.kind)}) does not match the expected API version (${AUTHORIZATION_GROUP}/${VERSION}, kind ${kind})`,
    );
  }
  return body;
}

/** A 422 as apimachinery's NewInvalid words it for the review (pkg/apis/authorization/validation). */
function invalid(kind: string, field: string, value: string, detail: string): ApiError {
  const message = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new ApiError(422, 'Invalid', `${kind}.${AUTHORIZATION_GROUP} "" is invalid: ${field}: ${message}`, {
    group: AUTHORIZATION_GROUP,
    kind,
    causes: [{ reason: 'FieldValueInvalid', field, message }],
  });
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function accessReview(faults: FaultInjector, body: JsonObject): JsonObject {
  const kind = 'SelfSubjectAccessReview';
  const spec = isJsonObject(body.spec) ? body.spec : {};
  const resource = isJsonObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResource = isJsonObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  // ValidateSelfSubjectAccessReviewSpec: exactly one of the two.
  if (resource && nonResource) {
    throw invalid(
      kind,
      'spec.nonResourceAttributes',
      JSON.stringify(nonResource),
      'cannot be specified in combination with resourceAttributes',
    );
  }
  if (!resource && !nonResource) {
    throw invalid(
      kind,
      'spec.resourceAttributes',
      'null',
      'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  const denial = resource
    ? faults.denialOf({
        verb: text(resource.verb),
        resource: text(resource.resource),
        group: text(resource.group),
        subresource: text(resource.subresource) || undefined,
        namespace: text(resource.namespace) || undefined,
        name: text(resource.name) || undefined,
      })
    : undefined;
  return {
    kind,
    apiVersion: `${AUTHORIZATION_GROUP}/${VERSION}`,
    metadata: { creationTimestamp: null },
    spec,
    status: denial ? { allowed: false, reason: denial } : { allowed: true, reason: ALLOWED_REASON },
  };
}

function rulesReview(faults: FaultInjector, body: JsonObject): JsonObject {
  const spec = isJsonObject(body.spec) ? body.spec : {};
  const forbids = faults.forbidRules(text(spec.namespace) || undefined);
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: `${AUTHORIZATION_GROUP}/${VERSION}`,
    metadata: { creationTimestamp: null },
    spec,
    status: {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      // RBAC rules only grant; a forbid cannot be listed as a rule, so the list says it is not the whole story.
      incomplete: forbids.length > 0,
      ...(forbids.length > 0
        ? { evaluationError: `some requests are forbidden by the faults API: ${forbids.join('; ')}` }
        : {}),
    },
  };
}
