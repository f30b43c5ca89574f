import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildConsoleIfStale, untilServing } from '../../../scripts/console-process.js';
import { freePort, stopChild } from '@sextant/mesh-in-a-box';

// A stand-in for `next build` that prints as much as the real one and exits with the given code.
function fakeRoot(exitCode: number): string {
  const root = mkdtempSync(join(tmpdir(), 'sextant-fake-next-'));
  mkdirSync(join(root, 'node_modules/next/dist/bin'), { recursive: true });
  writeFileSync(
    join(root, 'node_modules/next/dist/bin/next'),
    `for (let i = 1; i <= 40; i++) console.log('build output line ' + i);\nconsole.error('the last word');\nprocess.exit(${exitCode});\n`,
  );
  return root;
}

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('building the console for the demo', () => {
  it('prints nothing of a build that succeeds', async () => {
    const root = fakeRoot(0);
    roots.push(root);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (written.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (written.push(String(s)), true));
    await expect(buildConsoleIfStale(root, 'quiet')).resolves.toBe(true);
    vi.restoreAllMocks();
    expect(written.join('')).not.toContain('build output line');
  });

  it("shows the build's output when it fails", async () => {
    const root = fakeRoot(1);
    roots.push(root);
    const failure = buildConsoleIfStale(root, 'quiet');
    await expect(failure).rejects.toThrow(/next build failed with 1:[\s\S]*build output line 40[\s\S]*the last word/);
  });
});

describe('waiting for the console to serve', () => {
  it("passes the console's errors on, but not the lines it was told to keep quiet", async () => {
    const port = await freePort();
    // A stand-in console: warns as `next start` does with standalone output, logs an error, then serves.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `console.error(' ⚠ "next start" does not work with "output: standalone" configuration.');
         console.error('Error: Prometheus at http://p:9090 did not answer');
         require('node:http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1');`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (written.push(String(s)), true));
    try {
      await untilServing(child, `http://127.0.0.1:${port}`, /"next start" does not work/);
      await vi.waitFor(() => expect(written.join('')).toContain('did not answer'));
    } finally {
      vi.restoreAllMocks();
      await stopChild(child);
    }
    expect(written.join('')).toBe('Error: Prometheus at http://p:9090 did not answer\n');
  });
});
