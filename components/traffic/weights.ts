// The weights the panel edits, kept summing to 100 as a person moves one of them (pure, unit-tested).

export type Weights = Record<string, number>;

/** Whole percent from anything typed or slid: NaN and out of range are clamped, fractions rounded. */
export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, Math.round(value)));
}

/**
 * Sets one version's share and spreads the rest over the others so the total stays 100. With two versions the other
 * gets 100 − x; with more, the rest keeps the others' proportions (equal shares when they were all 0), rounded by
 * largest remainder so that the whole numbers still sum to exactly 100.
 */
export function rebalance(weights: Weights, order: string[], version: string, value: number): Weights {
  const x = clampPercent(value);
  const others = order.filter((v) => v !== version);
  const next: Weights = { [version]: x };
  if (others.length === 0) return { [version]: 100 };
  const rest = 100 - x;
  const current = others.map((v) => Math.max(0, weights[v] ?? 0));
  const total = current.reduce((a, b) => a + b, 0);
  const exact = current.map((w) => (total > 0 ? (rest * w) / total : rest / others.length));
  const floors = exact.map(Math.floor);
  let left = rest - floors.reduce((a, b) => a + b, 0);
  // The largest remainders get the leftover points; ties go to the earlier version, so the result is stable.
  const byRemainder = exact.map((e, i) => ({ i, r: e - floors[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  others.forEach((v, i) => (next[v] = floors[i]!));
  return Object.fromEntries(order.map((v) => [v, next[v] ?? 0]));
}

/** The presets, as [first version's share, second's]; any further version gets 0. */
export const PRESETS: readonly (readonly [number, number])[] = [
  [100, 0],
  [90, 10],
  [50, 50],
  [0, 100],
];

export function presetWeights(order: string[], [first, second]: readonly [number, number]): Weights {
  return Object.fromEntries(order.map((v, i) => [v, i === 0 ? first : i === 1 ? second : 0]));
}

/** Where the panel starts: the route's current split, or everything on the first version when nothing splits it. */
export function startingWeights(order: string[], current: Weights | null): Weights {
  if (current && order.length > 0) return Object.fromEntries(order.map((v) => [v, current[v] ?? 0]));
  return Object.fromEntries(order.map((v, i) => [v, i === 0 ? 100 : 0]));
}

export const sameWeights = (a: Weights, b: Weights): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** "90/10" for the order given. */
export const weightsText = (order: string[], w: Weights): string => order.map((v) => w[v] ?? 0).join('/');
