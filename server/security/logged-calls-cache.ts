// The logged-calls cache: per sidecar (namespace/pod/container), the compact facts of the newest LOG_TAIL_LINES lines
// of its access log that logCalls counts, so that a call reads only the lines written since the last one. Pure: the
// loader (io/read-logged-facts.ts) plans a read, does it through pods/log, and hands the lines back here.
//
// pods/log is read with timestamps=true and sinceTime, which the API server passes on in whole seconds (PodLogOptions,
// k8s.io/api core/v1 types.go: "An RFC3339 timestamp from which to show logs"; metav1.Time marshals to seconds). A
// read since the newest line held therefore repeats the lines of that second already held: they are dropped by their
// kubelet timestamp, and of the lines at exactly the newest timestamp as many as were held.
import { timeKey } from '../logs/page-pod-log.js';
import { createIntern, type Intern, type LogFact } from './log-calls.js';

/** Per pod: the last lines of the window; an hour of a busy pod is cut to its newest lines. */
export const LOG_TAIL_LINES = 20_000;
/** Pods held at most (the least recently used go first): a console visiting many workloads keeps its memory bounded. */
const MAX_PODS_HELD = 32;

export interface PodLogState {
  gateway: boolean;
  /** The server-side lines' facts, oldest first, and each one's line number in the log as read (`seqs`). */
  facts: LogFact[];
  seqs: number[];
  /** Lines appended so far (server-side or not): the next line's number. Only the last LOG_TAIL_LINES are held. */
  lines: number;
  /** Every line at or after this time (epoch ms, a whole second) is held, unless the bound cut them (atBound). */
  coveredSinceMs: number;
  /** The log had more lines than the bound: the facts are its newest LOG_TAIL_LINES lines, good for any window. */
  atBound: boolean;
  /** The newest line's kubelet timestamp, its sortable key, and how many lines held carry exactly that key. */
  newestTime: string | null;
  newestKey: string;
  atNewest: number;
  intern: ReturnType<typeof createIntern>;
}

export interface LoggedCallsCache {
  pods: Map<string, PodLogState>;
}

export function createLoggedCallsCache(): LoggedCallsCache {
  return { pods: new Map() };
}

export const podKey = (namespace: string, pod: string, container: string) => `${namespace}/${pod}/${container}`;

export interface LogRead {
  /** Read the window whole (and start the pod's facts over) rather than the lines since the newest held. */
  whole: boolean;
  /** pods/log sinceTime, RFC 3339 in whole seconds. */
  sinceTime: string;
}

const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const rfc3339Seconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** The state holds every line of a window starting at sinceMs that a read of it would give. */
export const covers = (state: PodLogState, sinceMs: number) =>
  state.atBound || state.coveredSinceMs <= wholeSecond(sinceMs);

/** What to read for a window starting at sinceMs. */
export function planRead(state: PodLogState | undefined, sinceMs: number): LogRead {
  const since = wholeSecond(sinceMs);
  if (!state || state.newestTime === null || !covers(state, since))
    return { whole: true, sinceTime: rfc3339Seconds(Math.min(since, state?.coveredSinceMs ?? since)) };
  return { whole: false, sinceTime: rfc3339Seconds(Number(state.newestKey.slice(0, 12)) * 1000) };
}

/** Epoch ms of a kubelet timestamp; the second's parse is reused while lines stay within it. */
export function createKubeletClock(): (time: string | null) => number {
  let second = '';
  let secondMs = NaN;
  return (time) => {
    if (time === null) return NaN;
    // The kubelet writes UTC (`…Z`); any other zone is read the long way.
    if (!time.endsWith('Z')) {
      const key = timeKey(time);
      return key ? Number(key.slice(0, 12)) * 1000 + Number(key.slice(13, 16)) : NaN;
    }
    const prefix = time.slice(0, 19);
    if (prefix !== second) {
      second = prefix;
      secondMs = Date.parse(`${prefix}Z`);
    }
    const dot = time.indexOf('.', 19);
    const ms = dot < 0 ? 0 : Number(time.slice(dot + 1, Math.min(dot + 4, time.length - 1)).padEnd(3, '0'));
    return secondMs + (Number.isNaN(ms) ? 0 : ms);
  };
}

