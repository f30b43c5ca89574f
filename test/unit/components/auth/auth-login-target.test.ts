import { describe, expect, it } from 'vitest';
import { loginTarget, loginUrlFor } from '../../../../components/auth/login-target.js';

describe('where the login page goes afterwards', () => {
  it('comes back to the page the person was on, with its query', () => {
    expect(loginUrlFor('/graph?namespaces=demo')).toBe('/login?next=%2Fgraph%3Fnamespaces%3Ddemo');
    expect(loginTarget('/graph?namespaces=demo')).toBe('/graph?namespaces=demo');
  });

  it('never leaves the console (no open redirect) and never loops back to the login page', () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'graph', '/login?next=/x', null])
      expect(loginTarget(next)).toBe('/');
  });
});
