// A new run, checked against the service's routing as read now: the canary and the baseline must be versions of the
// service, and one run at a time per service. The first step sends stepWeight % to the canary at once (Flagger's
// first iteration at weight 0 checks nothing: no traffic reaches the canary yet).
import type { CanaryRun, CanaryStartBody } from '../../../lib/api/canary.js';
import { afterInterval, intervalMs } from './interval.js';
import { canaryAt, splitOf } from './run-steps.js';

export interface RoutingFacts {
  /** The service's versions (their pods' version label), e.g. ['v1', 'v2']. */
  versions: string[];
  /** The default route's share per version now; null when it goes to no single version (or nothing routes it). */
  weights: Record<string, number> | null;
  objects: CanaryRun['objects'];
}

export type StartResult =
  | { ok: true; run: CanaryRun; weights: Record<string, number> }
  | { ok: false; status: 400 | 409 | 422; problems: { field: string; message: string }[] };

const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const list = (names: string[]) =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The version the canary replaces: the one with the largest share of the default route, else the oldest by name. */
function defaultBaseline(canary: string, routing: RoutingFacts): string | undefined {
  const others = routing.versions.filter((v) => v !== canary).sort(natural);
  const share = (v: string) => routing.weights?.[v] ?? 0;
  return [...others].sort((a, b) => share(b) - share(a))[0];
}

export function startRun(input: {
  service: { namespace: string; name: string };
  body: CanaryStartBody;
  routing: RoutingFacts;
  existing: CanaryRun | null;
  by: string;
  now: Date;
  id: string;
}): StartResult {
  const { service, body, routing, existing, by, now } = input;
  if (existing && (existing.phase === 'progressing' || existing.phase === 'paused'))
    return {
      ok: false,
      status: 409,
      problems: [
        {
          field: 'canary',
          message:
            `a canary run of ${service.name} is already ${existing.phase} (${canaryAt(existing)}): ` +
            (existing.phase === 'paused' ? 'resume or abort it first' : 'abort it first'),
        },
      ],
    };

  const versions = [...routing.versions].sort(natural);
  const has = `${service.name} has ${versions.length === 1 ? 'version' : 'versions'} ${list(versions)}`;
  if (versions.length < 2)
    return refuse(
      422,
      'canary',
      versions.length === 0
        ? `${service.name} has no versions (none of its pods has a version label): deploy the canary with its own version label`
        : `${has} only: deploy the canary as a second version with its own version label`,
    );
  if (!versions.includes(body.canary))
    return refuse(422, 'canary', `${service.name} has no version ${body.canary}; ${has}`);
  if (body.baseline !== undefined && !versions.includes(body.baseline))
    return refuse(422, 'baseline', `${service.name} has no version ${body.baseline}; ${has}`);
  const baseline = body.baseline ?? (defaultBaseline(body.canary, routing) as string);
  if (baseline === body.canary) return refuse(422, 'baseline', 'baseline: must differ from the canary version');
  if (body.maxWeight < body.stepWeight)
    return refuse(
      422,
      'maxWeight',
      `maxWeight ${body.maxWeight} is less than stepWeight ${body.stepWeight}: the first step already sends stepWeight %`,
    );
  try {
    intervalMs(body.interval);
  } catch (err) {
    return refuse(400, 'interval', (err as Error).message);
  }

  const spec: CanaryRun['spec'] = {
    canary: body.canary,
    baseline,
    stepWeight: body.stepWeight,
    maxWeight: body.maxWeight,
    interval: body.interval,
    failureThreshold: body.failureThreshold,
    gates: body.gates,
    rewriteOnPromotion: body.rewriteOnPromotion,
  };
  const at = now.toISOString();
  const weight = body.stepWeight;
  const run: CanaryRun = {
    id: input.id,
    service: { namespace: service.namespace, name: service.name },
    spec,
    phase: 'progressing',
    weight,
    failedChecks: 0,
    startedAt: at,
    startedBy: by,
    updatedAt: at,
    nextStepAt: afterInterval(now, body.interval),
    pausedReason: null,
    objects: routing.objects,
    steps: [
      {
        time: at,
        weight,
        gates: [],
        decision: 'start',
        reason:
          `started by ${by}: ${weight} % to ${spec.canary}, ${100 - weight} % to ${baseline}; ` +
          `first check in ${spec.interval}`,
        by,
        entryId: null,
      },
    ],
  };
  return { ok: true, run, weights: splitOf(spec, weight) };
}

function refuse(status: 400 | 422, field: string, message: string): StartResult {
  return { ok: false, status, problems: [{ field, message }] };
}
