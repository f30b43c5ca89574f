// `npm run bench`: prints figures (not pass/fail) for the budgets the issues name.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');

function runJson(script: string, args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', tsx, join(root, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

console.log('Mesh in a box (synthetic scenario), one process per size');
const rows = [1000, 5000].map((workloads) => runJson('bench/mesh-bench.ts', ['--workloads', String(workloads)]));
console.table(rows);
console.log(
  'Budgets: 5,000 workloads tick once a second on one core (meanTickMs < 1000) under 1 GiB (peakRssMB < 1024);',
);
console.log('         a /metrics scrape of 1,000 workloads under 500 ms.');
