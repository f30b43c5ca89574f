import { ApiError, methodNotSupported } from '../api-error.js';
import type { Schema } from '../decode-protobuf.js';
import { sendJson } from '../http-io.js';
import { isJsonObject } from '../json-value.js';
import { readTypedBody } from '../read-typed-body.js';
import type { RequestContext } from '../request-context.js';
import type { KubeAuth } from './kube-auth.js';

// serviceaccounts/token: the TokenRequest subresource (pkg/registry/core/serviceaccount/storage/token.go), what
// `kubectl create token SA` posts. It signs a token for an existing service account: audiences as asked or the API
// server's own, expirationSeconds 3600 unless asked (authentication/v1 defaults), at least 10 minutes
// (pkg/apis/authentication/validation). Nothing is stored; the answer is the TokenRequest with its status.

const API_VERSION = 'authentication.k8s.io/v1';
const KIND = 'TokenRequest';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

// Field numbers of k8s.io/api authentication/v1 generated.proto (TokenRequest, TokenRequestSpec).
const TOKEN_REQUEST: Schema = {
  1: ['metadata', { 1: ['name', 'string'], 3: ['namespace', 'string'] }],
  2: [
    'spec',
    {
      1: ['audiences', 'strings'],
      3: [
        'boundObjectRef',
        { 1: ['kind', 'string'], 2: ['apiVersion', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'] },
      ],
      4: ['expirationSeconds', 'int'],
    },
  ],
};

function invalidExpiration(value: number, detail: string): ApiError {
  const message = `Invalid value: ${value}: ${detail}`;
  return new ApiError(
    422,
    'Invalid',
    `${KIND}.authentication.k8s.io "" is invalid: spec.expirationSeconds: ${message}`,
    {
      group: 'authentication.k8s.io',
      kind: KIND,
      causes: [{ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message }],
    },
  );
}

export async function handleTokenRequest(ctx: RequestContext, auth: KubeAuth | undefined): Promise<void> {
  const { namespace, name, type } = ctx.request;
  if (ctx.req.method !== 'POST' || !name || !namespace)
    throw methodNotSupported(ctx.req.method ?? 'GET', ctx.url.pathname);
  const body = await readTypedBody(ctx.req, { apiVersion: API_VERSION, kind: KIND, schema: TOKEN_REQUEST });
  const spec = isJsonObject(body.spec) ? body.spec : {};
  const expirationSeconds =
    typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    throw invalidExpiration(expirationSeconds, 'may not specify a duration less than 10 minutes');
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw invalidExpiration(expirationSeconds, 'may not specify a duration larger than 2^32 seconds');
  }
  const account = ctx.store.require(`${type.group}/${type.resource}`, namespace, name);
  if (!auth) throw new ApiError(503, 'ServiceUnavailable', 'this API server issues no service account tokens');
  const asked = Array.isArray(spec.audiences) ? spec.audiences.filter((a): a is string => typeof a === 'string') : [];
  const audiences = asked.length > 0 ? asked : auth.apiAudiences;
  const nowMs = Date.now();
  const issued = await auth.serviceAccountTokens.issue({
    namespace,
    name,
    uid: account.metadata.uid ?? '',
    audiences,
    expirationSeconds,
    nowMs,
  });
  sendJson(ctx.res, 201, {
    kind: KIND,
    apiVersion: API_VERSION,
    metadata: { name, namespace, creationTimestamp: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: issued,
  });
}
