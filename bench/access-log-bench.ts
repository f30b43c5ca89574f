// Parsing 100,000 access-log lines (issue 17's budget: under 1 s): real lines from shared/fixtures/wire in Istio's
// default TEXT format (the kubelet's timestamp first, as the log API answers) and its JSON encoding, each given its own
// request id so no two lines are alike. The split of the log answer into timed lines is timed with the parse. One
// JSON line.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { splitLog } from '../server/logs/page-pod-log.js';
import { createAccessLogParser } from '../server/telemetry/access-log/access-log-parser.js';

const { values } = parseArgs({ options: { lines: { type: 'string' }, runs: { type: 'string' } } });
const count = Number(values.lines ?? 100_000);
const runs = Number(values.runs ?? 5);
const wire = `${import.meta.dirname}/../../shared/fixtures/wire`;
const read = (name: string) =>
  readFileSync(`${wire}/${name}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

const stamp = '2026-01-31T12:00:00.123456789Z ';
const samples = [
  ...read('access-log-text.txt').map((l) => l.slice(l.indexOf(' ') + 1)),
  ...read('access-log-text-sidecar.txt'),
  ...read('access-log-text-tcp-uf-urx.txt'),
  ...read('access-log-json.txt'),
];
const body =
  Array.from({ length: count }, (_, i) => {
    const line = samples[i % samples.length]!;
    return (
      stamp +
      line.replace(/"request_id":"-"|[0-9a-f]{8}-[0-9a-f]{4}-/, (m) =>
        m.replace(/[0-9a-f-]{8}/, i.toString(16).padStart(8, '0')),
      )
    );
  }).join('\n') + '\n';

const times: number[] = [];
let parsed = 0;
for (let run = 0; run < runs; run++) {
  const parser = createAccessLogParser({ encoding: 'TEXT' });
  const started = performance.now();
  parsed = 0;
  for (const line of splitLog(body, false)) if (parser.parse(line.text)) parsed++;
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    lines: count,
    parsed,
    bestMs: Math.round(times[0]!),
    medianMs: Math.round(times[Math.floor(times.length / 2)]!),
    worstMs: Math.round(times[times.length - 1]!),
  }),
);
