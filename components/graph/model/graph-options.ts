import type { LatencyStat } from '../../../lib/api/graph.js';
import { EDGE_LABEL_MODES, type EdgeLabelMode } from './graph-labels.js';
import { durationSeconds } from '../../../lib/duration.js';

// What the toolbar sets. All of it lives in the URL, so a link or a reload opens the same graph drawn the same way;
// an option at its default is left out of the URL.

export interface GraphOptions {
  edgeLabels: EdgeLabelMode;
  latency: LatencyStat;
  layout: 'dagre' | 'cose';
  includeIdle: boolean;
  injectServiceNodes: boolean;
  /** Kiali's operation nodes: kept in the URL (operationNodes=true), since they need a Telemetry to show anything. */
  operationNodes: boolean;
  appBoxes: boolean;
  securityBadges: boolean;
  animation: boolean;
  /** '' = no comparison; otherwise the offset of the earlier window. */
  compareOffset: '' | '10m' | '1h' | '1d';
  grouping: 'auto' | 'on' | 'off';
  renderer: 'auto' | 'canvas' | 'webgl';
  path: boolean;
  miniMap: boolean;
}

export const DEFAULT_OPTIONS: GraphOptions = {
  edgeLabels: 'none',
  latency: 'p95',
  layout: 'dagre',
  includeIdle: false,
  injectServiceNodes: true,
  operationNodes: false,
  appBoxes: true,
  securityBadges: false,
  animation: false,
  compareOffset: '',
  grouping: 'auto',
  renderer: 'auto',
  path: false,
  miniMap: true,
};

// The URL parameter of each option: the option's own name, except where a shorter word was already in links.
const PARAM: Record<keyof GraphOptions, string> = {
  edgeLabels: 'edgeLabels',
  latency: 'latency',
  layout: 'layout',
  includeIdle: 'includeIdle',
  injectServiceNodes: 'injectServiceNodes',
  operationNodes: 'operationNodes',
  appBoxes: 'appBoxes',
  securityBadges: 'securityBadges',
  animation: 'animation',
  compareOffset: 'compare',
  grouping: 'group',
  renderer: 'renderer',
  path: 'path',
  miniMap: 'miniMap',
};

const CHOICES: { [K in keyof GraphOptions]: GraphOptions[K] extends boolean ? 'flag' : readonly GraphOptions[K][] } = {
  edgeLabels: EDGE_LABEL_MODES,
  latency: ['p50', 'p95', 'p99', 'mean'],
  layout: ['dagre', 'cose'],
  includeIdle: 'flag',
  injectServiceNodes: 'flag',
  operationNodes: 'flag',
  appBoxes: 'flag',
  securityBadges: 'flag',
  animation: 'flag',
  compareOffset: ['10m', '1h', '1d'],
  grouping: ['auto', 'on', 'off'],
  renderer: ['auto', 'canvas', 'webgl'],
  path: 'flag',
  miniMap: 'flag',
};

/**
 * The options a URL carries (`?edgeLabels=rate&compare=1h&group=off`); what it leaves out or gets wrong holds its
 * default. A large graph is cheaper to open already set up than to draw and then change.
 */
export function optionsFromSearch(search: URLSearchParams): GraphOptions {
  const options: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  for (const key of Object.keys(PARAM) as (keyof GraphOptions)[]) {
    const raw = search.get(PARAM[key]);
    if (raw === null) continue;
    const choices = CHOICES[key];
    if (choices === 'flag') {
      if (raw === 'true' || raw === 'false') options[key] = raw === 'true';
    } else if ((choices as readonly string[]).includes(raw)) options[key] = raw;
  }
  return options as unknown as GraphOptions;
}

/** The URL parameters for a change of options: null removes a parameter whose option is back at its default. */
export function optionsToSearch(change: Partial<GraphOptions>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(change) as [keyof GraphOptions, GraphOptions[keyof GraphOptions]][]) {
    out[PARAM[key]] = value === DEFAULT_OPTIONS[key] ? null : String(value);
  }
  return out;
}

export type CompareOffset = Exclude<GraphOptions['compareOffset'], ''>;

export const COMPARE_OFFSETS: { value: CompareOffset; label: string }[] = [
  { value: '10m', label: '10 minutes earlier' },
  { value: '1h', label: '1 hour earlier' },
  { value: '1d', label: '1 day earlier' },
];

/**
 * The comparisons Prometheus can serve: the earlier window ends `offset` before now and starts a window before that,
 * so both must fit in what it keeps. Unknown retention (Prometheus down, or not saying) offers them all.
 */
export function servableCompareOffsets(windowSeconds: number, retentionSeconds: number | null): CompareOffset[] {
  return COMPARE_OFFSETS.map((o) => o.value).filter(
    (offset) => retentionSeconds === null || windowSeconds + (durationSeconds(offset) ?? Infinity) <= retentionSeconds,
  );
}
