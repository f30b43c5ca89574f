// Runs long synchronous work (a traffic tick, a scrape) a few milliseconds at a time, so the servers that share the
// mesh in a box's one event loop keep answering: at 5,000 workloads a tick is ~400 ms and a scrape seconds, and a
// query that waited behind them missed the console's 100 ms p95 (issue 5).

/** Advances `steps` until done, yielding to the event loop (setImmediate) every `sliceMs`. */
export function runInSlices(steps: Iterator<unknown>, sliceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const slice = () => {
      try {
        const until = performance.now() + sliceMs;
        do {
          if (steps.next().done) return resolve();
        } while (performance.now() < until);
        setImmediate(slice);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    slice();
  });
}
