// "Why is this slow / failing?" for a range, as findings (pure): the entity's failing edges with their response codes
// and Envoy's response flags, the flags in words, the service holding the traces' critical paths, the config changes
// in or just before the range, and what changed since the same range earlier. Most important first: failures, then
// their flags, then where the time went, then changes, then the comparison; a part a source could not give is said.
import type { EntityRef } from '../../lib/api/entity-ref.js';
import type { EntityTrafficResponse } from '../../lib/api/entity-traffic.js';
import type { GraphEdge, GraphNode } from '../../lib/api/graph.js';
import type { WhyFinding, WhyLink } from '../../lib/api/why.js';
import type { ConfigChange } from '../changes/change-types.js';
import { responseFlags } from '../../lib/response-flags.js';
import type { ServiceCriticalTime } from './why-critical-time.js';
import { graphPage, istioObjectPage, millis, nodePage, nodeWords, pagePath, percent, rate, span } from './why-words.js';

export type WhyTraffic = Pick<
  EntityTrafficResponse,
  'graphType' | 'injectServiceNodes' | 'entityNodes' | 'nodes' | 'inbound' | 'outbound' | 'metricsError'
>;

export interface WhyInput {
  entity: EntityRef;
  /** The range, unix seconds. */
  fromSeconds: number;
  toSeconds: number;
  traffic: WhyTraffic;
  /** The same range earlier (compare=1h|1d). */
  compare?: { label: string; traffic: WhyTraffic };
  /** The traces of the range: how many, and their critical-path time by Jaeger service; or why there are none. */
  traces: { count: number; byService: ServiceCriticalTime[] } | { error: string; source: 'Jaeger' | 'Tempo' } | null;
  /** Changes touching the entity from a little before the range to its end, oldest first. */
  changes: ConfigChange[];
}

// At most this many failing edges are named: past three, a person reads the graph.
const TOP_EDGES = 3;

const isErrorCode = (code: string) => code === '0' || /^5\d\d$/.test(code);

interface FailingEdge {
  edge: GraphEdge;
  errorRps: number;
  /** code → flag → rps, error codes only. */
  codes: [code: string, flags: [flag: string, rps: number][]][];
}

/**
 * The edges with failing requests, the most failing first. Into a service node, the same requests also take the
 * service's edges to the workloads that answered them, which say who failed: those come first.
 */
function failingEdges(traffic: WhyTraffic): FailingEdge[] {
  const seen = new Set<string>();
  const edges = [...traffic.inbound, ...traffic.outbound].filter((e) => !seen.has(e.id) && seen.add(e.id));
  const serviceNodes = new Set(
    traffic.nodes.filter((n) => n.nodeType === 'service' && traffic.entityNodes.includes(n.id)).map((n) => n.id),
  );
  const intoService = (e: GraphEdge) => (serviceNodes.has(e.target) ? 1 : 0);
  return edges
    .map((edge) => {
      const codes = Object.entries(edge.responseCodes)
        .filter(([code]) => isErrorCode(code))
        .map(([code, c]): FailingEdge['codes'][number] => [
          code,
          Object.entries(c.flags)
            .filter(([, rps]) => rps > 0)
            .sort((a, b) => b[1] - a[1]),
        ])
        .filter(([, flags]) => flags.length > 0);
      const codeRps = codes.reduce((sum, [, flags]) => sum + flags.reduce((s, [, rps]) => s + rps, 0), 0);
      return { edge, codes, errorRps: Math.max(edge.rps * edge.errorRatio, codeRps) };
    })
    .filter((f) => f.errorRps > 0 && f.edge.errorRatio > 0)
    .sort(
      (a, b) =>
        intoService(a.edge) - intoService(b.edge) ||
        b.errorRps - a.errorRps ||
        b.edge.errorRatio - a.edge.errorRatio ||
        a.edge.id.localeCompare(b.edge.id),
    );
}

function codeWords([code, flags]: FailingEdge['codes'][number]): string {
  const shown = code === '0' ? 'no response' : code;
  return flags
    .map(([flag, rps]) =>
      flag === '-' ? `${shown} (no flag: the application answered it) ${rate(rps)}` : `${shown} ${flag} ${rate(rps)}`,
    )
    .join(', ');
}

