// Writes to the Kubernetes API: create, replace (PUT), patch and delete, each with the API server's own safety nets:
// dryRun=All (everything but the write: admission, validation, conflicts), fieldManager (who owns which field, shown
// by `kubectl get --show-managed-fields`), optimistic concurrency (metadata.resourceVersion on a PUT, preconditions on
// a DELETE: a stale one answers 409), and SelfSubjectAccessReview (may this user do that?). Sources: the API
// conventions (kubernetes.io/docs/reference/using-api/api-concepts: "Dry-run", "Field management", "Resource
// versions"), and the Status object of a failure (k8s.io/apimachinery pkg/apis/meta/v1 types.go: Status, StatusCause).
import { KubernetesError, RefusedError } from '../errors.js';
import { requireDeclared } from './kube-calls.js';
import type { KubeObject, KubernetesSource } from './kubernetes.js';

export const SEXTANT_FIELD_MANAGER = 'sextant';

/** The object a write names: enough to build its path. */
export interface WriteTarget {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** One field the API server refused, as its Status' causes name it (e.g. spec.http[0].route[0].weight). */
export interface FieldCause {
  field: string | null;
  message: string;
}

/**
 * The object changed (or appeared) since it was read: a PUT with a stale resourceVersion, a DELETE whose precondition
 * failed, a create of a name that now exists. Never retried blindly: the caller re-reads and shows the new state.
 */
export class KubernetesConflictError extends RefusedError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** The API server refused the write itself (400/403/422…): its message and field causes are kept. */
export class KubernetesWriteError extends KubernetesError {
  constructor(
    readonly status: number,
    readonly causes: FieldCause[],
    message: string,
  ) {
    super('rejected', message);
  }
}

export interface AccessQuestion {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';
  group: string;
  resource: string;
  namespace: string;
  name?: string;
}

/** The API server's answer, or `unknown` when it cannot say (the cluster does not serve the review). */
export interface AccessAnswer {
  allowed: boolean;
  unknown?: boolean;
  reason: string | null;
}

// The plural resource name of each kind Sextant writes (the API's own, as `kubectl api-resources` lists them).
const RESOURCES: Record<string, string> = {
  VirtualService: 'virtualservices',
  DestinationRule: 'destinationrules',
  HTTPRoute: 'httproutes',
  GRPCRoute: 'grpcroutes',
  ConfigMap: 'configmaps',
  Service: 'services',
  Lease: 'leases', // coordination.k8s.io/v1: the canary runner's one-replica-at-a-time lock
};

export function resourceOf(kind: string): string {
  const resource = RESOURCES[kind];
  if (!resource) throw new Error(`Sextant does not write ${kind} objects`);
  return resource;
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}

/** /apis/{group}/{version}/namespaces/{ns}/{resource}[/{name}], or /api/v1/… for the core group. */
export function objectPath(target: Omit<WriteTarget, 'name'> & { name?: string }): string {
  const base = target.apiVersion.includes('/') ? `/apis/${target.apiVersion}` : `/api/${target.apiVersion}`;
  const collection = `${base}/namespaces/${encodeURIComponent(target.namespace)}/${resourceOf(target.kind)}`;
  return target.name === undefined ? collection : `${collection}/${encodeURIComponent(target.name)}`;
}

function describe(t: WriteTarget): string {
  return `${t.kind} ${t.namespace}/${t.name}`;
}

interface StatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function parseStatus(text: string): StatusBody {
  try {
    return JSON.parse(text) as StatusBody;
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** A failed write as the module's sentences: what was refused, the API server's words, and what to check. */
export function writeFailure(action: string, t: WriteTarget, status: number, text: string): Error {
  const body = parseStatus(text);
  const said = body.message ?? `status ${status}`;
  if (status === 409)
    return new KubernetesConflictError(
      `${describe(t)} changed since Sextant read it (the API server refused to ${action} it: ${said}); read it again and review the new state before changing it`,
    );
  const causes: FieldCause[] = (body.details?.causes ?? []).map((c) => ({
    field: c.field ?? null,
    message: c.message ?? c.reason ?? '',
  }));
  const hint =
    status === 401 || status === 403
      ? "; check the credentials and RBAC of Sextant's user"
      : status === 404
        ? '; check that it still exists and that the cluster serves its kind'
        : status >= 500
          ? '; the API server failed, try again'
          : '';
  return new KubernetesWriteError(
    status,
    causes,
    `the API server refused to ${action} ${describe(t)} (${status}): ${said}${hint}`,
  );
}

function query(options: WriteOptions): string {
  const params = new URLSearchParams({ fieldManager: SEXTANT_FIELD_MANAGER });
  if (options.dryRun) params.set('dryRun', 'All');
  return `?${params.toString()}`;
}

function targetOf(obj: KubeObject): WriteTarget {
  if (!obj.apiVersion || !obj.kind || !obj.metadata.namespace)
    throw new Error(`a write needs apiVersion, kind and namespace (${obj.kind ?? '?'} ${obj.metadata.name})`);
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

async function parsed(answer: { text: string }, what: string): Promise<KubeObject> {
  try {
    return JSON.parse(answer.text) as KubeObject;
  } catch (err) {
    throw new KubernetesError(
      'malformed',
      `the API server answered a write of ${what} with something other than JSON`,
      err,
    );
  }
}

export interface KubernetesWrites {
  /** POST: the object must not exist (409 conflict if it does). */
  createObject(obj: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /** PUT with obj.metadata.resourceVersion: a stale one is a conflict, never an overwrite. */
  updateObject(obj: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /** PATCH: RFC 6902 json-patch (a list of operations) or RFC 7386 merge patch (an object). */
  patchObject(
    target: WriteTarget,
    patch: unknown[] | Record<string, unknown>,
    options?: WriteOptions,
  ): Promise<KubeObject>;
  /** DELETE with preconditions.resourceVersion when given: deleting what someone changed since is a conflict. */
  deleteObject(target: WriteTarget, resourceVersion: string | undefined, options?: WriteOptions): Promise<void>;
  /** SelfSubjectAccessReview: may Sextant's user do this? */
  accessReview(question: AccessQuestion, options?: { signal?: AbortSignal }): Promise<AccessAnswer>;
}

export function kubernetesWrites(kube: KubernetesSource): KubernetesWrites {
  /** One write: the verb names it in errors and in the source-call metrics; a 4xx/5xx is the module's error. */
  async function write(
    verb: 'create' | 'update' | 'patch' | 'delete',
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    t: WriteTarget,
    path: string,
    body: unknown,
    options: WriteOptions,
    contentType = 'application/json',
  ) {
    const answer = await kube.send(method, path + query(options), {
      body: JSON.stringify(body),
      contentType,
      signal: options.signal,
      operation: verb,
    });
    if (answer.status >= 400) throw writeFailure(verb, t, answer.status, answer.text);
    return answer;
  }

  return {
    async createObject(obj, options = {}) {
      const t = targetOf(obj);
      const answer = await write('create', 'POST', t, objectPath({ ...t, name: undefined }), obj, options);
      return parsed(answer, describe(t));
    },
    async updateObject(obj, options = {}) {
      const t = targetOf(obj);
      if (!obj.metadata.resourceVersion)
        throw new Error(`an update of ${describe(t)} needs the resourceVersion it was read at`);
      const answer = await write('update', 'PUT', t, objectPath(t), obj, options);
      return parsed(answer, describe(t));
    },
    async patchObject(t, patch, options = {}) {
      const type = Array.isArray(patch) ? 'application/json-patch+json' : 'application/merge-patch+json';
      const answer = await write('patch', 'PATCH', t, objectPath(t), patch, options, type);
      return parsed(answer, describe(t));
    },
    async deleteObject(t, resourceVersion, options = {}) {
      // DeleteOptions in the body (the API server reads dryRun and preconditions there as well as in the query).
      const body = {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        ...(resourceVersion ? { preconditions: { resourceVersion } } : {}),
        ...(options.dryRun ? { dryRun: ['All'] } : {}),
      };
      await write('delete', 'DELETE', t, objectPath(t), body, options);
    },
    async accessReview(q, options = {}) {
      // A right asked about is one the console may need itself (the anonymous strategy, the canary runner).
      requireDeclared({ verb: q.verb, group: q.group, resource: q.resource });
      const review = {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace: q.namespace,
            verb: q.verb,
            group: q.group,
            resource: q.resource,
            ...(q.name ? { name: q.name } : {}),
          },
        },
      };
      const answer = await kube.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: JSON.stringify(review),
        contentType: 'application/json',
        signal: options.signal,
        operation: 'access-review',
      });
      if (answer.status === 404)
        return {
          allowed: true,
          unknown: true,
          reason: 'the cluster does not serve SelfSubjectAccessReview, so Sextant cannot check rights before writing',
        };
      if (answer.status >= 400) {
        const body = parseStatus(answer.text);
        return {
          allowed: false,
          unknown: true,
          reason: `the access review was refused: ${body.message ?? answer.status}`,
        };
      }
      const status = (
        JSON.parse(answer.text) as { status?: { allowed?: boolean; reason?: string; evaluationError?: string } }
      ).status;
      const allowed = status?.allowed === true;
      const what = `${q.verb} ${q.group ? `${q.resource}.${q.group}` : q.resource}${q.name ? ` ${q.name}` : ''} in ${q.namespace}`;
      return {
        allowed,
        reason: allowed
          ? null
          : `${kube.actingFor === 'console' ? "Sextant's user " : ''}${kube.user} may not ${what}${status?.reason ? ` (${status.reason})` : ''}; ask for an RBAC role that allows it`,
      };
    },
  };
}
