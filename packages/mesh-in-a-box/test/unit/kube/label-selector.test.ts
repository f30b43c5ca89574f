import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/kube/api-error.js';
import { parseLabelSelector } from '../../../src/kube/label-selector.js';

const v1 = { app: 'reviews', version: 'v1' };
const v2 = { app: 'reviews', version: 'v2' };
const bare = { app: 'ratings' };
const pick = (selector: string) =>
  Object.entries({ v1, v2, bare })
    .filter(([, labels]) => parseLabelSelector(selector)(labels))
    .map(([name]) => name);

describe('parseLabelSelector', () => {
  it('reads equality, inequality, set and existence requirements', () => {
    expect(pick('app=reviews')).toEqual(['v1', 'v2']);
    expect(pick('app==reviews,version=v2')).toEqual(['v2']);
    expect(pick('version!=v2')).toEqual(['v1', 'bare']); // no label counts as "not v2"
    expect(pick('version in (v1, v2)')).toEqual(['v1', 'v2']);
    expect(pick('version notin (v1)')).toEqual(['v2', 'bare']);
    expect(pick('version')).toEqual(['v1', 'v2']);
    expect(pick('!version')).toEqual(['bare']);
    expect(pick('')).toEqual(['v1', 'v2', 'bare']);
  });

  it('refuses a malformed selector with a 400', () => {
    const codeOf = (selector: string) => {
      try {
        parseLabelSelector(selector);
      } catch (err) {
        return err instanceof ApiError ? err.code : 'not an ApiError';
      }
      return 'accepted';
    };
    expect(codeOf('app=re views')).toBe(400);
    expect(codeOf('-bad=x')).toBe(400);
    expect(codeOf('version in (v1')).toBe(400);
  });
});
