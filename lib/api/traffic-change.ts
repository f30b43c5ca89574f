import { z } from 'zod';
import { apiRoute } from './api-route.js';

// POST /api/namespaces/{ns}/services/{name}/traffic: change how a service's traffic is routed (canary weights, a dark
// launch, mirroring, resilience), always as a plan first. `dryRun: true` (what the UI sends first) plans and checks
// and writes nothing; the answer's `plan.resourceVersion` is what the user looked at. `dryRun: false` with that
// `resourceVersion` re-plans from the cluster as it is now and writes only if nothing changed since (409 otherwise,
// "changed since you looked"), with field manager `sextant`, then records the change in the audit log.
// POST …/traffic/rollback with { to?: entryId }: plans (and, without dryRun, applies) the state before that change.
// GET …/traffic/history: the audit log's entries for the service, newest first.
//
// The body's shape is checked here (types, ranges a person could not mean otherwise); what depends on the cluster
// (a version the service does not have, weights that do not sum to 100 over its versions) is the planner's, which
// answers 422 naming the field. Every message names the field and what it accepts.

/** A version of the service as its pods' `version` label (or an existing subset's name) spells it. */
const versionName = z
  .string()
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a version label value such as v1 or v2')
  .max(63, 'a version: at most 63 characters');

/** A duration as Istio spells it in a VirtualService or DestinationRule (protobuf Duration): 500ms, 2s, 1m. */
const istioDuration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as 500ms, 2s or 1m (a number and ms, s, m or h)');

const percent = z.number().min(0, 'a percentage from 0 to 100').max(100, 'a percentage from 0 to 100');

export const weightsChange = z.record(
  versionName,
  z.number({ error: 'a whole number from 0 to 100' }).int('a whole number from 0 to 100').min(0).max(100),
);

/** Requests that match go to `version`; the rest keep their route. */
export const darkLaunchChange = z.object({
  version: versionName,
  match: z.union([
    z.object({
      header: z.string().min(1, 'a header name such as x-usertype'),
      value: z.string().min(1, 'the value to match, such as beta'),
      mode: z.enum(['exact', 'prefix', 'regex']).default('exact'),
    }),
    z.object({
      cookie: z.string().min(1, 'a cookie name such as user'),
      value: z.string().min(1, 'the cookie value to match'),
    }),
  ]),
});

/** A copy of `percent` % of the requests goes to `version` too; its answers are thrown away. null removes mirroring. */
export const mirrorChange = z.object({ version: versionName, percent }).nullable();

/** Each field: a value sets it, null removes it, absent keeps what is there. */
export const resilienceChange = z.object({
  timeout: istioDuration.nullable().optional(),
  retries: z
    .object({
      attempts: z.number().int('a whole number of attempts').min(0).max(100),
      perTryTimeout: istioDuration.optional(),
      retryOn: z.string().optional(), // Envoy's retry conditions, comma-separated: 5xx,reset,connect-failure
    })
    .nullable()
    .optional(),
  circuitBreaker: z
    .object({
      maxConnections: z.number().int().min(1).optional(),
      http1MaxPendingRequests: z.number().int().min(1).optional(),
      http2MaxRequests: z.number().int().min(1).optional(),
      maxRequestsPerConnection: z.number().int().min(0).optional(),
    })
    .nullable()
    .optional(),
  outlierDetection: z
    .object({
      consecutive5xxErrors: z.number().int().min(0).optional(),
      interval: istioDuration.optional(),
      baseEjectionTime: istioDuration.optional(),
      maxEjectionPercent: z.number().int().min(0).max(100).optional(),
    })
    .nullable()
    .optional(),
  fault: z
    .object({
      delay: z.object({ fixedDelay: istioDuration, percent }).optional(),
      abort: z.object({ httpStatus: z.number().int().min(200).max(599), percent }).optional(),
    })
    .nullable()
    .optional(),
});

export const trafficChangeBody = z.object({
  weights: weightsChange.optional(),
  darkLaunch: darkLaunchChange.nullable().optional(), // null removes the dark-launch route Sextant added
  mirror: mirrorChange.optional(),
  resilience: resilienceChange.optional(),
  dryRun: z.boolean().default(false),
  // The plan's resourceVersion the user saw; required to apply (dryRun false).
  resourceVersion: z.string().optional(),
});

export const objectRef = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
});

export const plannedObject = objectRef.extend({
  // delete: only an object Sextant created (its CREATED_BY label), when a rollback returns to before it existed.
  action: z.enum(['create', 'update', 'delete', 'unchanged']),
  // The object as read (null: it does not exist yet) and as it would be after the change (null: deleted); metadata
  // trimmed to name, namespace, labels, annotations and resourceVersion.
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  // RFC 6902 operations from before to after (for a create: the whole object as one add).
  patch: z.array(z.record(z.string(), z.unknown())),
});

