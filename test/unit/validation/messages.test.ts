// Every finding a learner can see is words first (what is wrong, why it matters, what to do), the code second
// (issue 15, item 3). Run over every YAML case, online and offline, so a new rule cannot ship a bare code or a
// fragment.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../server/validation/engine.js';
import { loadCases } from './cases.js';

const cases = loadCases();

describe('the message of every finding of every YAML case', () => {
  const findings = cases.flatMap((c) => [
    ...validate(c.entries, c.options),
    ...validate(c.entries, { ...c.options, offline: true }),
  ]);

  it('covers many findings', () => expect(findings.length).toBeGreaterThan(150));

  it('never starts with, or is only, a KIA or IST code', () => {
    const bare = findings.filter(
      (f) => /^\W*(KIA|IST)\d{4}/.test(f.message) || /^\W*(KIA|IST)\d{4}\W*$/.test(f.message),
    );
    expect(bare.map((f) => f.message)).toEqual([]);
  });

  it('is at least one sentence of ten words or more, ending in a full stop', () => {
    const short = findings.filter((f) => f.message.trim().split(/\s+/).length < 10 || !/[.!)]$/.test(f.message.trim()));
    expect([...new Set(short.map((f) => `${f.ruleId}: ${f.message}`))]).toEqual([]);
  });

  it("names kinds as a person knows them, never Sextant's internal K8sGateway", () => {
    const internal = findings.filter((f) => f.message.includes('K8sGateway'));
    expect([...new Set(internal.map((f) => `${f.ruleId}: ${f.message}`))]).toEqual([]);
  });
});
