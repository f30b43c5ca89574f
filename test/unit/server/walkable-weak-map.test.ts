import { describe, expect, it } from 'vitest';
import { WalkableWeakMap } from '../../../server/walkable-weak-map.js';

describe('a walkable weak map', () => {
  it('walks the values of its keys, once each however often a key was set', () => {
    const map = new WalkableWeakMap<object, number>();
    const east = {};
    const west = {};
    map.set(east, 1).set(west, 2).set(east, 3);
    expect(map.get(east)).toBe(3);
    expect([...map.values()].sort()).toEqual([2, 3]);
  });

  it('reads nothing for a key it was never given', () => {
    expect(new WalkableWeakMap<object, number>().get({})).toBeUndefined();
  });
});
