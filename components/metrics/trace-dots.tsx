'use client';
import { TRACE_ROUTES_BY_RESOURCE, type TraceDot } from './trace-dot-model';
import type { EntityRef } from '../detail/entity-ref';
import { useRoute } from '@/lib/api/use-route';

/**
 * The entity's traces over the charts' time axis, as dots for the duration charts (start time, duration; errors
 * red), from the entity traces API. Its absence or failure is no dots and a note, never a broken tab.
 */
export function useTraceDots(entity: EntityRef, window: [number, number]): { dots: TraceDot[]; note: string | null } {
  // The charts' axis, widened to whole minutes: the query (and its cache key) stays put while the axis creeps on.
  const startSeconds = Math.floor(window[0] / 60) * 60;
  const endSeconds = Math.ceil(window[1] / 60) * 60;
  const traces = useRoute(TRACE_ROUTES_BY_RESOURCE[entity.resource], {
    path: { ns: entity.namespace, name: entity.name },
    search: { start: String(startSeconds * 1_000_000), end: String(endSeconds * 1_000_000), limit: '200' },
  });
  if (traces.error) return { dots: [], note: `No traces on the charts: ${traces.error.message}` };
  const dots = (traces.data?.traces ?? []).map((t) => ({
    traceId: t.traceId,
    t: t.startTime / 1e6,
    durationMs: t.duration / 1000,
    error: t.error,
  }));
  return { dots, note: null };
}

/** One trace as a dot on a chart: a link-like circle that opens the trace (keyboard: Tab, then Enter). */
export function TraceDotShape({
  dot,
  cx,
  cy,
  onOpen,
}: {
  dot: TraceDot;
  cx?: number;
  cy?: number;
  onOpen: (traceId: string) => void;
}) {
  const label = `trace ${dot.traceId.slice(0, 8)}: ${dot.durationMs.toFixed(1)} ms${dot.error ? ', failed' : ''}`;
  return (
    <g
      role="link"
      tabIndex={0}
      aria-label={label}
      data-trace-dot={dot.error ? 'error' : 'ok'}
      style={{ cursor: 'pointer' }}
      // The chart's own mouse-down starts a range drag; a dot is a click of its own.
      onMouseDown={(e) => e.stopPropagation()}
      onClick={() => onOpen(dot.traceId)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(dot.traceId);
      }}
    >
      <title>{label}</title>
      <circle
        cx={cx}
        cy={cy}
        r={3}
        fill={dot.error ? '#dc2626' : '#0f172a'}
        fillOpacity={0.7}
        stroke="#ffffff"
        strokeWidth={0.5}
      />
    </g>
  );
}
