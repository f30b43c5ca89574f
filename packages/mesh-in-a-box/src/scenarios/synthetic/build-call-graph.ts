import type { SeededRandom } from './seeded-random.js';

export type AppProtocol = 'http' | 'grpc' | 'tcp';

/** One app of the synthetic mesh and what it calls. Apps are numbered so that every call goes to a higher index. */
export interface SyntheticApp {
  index: number;
  namespace: number;
  /** Depth in its namespace's call tree; calls inside a namespace always go deeper. */
  level: number;
  front: boolean;
  protocol: AppProtocol;
  callees: number[];
  /** Index into EXTERNAL_HOSTS when the app also calls out of the mesh. */
  external?: number;
  externalProbability?: number;
  /** Requests per second this app receives. */
  rps: number;
  /** The chance each caller calls this app per request it serves (the same for every caller). */
  callProbability: number;
}

export interface CallGraphShape {
  apps: number;
  namespaces: number;
  externalHosts: number;
}

const MAX_FAN_OUT = 5;
const MIN_FAN_OUT = 2;
const FRONTS = 5;
const DATABASE_SHARE = 0.05;
const GRPC_SHARE = 0.1;
const EXTERNAL_SHARE = 0.03;
const CROSS_NAMESPACE_SHARE = 0.1;

/**
 * A call graph shaped like a company's microservices: each namespace is a team whose services form a shallow tree
 * (fan-out 2 to 5, a few levels deep) with shared dependencies one level down or more; the first namespaces' roots
 * are the fronts the ingress sends to, and every other namespace's root is called from an earlier namespace. Edges
 * only go from lower to higher index, so the graph has no cycle, and paths stay a few dozen hops at most.
 */
export function buildCallGraph(random: SeededRandom, shape: CallGraphShape): SyntheticApp[] {
  const appCount = shape.apps;
  const namespaceCount = Math.max(1, Math.min(shape.namespaces, appCount));
  const apps: SyntheticApp[] = [];
  const blocks: { start: number; end: number; firstOfLevel: number[] }[] = [];
  for (let k = 0; k < namespaceCount; k++) {
    const start = Math.floor((k * appCount) / namespaceCount);
    const end = Math.floor(((k + 1) * appCount) / namespaceCount);
    blocks.push({ start, end, firstOfLevel: [] });
    for (let i = start; i < end; i++) {
      apps.push({
        index: i,
        namespace: k,
        level: 0,
        front: false,
        protocol: 'http',
        callees: [],
        rps: 0,
        callProbability: 1,
      });
    }
    growTree(random, apps, blocks[k]!);
  }
  for (let k = 0; k < Math.min(FRONTS, namespaceCount); k++) apps[blocks[k]!.start]!.front = true;
  for (let k = FRONTS; k < namespaceCount; k++) linkNamespaceRoot(random, apps, blocks, k);

  const leaves = apps.filter((a) => a.callees.length === 0 && !a.front);
  for (const app of random.sample(leaves, Math.round(appCount * DATABASE_SHARE))) app.protocol = 'tcp';
  const services = apps.filter((a) => !a.front && a.protocol !== 'tcp');
  for (const app of random.sample(services, Math.round(appCount * GRPC_SHARE))) app.protocol = 'grpc';
  if (shape.externalHosts > 0) {
    const callers = apps.filter((a) => a.callees.length > 0 && a.callees.length < MAX_FAN_OUT);
    for (const app of random.sample(callers, Math.round(appCount * EXTERNAL_SHARE))) {
      app.external = random.int(0, shape.externalHosts - 1);
    }
  }
  for (const app of apps) if (app.callees.length > 0) addSharedDependencies(random, apps, blocks, app);
  assignRates(random, apps);
  return apps;
}

/** Breadth-first, so index order is level order: level l's apps all come before level l+1's. */
function growTree(
  random: SeededRandom,
  apps: SyntheticApp[],
  block: { start: number; end: number; firstOfLevel: number[] },
) {
  block.firstOfLevel = [block.start];
  let next = block.start + 1;
  for (let i = block.start; i < block.end && next < block.end; i++) {
    const parent = apps[i]!;
    const children = Math.min(random.int(i === block.start ? 2 : 1, 4), block.end - next);
    for (let c = next; c < next + children; c++) {
      apps[c]!.level = parent.level + 1;
      if (block.firstOfLevel[parent.level + 1] === undefined) block.firstOfLevel[parent.level + 1] = c;
      parent.callees.push(c);
    }
    next += children;
  }
}

function linkNamespaceRoot(
  random: SeededRandom,
  apps: SyntheticApp[],
  blocks: { start: number; end: number }[],
  k: number,
) {
  const parentBlock = blocks[Math.floor((k - FRONTS) / 4)]!;
  const root = blocks[k]!.start;
  const open = (a: SyntheticApp) => a.callees.length > 0 && a.callees.length < MAX_FAN_OUT - 1;
  const inBlock = apps.slice(parentBlock.start, parentBlock.end);
  let candidates = inBlock.filter((a) => open(a) && a.level <= 1);
  if (candidates.length === 0) candidates = inBlock.filter(open);
  if (candidates.length === 0) candidates = apps.slice(0, root).filter((a) => a.callees.length < MAX_FAN_OUT - 1);
  if (candidates.length > 0) random.pick(candidates).callees.push(root);
}

function addSharedDependencies(
  random: SeededRandom,
  apps: SyntheticApp[],
  blocks: { start: number; end: number; firstOfLevel: number[] }[],
  app: SyntheticApp,
) {
  const block = blocks[app.namespace]!;
  const external = app.external === undefined ? 0 : 1;
  const wanted = random.int(Math.max(MIN_FAN_OUT, app.callees.length + external), MAX_FAN_OUT) - external;
  const deeper = block.firstOfLevel[app.level + 1] ?? block.end;
  for (let tries = 0; app.callees.length < wanted && tries < 20; tries++) {
    const later = block.end < apps.length && (deeper >= block.end || random.chance(CROSS_NAMESPACE_SHARE));
    const target = later
      ? random.int(block.end, apps.length - 1)
      : deeper < block.end
        ? random.int(deeper, block.end - 1)
        : -1;
    // Fronts take their traffic from the ingress only, so that their rate stays the one the entry client sends.
    if (target >= 0 && !apps[target]!.front && !app.callees.includes(target)) app.callees.push(target);
  }
}

/**
 * Each app aims at 2 to 4 requests per second. Its callers all call it with the same probability, chosen so that
 * what they send adds up to that aim (or to all they have, if less), so the mesh as a whole carries about 3 rps per
 * app however the graph fans out.
 */
function assignRates(random: SeededRandom, apps: SyntheticApp[]) {
  const offered = new Float64Array(apps.length);
  for (const app of apps) {
    const target = random.between(2, 4);
    if (app.front) app.rps = target;
    else {
      const sent = offered[app.index]!;
      app.callProbability = sent > 0 ? Math.max(0.001, round3(Math.min(1, target / sent))) : 0;
      app.rps = sent * app.callProbability;
    }
    for (const callee of app.callees) offered[callee] = offered[callee]! + app.rps;
    if (app.external !== undefined)
      app.externalProbability = Math.max(0.001, round3(Math.min(1, random.between(0.3, 1) / app.rps)));
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