function edgeFinding(f: FailingEdge, traffic: WhyTraffic, namespace: string): WhyFinding {
  const nodes = new Map<string, GraphNode>(traffic.nodes.map((n) => [n.id, n]));
  const from = nodeWords(nodes.get(f.edge.source), f.edge.source);
  const to = nodeWords(nodes.get(f.edge.target), f.edge.target);
  const main = f.codes.map(([code]) => (code === '0' ? 'no response' : code));
  const flags = [...new Set(f.codes.flatMap(([, flags]) => flags.map(([flag]) => flag)).filter((x) => x !== '-'))];
  const links: WhyLink[] = [{ label: `${from} → ${to} on the graph`, href: graphPage(traffic, namespace, f.edge.id) }];
  for (const [id, words] of [
    [f.edge.target, to],
    [f.edge.source, from],
  ] as const) {
    const page = nodePage(nodes.get(id));
    if (page && !traffic.entityNodes.includes(id)) links.push({ label: words, href: page });
  }
  return {
    kind: 'failing-edge',
    title: `${from} → ${to}: ${percent(f.edge.errorRatio)} of requests fail (${main.join(', ')}${flags.length ? ` ${flags.join(',')}` : ''})`,
    detail: `${rate(f.errorRps)} of ${rate(f.edge.rps)} failed: ${f.codes.map(codeWords).join('; ')}.`,
    links,
  };
}

function flagFindings(failing: FailingEdge[]): WhyFinding[] {
  const rpsByFlag = new Map<string, number>();
  for (const f of failing)
    for (const [, flags] of f.codes)
      for (const [value, rps] of flags)
        for (const flag of responseFlags(value)) rpsByFlag.set(flag.code, (rpsByFlag.get(flag.code) ?? 0) + rps);
  return [...rpsByFlag]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, rps]) => {
      const flag = responseFlags(code)[0]!;
      return {
        kind: 'response-flag' as const,
        title: `${flag.code} (${flag.name}) on ${rate(rps)} of the failures`,
        detail: `Envoy's flag ${flag.code}: ${flag.meaning}.`,
        links: [],
      };
    });
}

/** "sa-logic.demo" (Jaeger's service, as Istio names it: canonical service . namespace) → its app page. */
function jaegerServiceLink(service: string): WhyLink[] {
  const dot = service.lastIndexOf('.');
  if (dot <= 0) return [];
  return [
    { label: service.slice(0, dot), href: pagePath(service.slice(dot + 1), 'applications', service.slice(0, dot)) },
  ];
}

function slowFinding(input: WhyInput): WhyFinding[] {
  const traces = input.traces;
  if (!traces || 'error' in traces || traces.count === 0 || traces.byService.length === 0) return [];
  const top = traces.byService[0]!;
  const own = `${input.entity.name}.${input.entity.namespace}`;
  const name = top.service === own ? `${input.entity.name} itself` : top.service.split('.')[0]!;
  const others = traces.byService
    .slice(1, 4)
    .map((s) => `${s.service.split('.')[0]} ${percent(s.share)}`)
    .join(', ');
  const perTraceMs = top.totalUs / 1000 / Math.max(1, top.traces);
  return [
    {
      kind: 'slow-downstream',
      title: `Most of the traces' time is in ${name}: ${percent(top.share)} of their critical paths`,
      detail:
        `Over ${traces.count} trace${traces.count === 1 ? '' : 's'} of the range, ${top.service} holds ${millis(perTraceMs)} ` +
        `of the critical path in each of the ${top.traces} it is on${others ? `; then ${others}` : ''}.`,
      links: [
        ...jaegerServiceLink(top.service),
        { label: 'the traces of the range', href: `?tab=traces&from=${input.fromSeconds}&to=${input.toSeconds}` },
      ],
    },
  ];
}

function changeFindings(input: WhyInput): WhyFinding[] {
  return [...input.changes]
    .sort((a, b) => b.time - a.time || a.name.localeCompare(b.name))
    .map((c) => ({
      kind: 'config-change' as const,
      title: `${c.kind} ${c.namespace}/${c.name}: ${c.change}`,
      detail:
        c.time >= input.fromSeconds
          ? `${span(c.time - input.fromSeconds)} into the range (${new Date(c.time * 1000).toISOString()}).`
          : `${span(input.fromSeconds - c.time)} before the range (${new Date(c.time * 1000).toISOString()}).`,
      links: [{ label: `${c.kind} ${c.name}`, href: istioObjectPage(c) }],
    }));
}

