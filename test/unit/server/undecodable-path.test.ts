import { describe, expect, it } from 'vitest';
import { undecodablePath } from '../../../server/undecodable-path.js';

describe('undecodablePath', () => {
  it('tells a % that starts no percent-encoded character, or a cut UTF-8 sequence, from a path that decodes', () => {
    for (const path of ['/api/namespaces/demo/apps/%zz', '/api/x/%', '/api/namespaces/%E0%A4%A/apps', '/a%C0%AE'])
      expect(undecodablePath(path), path).toBe(true);
    for (const path of ['/api/namespaces/demo/apps/sa-logic', '/api/x/%2F%00', '/api/%F0%9F%92%A9', '/a%25zz'])
      expect(undecodablePath(path), path).toBe(false);
  });
});
