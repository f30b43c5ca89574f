// Reads the `name: value` lines a child process prints until it prints `ready`.
import type { ChildProcess } from 'node:child_process';

export function readEndpointLines(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
): Promise<Record<string, string>> {
  const endpoints: Record<string, string> = {};
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${out}${err}`)),
      timeoutMs,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready:\n${out}${err}`));
    };
    child.once('exit', onExit);
    let pending = '';
    child.stdout?.on('data', function onData(d: Buffer) {
      out += d.toString();
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.trim();
        const m = /^([a-z]+): (.+)$/.exec(line);
        if (m) endpoints[m[1]!] = m[2]!;
        if (line === 'ready') {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.stdout?.off('data', onData);
          resolve(endpoints);
        }
      }
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