export const plan = z.object({
  objects: z.array(plannedObject),
  // A unified diff of the YAML of every object, before → after, for a person to read.
  diff: z.string(),
  // The JSON patch of every object, one list per object in `objects`' order.
  patch: z.array(z.array(z.record(z.string(), z.unknown()))),
  // Opaque: each object's resourceVersion as read (or its absence). Send it back to apply exactly this plan.
  resourceVersion: z.string(),
  // One sentence per intent, e.g. "send 90 % to v1 and 10 % to v2".
  summary: z.array(z.string()),
});

export const trafficFinding = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(), // the validation rule's code (KIA…/IST…) or a check's own: dry-run, access, gitops
  object: objectRef.nullable(),
  path: z.string().nullable(),
  message: z.string(),
  fix: z.string().nullable(),
});

export const trafficChangeResponse = z.object({
  plan,
  // Validation of the objects after the change, and the server-side dry-run's refusal if any: an error blocks apply.
  findings: z.array(trafficFinding),
  // GitOps ownership, missing rights, a change that does nothing: shown, not blocking.
  warnings: z.array(
    z.object({
      kind: z.enum(['gitops', 'access', 'no-change', 'other']),
      message: z.string(),
      object: objectRef.nullable(),
      // For gitops: the change as a patch to commit to the repository instead.
      patch: z.string().optional(),
    }),
  ),
  // Whether this user may write every object of the plan (SelfSubjectAccessReview), and if not why.
  access: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
  applied: z.object({ resourceVersion: z.string(), entryId: z.string() }).optional(),
});

export const auditEntry = z.object({
  id: z.string(),
  time: z.string(), // RFC 3339
  user: z.string(),
  service: z.object({ namespace: z.string(), name: z.string() }),
  intent: z.string(), // the plan's summary joined
  kind: z.enum(['change', 'rollback']),
  objects: z.array(
    objectRef.extend({
      before: z.record(z.string(), z.unknown()).nullable(),
      after: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  result: z.enum(['applied', 'failed', 'conflict']),
  message: z.string().nullable(),
});

export const trafficHistoryResponse = z.object({
  entries: z.array(auditEntry),
  // Entries older than the log keeps, dropped with a count.
  dropped: z.number().int(),
  // The audit log could not be read (and why); entries is empty.
  error: z.string().optional(),
});

export const rollbackBody = z.object({
  to: z.string().optional(), // an audit entry id: restore the state before it; default the last change's
  dryRun: z.boolean().default(false),
  resourceVersion: z.string().optional(),
});

/** How the service is routed now, for the traffic panel to start from. */
export const trafficRoutingResponse = z.object({
  service: z.object({ namespace: z.string(), name: z.string() }),
  // Versions from the pods behind the service (their `version` label), with the subset that selects each, if any.
  versions: z.array(z.object({ name: z.string(), subset: z.string().nullable(), pods: z.number().int() })),
  // What routes the service: Istio's VirtualService/DestinationRule, or Gateway API's HTTPRoute/GRPCRoute.
  routedBy: z.enum(['istio', 'gateway-api', 'none']),
  objects: z.array(objectRef),
  // The default route's share per version, 0–100; null when no route splits it (everything goes by the Service).
  weights: z.record(z.string(), z.number()).nullable(),
  darkLaunch: darkLaunchChange.nullable(),
  mirror: mirrorChange,
  resilience: resilienceChange,
  // A split exists and one version takes less than 100 %: the "send all back" button's target (the baseline).
  sendAllBackTo: z.string().nullable(),
  access: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
  // GitOps owners of the objects, in words; empty when none.
  gitops: z.array(z.string()),
});

export const trafficChangeRoute = apiRoute(
  '/api/namespaces/[ns]/services/[name]/traffic',
  trafficChangeResponse,
  'POST',
);
export const trafficRollbackRoute = apiRoute(
  '/api/namespaces/[ns]/services/[name]/traffic/rollback',
  trafficChangeResponse,
  'POST',
);
export const trafficRoutingRoute = apiRoute(
  '/api/namespaces/[ns]/services/[name]/traffic/routing',
  trafficRoutingResponse,
);
export const trafficHistoryRoute = apiRoute(
  '/api/namespaces/[ns]/services/[name]/traffic/history',
  trafficHistoryResponse,
);

export type WeightsChange = z.output<typeof weightsChange>;
export type DarkLaunchChange = z.output<typeof darkLaunchChange>;
export type MirrorChange = z.output<typeof mirrorChange>;
export type ResilienceChange = z.output<typeof resilienceChange>;
export type TrafficChangeBody = z.output<typeof trafficChangeBody>;
export type ObjectRef = z.output<typeof objectRef>;
export type PlannedObject = z.output<typeof plannedObject>;
export type Plan = z.output<typeof plan>;
export type TrafficFinding = z.output<typeof trafficFinding>;
export type TrafficChangeResponse = z.output<typeof trafficChangeResponse>;
export type TrafficRoutingResponse = z.output<typeof trafficRoutingResponse>;
export type AuditEntry = z.output<typeof auditEntry>;
export type TrafficHistoryResponse = z.output<typeof trafficHistoryResponse>;
export type RollbackBody = z.output<typeof rollbackBody>;
