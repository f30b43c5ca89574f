import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../server/validation/catalogue.js';
import { validate } from '../../../server/validation/engine.js';
import { describeFinding, loadCases } from './cases.js';

const cases = loadCases();

describe('the YAML cases under test/validation', () => {
  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_name, c) => {
    const findings = validate(c.entries, c.options);
    expect(findings.map(describeFinding).sort()).toEqual([...c.expect].sort());
  });

  it('has a failing and a passing case for every rule', () => {
    const failing = new Set<string>();
    const passing = new Set<string>();
    for (const c of cases) {
      const rules = new Set(c.expect.map((x) => x.split(' ')[1]!));
      for (const r of rules) failing.add(r);
      if (c.name.startsWith('ok:')) for (const r of c.name.slice(3).split(',')) passing.add(r.trim().split(':')[0]!);
    }
    expect([...failing].filter((r) => !passing.has(r)).sort()).toEqual([]);
  });

  it('makes every covered KIA and IST code appear in some failing case', () => {
    const seen = new Set<string>();
    for (const c of cases) for (const f of validate(c.entries, c.options)) for (const code of f.codes) seen.add(code);
    const missing = Object.entries(CATALOGUE)
      // IST0001 (a rule failing) cannot come from YAML; rules.test.ts provokes it.
      .filter(([code, cov]) => cov.status === 'covered' && code !== 'IST0001' && !seen.has(code))
      .map(([code]) => code);
    expect(missing).toEqual([]);
  });
});