function emptyState(gateway: boolean, coveredSinceMs: number): PodLogState {
  return {
    gateway,
    facts: [],
    seqs: [],
    lines: 0,
    coveredSinceMs,
    atBound: false,
    newestTime: null,
    newestKey: '',
    atNewest: 0,
    intern: createIntern(),
  };
}

/** A line as read: its kubelet timestamp and text. */
export interface ReadLine {
  time: string | null;
  text: string;
}

/**
 * The pod's state after a read: its new lines appended (those already held dropped), trimmed to the bound. A read
 * that came back with the whole bound of lines is the log's newest lines: it replaces what was held.
 */
export function applyRead(
  held: PodLogState | undefined,
  read: LogRead,
  lines: readonly ReadLine[],
  gateway: boolean,
  factOf: (text: string, ms: number, intern: Intern) => LogFact | null,
): PodLogState {
  const atBound = lines.length >= LOG_TAIL_LINES;
  const sinceMs = Date.parse(read.sinceTime);
  const fresh = read.whole || atBound || !held || held.gateway !== gateway;
  const state = fresh ? emptyState(gateway, sinceMs) : held;
  if (fresh) state.atBound = atBound;
  let start = 0;
  if (!fresh) {
    // The lines of the newest second held come again: skip those at or before the newest timestamp held.
    let sameLeft = state.atNewest;
    while (start < lines.length) {
      const key = timeKey(lines[start]!.time);
      if (key > state.newestKey) break;
      if (key === state.newestKey && sameLeft-- <= 0) break;
      start++;
    }
  }
  const clock = createKubeletClock();
  const intern = state.intern;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const fact = factOf(line.text, clock(line.time), intern);
    if (fact) {
      state.facts.push(fact);
      state.seqs.push(state.lines);
    }
    state.lines++;
  }
  noteNewest(state, lines, start);
  trim(state);
  return state;
}

/** The newest timestamp among the lines appended (from start on), and how many lines held carry it. */
function noteNewest(state: PodLogState, lines: readonly ReadLine[], start: number): void {
  let last = lines.length - 1;
  while (last >= start && lines[last]!.time === null) last--;
  if (last < start) return;
  const time = lines[last]!.time!;
  const key = timeKey(time);
  let same = 0;
  for (let i = last; i >= start && timeKey(lines[i]!.time) === key; i--) same++;
  if (key === state.newestKey) state.atNewest += same;
  else {
    state.newestKey = key;
    state.newestTime = time;
    state.atNewest = same;
  }
}

function trim(state: PodLogState): void {
  const first = state.lines - LOG_TAIL_LINES;
  if (first <= 0) return;
  state.atBound = true;
  let drop = 0;
  while (drop < state.seqs.length && state.seqs[drop]! < first) drop++;
  if (drop > 0) {
    state.facts.splice(0, drop);
    state.seqs.splice(0, drop);
  }
  // The intern table would otherwise grow with every distinct path ever seen: start it over now and then.
  if (state.intern.size() > 4 * LOG_TAIL_LINES) state.intern = createIntern();
}

/** The facts of lines at or after the window's start (a whole second, as the API server would have cut it). */
export function factsSince(state: PodLogState, sinceMs: number): LogFact[] {
  const since = wholeSecond(sinceMs);
  const { facts } = state;
  // Facts are in time order: the first one inside the window by binary search.
  let lo = 0;
  let hi = facts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (facts[mid]!.ms >= since) hi = mid;
    else lo = mid + 1;
  }
  return lo === 0 ? facts : facts.slice(lo);
}

/** Keeps the pod's state as the most recently used, and drops the least recently used beyond the bound. */
export function remember(cache: LoggedCallsCache, key: string, state: PodLogState): void {
  cache.pods.delete(key);
  cache.pods.set(key, state);
  while (cache.pods.size > MAX_PODS_HELD) cache.pods.delete(cache.pods.keys().next().value!);
}

/** Forgets the pods the caller says are gone. */
export function forgetPods(cache: LoggedCallsCache, gone: (key: string) => boolean): void {
  for (const key of [...cache.pods.keys()]) if (gone(key)) cache.pods.delete(key);
}