/** The entity's traffic as one figure: its inbound edges (its outbound when nothing calls it, a gateway). */
function overall(traffic: WhyTraffic): { rps: number; errorRatio: number; p95: number | null } {
  const edges = traffic.inbound.length > 0 ? traffic.inbound : traffic.outbound;
  const rps = edges.reduce((s, e) => s + e.rps, 0);
  const errors = edges.reduce((s, e) => s + e.rps * e.errorRatio, 0);
  const p95s = edges.map((e) => e.p95).filter((p): p is number => p !== undefined && Number.isFinite(p));
  return { rps, errorRatio: rps > 0 ? errors / rps : 0, p95: p95s.length ? Math.max(...p95s) : null };
}

function compareFindings(input: WhyInput, failing: FailingEdge[]): WhyFinding[] {
  const compare = input.compare;
  if (!compare || input.traffic.metricsError) return [];
  if (compare.traffic.metricsError)
    return [missing(`the same range ${compare.label} before`, compare.traffic.metricsError)];
  const now = overall(input.traffic);
  const then = overall(compare.traffic);
  const parts = [`error ratio ${percent(now.errorRatio)} (was ${percent(then.errorRatio)})`];
  if (now.p95 !== null || then.p95 !== null)
    parts.push(
      `p95 ${now.p95 === null ? 'none' : millis(now.p95)} (was ${then.p95 === null ? 'none' : millis(then.p95)})`,
    );
  const before = new Map([...compare.traffic.inbound, ...compare.traffic.outbound].map((e) => [e.id, e]));
  const nodes = new Map(input.traffic.nodes.map((n) => [n.id, n]));
  const fresh = failing.filter((f) => !before.get(f.edge.id)?.errorRatio);
  const freshWords = fresh.map(
    (f) =>
      `${nodeWords(nodes.get(f.edge.source), f.edge.source)} → ${nodeWords(nodes.get(f.edge.target), f.edge.target)}`,
  );
  return [
    {
      kind: 'compare',
      title: `Since ${compare.label} before: ${parts.join(', ')}`,
      detail:
        (fresh.length
          ? `New failing edge${fresh.length === 1 ? '' : 's'}: ${freshWords.join(', ')}.`
          : 'No edge fails now that did not fail then.') + ` Traffic ${rate(now.rps)} (was ${rate(then.rps)}).`,
      links: fresh.map((f, i) => ({
        label: freshWords[i]!,
        href: graphPage(input.traffic, input.entity.namespace, f.edge.id),
      })),
    },
  ];
}

function missing(part: string, reason: string): WhyFinding {
  return { kind: 'missing', title: `Without ${part}`, detail: reason, links: [] };
}

export function buildWhyFindings(input: WhyInput): WhyFinding[] {
  const { traffic, entity } = input;
  const failing = traffic.metricsError ? [] : failingEdges(traffic);
  const findings: WhyFinding[] = [
    ...failing.slice(0, TOP_EDGES).map((f) => edgeFinding(f, traffic, entity.namespace)),
    ...flagFindings(failing.slice(0, TOP_EDGES)),
  ];
  if (failing.length > TOP_EDGES)
    findings.push({
      kind: 'failing-edge',
      title: `${failing.length - TOP_EDGES} more failing edge${failing.length - TOP_EDGES === 1 ? '' : 's'}`,
      detail: 'Quieter failures; the Traffic tab lists every edge.',
      links: [{ label: 'Traffic tab', href: '?tab=traffic' }],
    });
  findings.push(...slowFinding(input), ...changeFindings(input), ...compareFindings(input, failing));
  if (traffic.metricsError) findings.push(missing('the failing edges (Prometheus)', traffic.metricsError));
  const traces = input.traces;
  if (traces && 'error' in traces)
    findings.push(missing(`the traces' critical paths (${traces.source})`, traces.error));
  if (!traces)
    findings.push(missing("the traces' critical paths", 'no Jaeger or Tempo is configured (JAEGER_URL or TEMPO_URL)'));
  if (!traffic.metricsError && failing.length === 0)
    findings.unshift({
      kind: 'healthy',
      title: `No failing requests to or from ${entity.name} in the range`,
      detail: `${rate(overall(traffic).rps)} over ${span(input.toSeconds - input.fromSeconds)}, none answered 5xx or without a response.`,
      links: [],
    });
  return findings;
}
