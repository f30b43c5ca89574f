import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';
import type { KubeAuth } from './auth/kube-auth.js';
import type { PolicyRule, RequestAttributes } from './auth/policy-rule.js';
import type { UserInfo } from './auth/user-info.js';
import type { Schema } from './decode-protobuf.js';
import { sendJson } from './http-io.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import type { FaultInjector } from './kube-faults.js';
import { readTypedBody } from './read-typed-body.js';
import { discoveryOf, routeReviewGroup, type ReviewGroup } from './review-group.js';

// authorization.k8s.io/v1: the reviews a client creates to ask what it may do (k8s.io/api authorization/v1
// types.go). They are never stored: a POST answers 201 with the request and its status filled in
// (pkg/registry/authorization/selfsubjectaccessreview/rest.go). Both are answered from the same RBAC that guards
// every request (auth/rbac-authorizer.ts), for the caller (or whom it impersonates), and what a test forbids through
// the faults API denies on top, so that the review and the write agree.

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
const VERSION = 'v1';
const REVIEWS: ReviewGroup = {
  group: AUTHORIZATION_GROUP,
  version: VERSION,
  kinds: [
    { resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', singular: 'selfsubjectaccessreview' },
    { resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', singular: 'selfsubjectrulesreview' },
  ],
};

// Without an auth configuration (unit tests of other concerns) the API server lets everyone do everything.
const ALLOWED_REASON = 'the mesh in a box has no access control: every caller may do everything';

/** Who asks, and the RBAC to answer from (none: everything is allowed). */
export interface ReviewContext {
  faults: FaultInjector;
  auth: KubeAuth | undefined;
  user: UserInfo;
}

/** The group's place in discovery: cluster-scoped kinds whose one verb is create. */
export const reviewDiscovery = discoveryOf(REVIEWS);

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
  review: ReviewContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const found = routeReviewGroup(REVIEWS, req, res, path);
  if (found === null) return false;
  if (found === 'served') return true;
  const access = found.kind === 'SelfSubjectAccessReview';
  const body = await readTypedBody(req, {
    apiVersion: `${AUTHORIZATION_GROUP}/${VERSION}`,
    kind: found.kind,
    schema: access ? ACCESS_REVIEW : RULES_REVIEW,
  });
  const answer = access ? accessReview(review, body) : rulesReview(review, body);
  sendJson(res, 201, answer);
  return true;
}

function invalid(kind: string, field: string, value: string, detail: string): ApiError {
  const message = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new ApiError(422, 'Invalid', `${kind}.${AUTHORIZATION_GROUP} "" is invalid: ${field}: ${message}`, {
    group: AUTHORIZATION_GROUP,
    kind,
    causes: [{ reason: 'FieldValueInvalid', field, message }],
  });
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function accessReview({ faults, auth, user }: ReviewContext, body: JsonObject): JsonObject {
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
  const attributes: RequestAttributes = resource
    ? {
        resourceRequest: true,
        verb: text(resource.verb),
        group: text(resource.group),
        resource: text(resource.resource),
        ...(text(resource.subresource) ? { subresource: text(resource.subresource) } : {}),
        ...(text(resource.namespace) ? { namespace: text(resource.namespace) } : {}),
        ...(text(resource.name) ? { name: text(resource.name) } : {}),
      }
    : { resourceRequest: false, verb: text(nonResource!.verb), path: text(nonResource!.path) };
  const denial = attributes.resourceRequest ? faults.denialOf(attributes) : undefined;
  const decision = auth ? auth.authorizer.authorize(user, attributes) : { allowed: true, reason: ALLOWED_REASON };
  const status = denial
    ? { allowed: false, reason: denial }
    : { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) };
  return {
    kind,
    apiVersion: `${AUTHORIZATION_GROUP}/${VERSION}`,
    metadata: { creationTimestamp: null },
    spec,
    status,
  };
}

function rulesReview({ faults, auth, user }: ReviewContext, body: JsonObject): JsonObject {
  const spec = isJsonObject(body.spec) ? body.spec : {};
  const namespace = text(spec.namespace) || undefined;
  const forbids = faults.forbidRules(namespace);
  const { rules, errors } = auth
    ? auth.authorizer.rulesFor(user, namespace)
    : {
        rules: [rule(['*'], { apiGroups: ['*'], resources: ['*'] }), rule(['*'], { nonResourceURLs: ['*'] })],
        errors: [],
      };
  // RBAC rules only grant; a forbid cannot be listed as a rule, so the list says it is not the whole story.
  const problems = [
    ...errors,
    ...(forbids.length > 0 ? [`some requests are forbidden by the faults API: ${forbids.join('; ')}`] : []),
  ];
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: `${AUTHORIZATION_GROUP}/${VERSION}`,
    metadata: { creationTimestamp: null },
    spec,
    status: {
      // pkg/registry/authorization/util: a rule with resources is a resource rule, one with URLs a non-resource one.
      resourceRules: rules
        .filter((r) => (r.resources ?? []).length > 0)
        .map((r) => ({
          verbs: r.verbs,
          apiGroups: r.apiGroups ?? [],
          resources: r.resources ?? [],
          ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
        })),
      nonResourceRules: rules
        .filter((r) => (r.nonResourceURLs ?? []).length > 0)
        .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs ?? [] })),
      incomplete: problems.length > 0,
      ...(problems.length > 0 ? { evaluationError: problems.join('; ') } : {}),
    },
  };
}

const rule = (verbs: string[], rest: Omit<PolicyRule, 'verbs'>): PolicyRule => ({ verbs, ...rest });
