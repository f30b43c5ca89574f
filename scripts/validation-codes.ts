// docs/validation-codes.md from the catalogue (server/validation/catalogue.ts): every KIA and IST code, what it is,
// the Sextant rules that raise it and whether Sextant checks it. The rule ids are those the YAML cases under
// test/validation/ see raising each code (every covered code has a failing case there). A unit test keeps the doc
// equal to what this builds. Regenerate: npx tsx scripts/validation-codes.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOGUE, type Coverage } from '../server/validation/catalogue.js';
import { CODE_NAMES } from '../server/validation/code-names.js';
import { validate } from '../server/validation/engine.js';
import { loadCases } from '../test/unit/validation/cases.js';

export const DOC_PATH = join(import.meta.dirname, '../docs/validation-codes.md');

/** Code → the rule ids whose findings carry it in the YAML cases. */
export function ruleIdsByCode(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of loadCases())
    for (const f of validate(c.entries, c.options))
      for (const code of f.codes) {
        const ids = out.get(code);
        if (ids) ids.add(f.ruleId);
        else out.set(code, new Set([f.ruleId]));
      }
  // A rule that throws is reported as IST0001; no YAML can provoke it (rules.test.ts does).
  out.set('IST0001', new Set(['internal-error']));
  return out;
}

const STATUS: Record<Coverage['status'], string> = {
  covered: 'covered',
  live: 'needs live state',
  'not-applicable': 'not applicable',
};

const cell = (s: string) => s.replace(/\|/g, '\\|');

function table(codes: string[], nameHeader: string, ruleIds: Map<string, Set<string>>): string[] {
  const rows = [`| Code | ${nameHeader} | Sextant rule ids | Status | Note |`, '| --- | --- | --- | --- | --- |'];
  for (const code of codes) {
    const cov = CATALOGUE[code]!;
    const ids = [...(ruleIds.get(code) ?? [])].sort().map((id) => `\`${id}\``);
    const note = cov.status === 'covered' ? (cov.note ?? '') : cov.reason;
    rows.push(
      `| ${code} | ${cell(CODE_NAMES[code] ?? '')} | ${ids.join(', ')} | ${STATUS[cov.status]} | ${cell(note)} |`,
    );
  }
  return rows;
}

export function validationCodesDoc(ruleIds: Map<string, Set<string>>): string {
  const codes = Object.keys(CATALOGUE).sort();
  const count = (status: Coverage['status']) => codes.filter((c) => CATALOGUE[c]!.status === status).length;
  return [
    '# Validation codes',
    '',
    '<!-- Generated from server/validation/catalogue.ts by `npx tsx scripts/validation-codes.ts`; do not edit. -->',
    '',
    "Every code of Kiali's validations (KIA) and of `istioctl analyze` (IST), and what Sextant does with it:",
    `${count('covered')} covered, ${count('live')} needing live state that neither manifests nor Sextant's watch cache`,
    `hold, ${count('not-applicable')} not applicable (no analyzer of current Istio emits them). "Sextant rule ids" are`,
    "the rules whose findings carry the code in Sextant's test cases (`test/validation/*.yaml`); a finding names both.",
    '',
    '## Kiali (KIA)',
    '',
    ...table(
      codes.filter((c) => !c.startsWith('IST')),
      'Checked on',
      ruleIds,
    ),
    '',
    '## istioctl analyze (IST)',
    '',
    ...table(
      codes.filter((c) => c.startsWith('IST')),
      'istioctl message',
      ruleIds,
    ),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(DOC_PATH, validationCodesDoc(ruleIdsByCode()));
  console.log(`wrote ${DOC_PATH}`);
}
