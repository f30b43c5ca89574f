// Against the cluster (the console, `sextant validate --cluster`), a finding must not send the user to run with
// --cluster or to add files: they already did. What Sextant does not read live (the mesh config, the injection
// webhooks) is said as such (issue 15, item 4: "--cluster resolves it live", or the finding says why it cannot).
import { describe, expect, it } from 'vitest';
import { validate } from '../../../server/validation/engine.js';
import { loadCases } from './cases.js';

const live = loadCases().flatMap((c) =>
  validate(c.entries, { ...c.options, offline: false, namespacesComplete: true }),
);

describe('the message of every finding of every YAML case, validated against the cluster', () => {
  it('covers the rules that depend on what the inputs hold', () => {
    const rules = new Set(live.map((f) => f.ruleId));
    for (const r of [
      'telemetry.empty-providers',
      'telemetry.unknown-provider',
      'workload.image-auto-without-injection',
    ])
      expect(rules, r).toContain(r);
  });

  it('never says to run with --cluster, or speaks of the inputs or files', () => {
    const wrong = live.filter((f) => /--cluster|among the inputs|to the files|among the files/.test(f.message));
    expect([...new Set(wrong.map((f) => `${f.ruleId}: ${f.message}`))]).toEqual([]);
  });
});
