// The YAML cases under test/validation/: each file holds cases, each case starting with a `kind: Case` document
// (name, expected findings, options) followed by the objects it validates.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueIds } from '../../../server/validation/entries.js';
import { loadYaml } from '../../../server/validation/load-yaml.js';
import type { Entry, Finding, ValidationOptions } from '../../../server/validation/types.js';

export const CASES_DIR = join(import.meta.dirname, '../../validation');

export interface Case {
  file: string;
  name: string;
  /** `<severity> <ruleId> <Kind>/<namespace>/<name> <path>` */
  expect: string[];
  options: ValidationOptions;
  entries: Entry[];
  parseFindings: Finding[];
}

export function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const name of readdirSync(CASES_DIR).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const file = join(CASES_DIR, name);
    const loaded = loadYaml(readFileSync(file, 'utf8'), name, 'default');
    let current: Case | undefined;
    for (const e of loaded.entries) {
      if (e.kind === 'Case') {
        const o = e.object as unknown as { name: string; expect?: string[]; options?: ValidationOptions };
        current = {
          file: name,
          name: o.name,
          expect: o.expect ?? [],
          options: o.options ?? {},
          entries: [],
          parseFindings: [],
        };
        cases.push(current);
      } else if (current) current.entries.push(e);
      else throw new Error(`${name}: objects before the first Case document`);
    }
    if (loaded.findings.length) throw new Error(`${name}: ${loaded.findings.map((f) => f.message).join('; ')}`);
  }
  for (const c of cases) uniqueIds(c.entries);
  return cases;
}

export const describeFinding = (f: Finding) =>
  `${f.severity} ${f.ruleId} ${f.object.kind}/${f.object.namespace}/${f.object.name} ${f.path}`;
