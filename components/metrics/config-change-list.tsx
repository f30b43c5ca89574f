'use client';
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import { EntityLink, istioObjectPath } from '../ui/entity-link';

const clock = (t: number) => new Date(t * 1000).toLocaleTimeString();

/**
 * The config changes of the window written out, numbered as the flags on the charts: the charts have room for a
 * number only, and a person wants to read what changed, who changed it and when without hovering each flag.
 */
export function ConfigChangeList({ markers }: { markers: ConfigChangeMarker[] }) {
  if (markers.length === 0)
    return <p className="text-xs text-slate-500">No change to the Istio config that applies here in this window.</p>;
  return (
    <ol aria-label="Config changes in the window" className="space-y-0.5 text-xs text-slate-700">
      {markers.map((m, i) => (
        <li key={`${m.time}-${m.kind}-${m.namespace}-${m.name}`} className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="inline-flex h-3.5 w-3.5 items-center justify-center rounded-full bg-violet-600 text-[8px] text-white"
          >
            {i + 1}
          </span>
          <span className="text-slate-500">{clock(m.time)}</span>
          <EntityLink path={istioObjectPath(m)}>
            {m.kind} {m.namespace}/{m.name}
          </EntityLink>
          <span>{m.change}</span>
        </li>
      ))}
    </ol>
  );
}
