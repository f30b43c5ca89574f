import type { HistogramRow, StatRow } from './cluster-stats.js';

// /stats/prometheus: Envoy's own stats (those the stats matcher keeps) in the text exposition, before the istio_*
// metrics its stats filters keep. Each name loses what Istio's stats_tags extract from it (bootstrap-config.ts):
// cluster.<name>. becomes the cluster_name label, a trailing _<N>xx the response_code_class label. Istio's
// response_code pattern, _rq(_(\.d{3}))$, never matches a code, so upstream_rq_200 keeps its code in the name.
// The rest is Envoy's PrometheusStatsFormatter: "envoy_" + the name with every other character as "_".

const EXTRACTORS: { tag: string; regex: RegExp }[] = [
  { tag: 'response_code_class', regex: /_rq(_(\dxx))$/d },
  { tag: 'cluster_name', regex: /^cluster\.((.+?(\..+?\.svc\.cluster\.local)?)\.)/d },
  // Istio's listener_address tag: listener.0.0.0.0_15006.no_filter_chain_match → envoy_listener_no_filter_chain_match.
  { tag: 'listener_address', regex: /^listener\.((?:([_.\d]*|[_[\]aAbBcCdDeEfF\d]*))\.)/d },
];

/** Envoy's default histogram bounds (ms), which Istio keeps for cluster histograms. */
const BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function metricOf(statName: string): { metric: string; labels: string } {
  let rest = statName;
  const tags: string[] = [];
  for (const { tag, regex } of EXTRACTORS) {
    const m = regex.exec(rest);
    if (!m?.indices?.[1] || m[2] === undefined) continue;
    tags.push(`${tag}="${escape(m[2])}"`);
    const [from, to] = m.indices[1];
    rest = rest.slice(0, from) + rest.slice(to);
  }
  return { metric: `envoy_${rest.replace(/[^a-zA-Z0-9_]/g, '_')}`, labels: tags.join(',') };
}

const withLabels = (labels: string, extra?: string) => {
  const all = [labels, extra].filter(Boolean).join(',');
  return all ? `{${all}}` : '';
};

export function envoyPrometheus(stats: StatRow[], histograms: HistogramRow[]): string {
  const families = new Map<string, { type: string; lines: string[] }>();
  const family = (metric: string, type: string) => {
    let f = families.get(metric);
    if (!f) families.set(metric, (f = { type, lines: [] }));
    return f;
  };
  for (const stat of stats) {
    const { metric, labels } = metricOf(stat.name);
    family(metric, stat.gauge ? 'gauge' : 'counter').lines.push(`${metric}${withLabels(labels)} ${stat.value}`);
  }
  for (const row of histograms) {
    const { metric, labels } = metricOf(row.name);
    const { counts, sum, count } = row.histogram.buckets(BUCKETS);
    const f = family(metric, 'histogram');
    BUCKETS.forEach((bound, i) => f.lines.push(`${metric}_bucket${withLabels(labels, `le="${bound}"`)} ${counts[i]}`));
    f.lines.push(`${metric}_bucket${withLabels(labels, 'le="+Inf"')} ${count}`);
    f.lines.push(`${metric}_sum${withLabels(labels)} ${Number(sum.toPrecision(15))}`);
    f.lines.push(`${metric}_count${withLabels(labels)} ${count}`);
  }
  const out: string[] = [];
  for (const metric of [...families.keys()].sort()) {
    const f = families.get(metric)!;
    out.push(`# TYPE ${metric} ${f.type}`, ...f.lines);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
