import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../api-error.js';
import { sendJson } from '../http-io.js';
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { Schema } from '../decode-protobuf.js';
import { readTypedBody } from '../read-typed-body.js';
import { discoveryOf, routeReviewGroup, type ReviewGroup } from '../review-group.js';
import type { KubeAuth } from './kube-auth.js';
import type { UserInfo } from './user-info.js';

// authentication.k8s.io/v1: TokenReview (pkg/registry/authentication/tokenreview/storage.go: the API server checks
// a token for whoever may create tokenreviews) and SelfSubjectReview (pkg/registry/authentication/selfsubjectreview:
// the caller's own user, what `kubectl auth whoami` prints). Neither is stored: a POST answers 201 with the status.

export const AUTHENTICATION_GROUP = 'authentication.k8s.io';
const VERSION = 'v1';
const API_VERSION = `${AUTHENTICATION_GROUP}/${VERSION}`;
const REVIEWS: ReviewGroup = {
  group: AUTHENTICATION_GROUP,
  version: VERSION,
  kinds: [
    { resource: 'tokenreviews', kind: 'TokenReview', singular: 'tokenreview' },
    { resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', singular: 'selfsubjectreview' },
  ],
};

/** The group's place in discovery: cluster-scoped kinds whose one verb is create. */
export const authenticationDiscovery = discoveryOf(REVIEWS);

// Field numbers of k8s.io/api authentication/v1 generated.proto, for kubectl's protobuf bodies.
const TOKEN_REVIEW: Schema = {
  1: ['metadata', { 1: ['name', 'string'] }],
  2: ['spec', { 1: ['token', 'string'], 2: ['audiences', 'strings'] }],
};
const SELF_SUBJECT_REVIEW: Schema = { 1: ['metadata', { 1: ['name', 'string'] }] };

/** user.Info as authentication/v1 UserInfo writes it (empty fields left out). */
export function userInfoJson(user: UserInfo): JsonObject {
  return {
    username: user.username,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra && Object.keys(user.extra).length > 0 ? { extra: user.extra } : {}),
  };
}

/** Serves /apis/authentication.k8s.io/...; false when the path is not in that group. */
export async function serveAuthentication(
  auth: KubeAuth | undefined,
  user: UserInfo,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const found = routeReviewGroup(REVIEWS, req, res, path);
  if (found === null) return false;
  if (found === 'served') return true;
  if (found.kind === 'SelfSubjectReview') {
    await readTypedBody(req, { apiVersion: API_VERSION, kind: found.kind, schema: SELF_SUBJECT_REVIEW });
    sendJson(res, 201, {
      kind: found.kind,
      apiVersion: API_VERSION,
      metadata: { creationTimestamp: null },
      status: { userInfo: userInfoJson(user) },
    });
    return true;
  }
  const body = await readTypedBody(req, { apiVersion: API_VERSION, kind: found.kind, schema: TOKEN_REVIEW });
  const spec = isJsonObject(body.spec) ? body.spec : {};
  const token = typeof spec.token === 'string' ? spec.token : '';
  if (!token) throw badRequest('token is required for TokenReview in authentication');
  const audiences = Array.isArray(spec.audiences) ? spec.audiences.filter((a) => typeof a === 'string') : [];
  // Without an auth configuration (unit tests of other concerns) every token is the one user everything runs as.
  const outcome = auth ? await auth.authenticateToken(token, audiences) : { user, audiences };
  sendJson(res, 201, {
    kind: found.kind,
    apiVersion: API_VERSION,
    metadata: { creationTimestamp: null },
    spec,
    status:
      'error' in outcome
        ? { user: {}, error: outcome.error }
        : { authenticated: true, user: userInfoJson(outcome.user), audiences: outcome.audiences },
  });
  return true;
}
