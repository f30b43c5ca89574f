'use client';
import { useSearchParams } from 'next/navigation';
import { METRIC_SPLITS, type EntityMetricsResponse, type MetricSplit } from '@/lib/api/entity-metrics';
import { useEntityMetrics } from '@/lib/api/use-entity-metrics';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { durationSeconds } from '@/lib/duration';
import { rangeSearch } from '@/lib/range-select';
import { parseTimeRange, type TimeRange } from '@/lib/time-range';
import type { EntityRef } from '../detail/entity-ref';
import { timeAxis } from '../graph/model/graph-chart-axes';
import { useSetSearch } from '../shell/use-set-search';
import { Loading, SourceDown } from '../ui/panel-message';
import type { TimeAxis } from '../graph/model/graph-chart-axes';
import { ConfigChangeList } from './config-change-list';
import { MetricChart } from './metric-chart';
import { MetricControls, type MetricControlValues } from './metric-controls';
import { RangeControls } from './range-controls';
import { useTraceDots } from './trace-dots';
import { WhyPanel } from '../why/why-panel';
import { useMarkerIntents } from '../traffic/use-marker-intents';

/** The tab's controls as the URL holds them (`?direction=outbound&by=version&reporter=source`). */
function useMetricControls(canSend: boolean): MetricControlValues {
  const search = useSearchParams();
  const direction = canSend && search.get('direction') === 'outbound' ? 'outbound' : 'inbound';
  const asked = search.get('by');
  const by = METRIC_SPLITS.includes(asked as MetricSplit) ? (asked as MetricSplit) : undefined;
  const askedReporter = search.get('reporter');
  const reporter =
    askedReporter === 'source' || askedReporter === 'destination'
      ? askedReporter
      : direction === 'inbound'
        ? 'destination'
        : 'source';
  return { direction, by, reporter };
}

/** The tab's one time axis: the window up to the last point or marker (or now, before any data). */
function sharedAxis(answer: EntityMetricsResponse, windowSeconds: number): TimeAxis {
  const last = Math.max(
    0,
    ...answer.charts.flatMap((c) => c.series.map((s) => s.points.at(-1)?.[0] ?? 0)),
    ...answer.markers.map((m) => m.time),
  );
  const end = last > 0 ? last : Math.floor(Date.now() / 1000);
  const domain: [number, number] = [end - windowSeconds, end];
  return { domain, ...timeAxis(...domain) };
}

/**
 * Inbound or outbound metrics of one app, workload or service as charts, split as the person chooses, with the config
 * changes that touch it drawn on every chart. Prometheus failing greys this tab only, with its reason and a retry.
 */
export function MetricsTab({ entity }: { entity: EntityRef }) {
  const canSend = entity.resource !== 'services';
  const values = useMetricControls(canSend);
  const setSearch = useSetSearch();
  const { window } = useTimeControls();
  const metrics = useEntityMetrics({ ...entity, ...values });
  const answer = metrics.data;
  const failed = metrics.error;
  const range = parseTimeRange(useSearchParams());
  return (
    <section aria-label="Metrics" className="space-y-3">
      <MetricControls values={values} onChange={setSearch} canSend={canSend} />
      {failed && (
        <SourceDown
          what="Metrics"
          reason={failed.message}
          retry={() => void metrics.refetch()}
          retrying={metrics.isFetching}
        />
      )}
      {!answer && !failed && <Loading>Loading metrics…</Loading>}
      {answer && (
        // The last answer stays readable but grey while Prometheus fails: it is no longer current.
        <div aria-disabled={failed ? true : undefined} className={failed ? 'opacity-40 grayscale' : undefined}>
          <ChartGrid
            answer={answer}
            windowSeconds={durationSeconds(window) ?? 600}
            range={range}
            onRange={(r) => setSearch(rangeSearch(r))}
            entity={entity}
            onOpenTrace={(id) => setSearch({ tab: 'traces', trace: id })}
          />
        </div>
      )}
      {range && <WhyPanel entity={entity} range={range} />}
    </section>
  );
}

function ChartGrid({
  answer,
  windowSeconds,
  range,
  onRange,
  entity,
  onOpenTrace,
}: {
  answer: EntityMetricsResponse;
  windowSeconds: number;
  range: TimeRange | null;
  onRange: (range: TimeRange | null) => void;
  entity: EntityRef;
  onOpenTrace: (traceId: string) => void;
}) {
  const x = sharedAxis(answer, windowSeconds);
  const traces = useTraceDots(entity, x.domain);
  // Numbered in time order, the same number on every chart and in the list.
  const markers = useMarkerIntents(
    entity,
    answer.markers.filter((m) => m.time >= x.domain[0] && m.time <= x.domain[1]),
  );
  return (
    <div className="space-y-3">
      <ConfigChangeList markers={markers} />
      <RangeControls range={range} window={x.domain} onRange={onRange} />
      {traces.note && <p className="text-xs text-slate-500">{traces.note}</p>}
      <div className="grid grid-cols-[repeat(auto-fill,minmax(360px,1fr))] gap-3">
        {answer.charts.map((chart) => (
          <MetricChart
            key={chart.name}
            chart={chart}
            markers={markers}
            x={x}
            range={range}
            onRange={onRange}
            dots={traces.dots}
            onOpenTrace={onOpenTrace}
          />
        ))}
      </div>
    </div>
  );
}
