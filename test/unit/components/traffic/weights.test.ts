import { describe, expect, it } from 'vitest';
import {
  clampPercent,
  presetWeights,
  rebalance,
  startingWeights,
  weightsText,
} from '../../../../components/traffic/weights.js';

const sum = (w: Record<string, number>) => Object.values(w).reduce((a, b) => a + b, 0);

describe('the traffic panel keeps the weights summing to 100', () => {
  it('gives the other of two versions 100 minus the one moved', () => {
    expect(rebalance({ v1: 100, v2: 0 }, ['v1', 'v2'], 'v2', 10)).toEqual({ v1: 90, v2: 10 });
    expect(rebalance({ v1: 90, v2: 10 }, ['v1', 'v2'], 'v1', 35)).toEqual({ v1: 35, v2: 65 });
  });

  it('spreads the rest over three versions in their proportions, in whole numbers summing to 100', () => {
    const next = rebalance({ v1: 50, v2: 25, v3: 25 }, ['v1', 'v2', 'v3'], 'v1', 67);
    expect(next).toEqual({ v1: 67, v2: 17, v3: 16 });
    expect(sum(next)).toBe(100);
  });

  it('shares the rest equally when the other versions all had 0', () => {
    expect(rebalance({ v1: 100, v2: 0, v3: 0 }, ['v1', 'v2', 'v3'], 'v1', 40)).toEqual({ v1: 40, v2: 30, v3: 30 });
  });

  it('reads a typed value as a whole percent from 0 to 100', () => {
    expect(clampPercent(12.6)).toBe(13);
    expect(clampPercent(-5)).toBe(0);
    expect(clampPercent(140)).toBe(100);
    expect(clampPercent(Number.NaN)).toBe(0);
    expect(rebalance({ v1: 50, v2: 50 }, ['v1', 'v2'], 'v2', 250)).toEqual({ v1: 0, v2: 100 });
  });

  it('applies a preset to the first two versions and 0 to the rest', () => {
    expect(presetWeights(['v1', 'v2', 'v3'], [90, 10])).toEqual({ v1: 90, v2: 10, v3: 0 });
  });

  it('starts from the current split, or all on the first version when nothing splits the service', () => {
    expect(startingWeights(['v1', 'v2'], { v1: 90, v2: 10 })).toEqual({ v1: 90, v2: 10 });
    expect(weightsText(['v1', 'v2'], startingWeights(['v1', 'v2'], null))).toBe('100/0');
  });
});
