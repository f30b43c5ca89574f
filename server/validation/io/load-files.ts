// Files and folders → entries: the edge where the pure core meets the disk (read-only: nothing is ever written).
// Folders are walked for .yaml, .yml and .json.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { uniqueIds } from '../entries.js';
import { loadYaml, parseFinding, type Loaded } from '../load-yaml.js';

const EXTENSIONS = /\.(ya?ml|json)$/i;

export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const child = join(p, name);
        const cst = statSync(child, { throwIfNoEntry: false });
        if (cst?.isDirectory()) walk(child);
        else if (EXTENSIONS.test(name)) files.push(child);
      }
    } else files.push(p);
  };
  for (const p of paths) walk(p);
  return { files, missing };
}

/** Loads every file; `display` turns a path into the name findings show (relative to the working directory). */
export function loadFiles(paths: string[], defaultNamespace: string, cwd = process.cwd()): Loaded {
  const { files, missing } = collectFiles(paths);
  const out: Loaded = { entries: [], findings: [] };
  for (const m of missing)
    out.findings.push({ ...parseFinding(m, 1, 'no such file or folder'), ruleId: 'input.not-found' });
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out.findings.push({
        ...parseFinding(shown, 1, `cannot read the file: ${(err as Error).message}`),
        ruleId: 'input.unreadable',
      });
      continue;
    }
    const loaded = loadYaml(text, shown, defaultNamespace);
    out.entries.push(...loaded.entries);
    out.findings.push(...loaded.findings);
  }
  uniqueIds(out.entries);
  return out;
}
