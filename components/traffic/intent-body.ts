// The change the panel sends: only what the person changed from the service's routing now (pure, unit-tested).
import type {
  DarkLaunchChange,
  MirrorChange,
  TrafficChangeBody,
  TrafficRoutingResponse,
} from '@/lib/api/traffic-change';
import { resilienceChangeOf, type ResilienceDraft } from './resilience-draft';
import { sameWeights, startingWeights, type Weights } from './weights';

export type TrafficIntentBody = Omit<Partial<TrafficChangeBody>, 'dryRun' | 'resourceVersion'>;

/** What the person edited; undefined = left as it is now. */
export interface TrafficEdits {
  weights?: Weights;
  darkLaunch?: DarkLaunchChange | null;
  mirror?: MirrorChange;
  resilience?: ResilienceDraft;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function intentBody(routing: TrafficRoutingResponse, edits: TrafficEdits): TrafficIntentBody {
  const body: TrafficIntentBody = {};
  const order = routing.versions.map((v) => v.name);
  // With no split now, the panel's starting 100/0 is still a change: it writes the route that pins the first version.
  if (
    edits.weights &&
    (routing.weights === null || !sameWeights(edits.weights, startingWeights(order, routing.weights)))
  )
    body.weights = edits.weights;
  if (edits.darkLaunch !== undefined && !same(edits.darkLaunch, routing.darkLaunch)) body.darkLaunch = edits.darkLaunch;
  if (edits.mirror !== undefined && !same(edits.mirror, routing.mirror)) body.mirror = edits.mirror;
  if (edits.resilience) {
    const resilience = resilienceChangeOf(edits.resilience, routing.resilience);
    if (resilience) body.resilience = resilience;
  }
  return body;
}

export const isEmptyIntent = (body: TrafficIntentBody) => Object.keys(body).length === 0;
