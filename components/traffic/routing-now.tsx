import type { TrafficRoutingResponse } from '@/lib/api/traffic-change';

const ROUTED_BY = { istio: 'Istio', 'gateway-api': 'Gateway API', none: 'nothing' } as const;

/** The split now, in one line a person (and a test) reads: "Split now: v1 90 %, v2 10 %". */
export function splitText(routing: TrafficRoutingResponse): string {
  if (!routing.weights) return 'No route splits it: the Service spreads requests over all its pods.';
  return `Split now: ${routing.versions.map((v) => `${v.name} ${routing.weights![v.name] ?? 0} %`).join(', ')}`;
}

/** What routes the service now and how its traffic is split, with the GitOps owners that would undo a change. */
export function RoutingNow({ routing }: { routing: TrafficRoutingResponse }) {
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium">{splitText(routing)}</p>
      <p className="text-xs text-slate-600">
        Routed by {ROUTED_BY[routing.routedBy]}
        {routing.objects.length > 0 && `: ${routing.objects.map((o) => `${o.kind} ${o.name}`).join(', ')}`}
        {routing.darkLaunch && `; dark launch to ${routing.darkLaunch.version}`}
        {routing.mirror && `; mirroring ${routing.mirror.percent} % to ${routing.mirror.version}`}
      </p>
      {routing.gitops.length > 0 && (
        <p className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900">
          Managed by GitOps: {routing.gitops.join('; ')}. Its next sync may undo a change made here; the preview offers
          the change as a patch to commit instead.
        </p>
      )}
    </div>
  );
}
