import { describe, expect, it } from 'vitest';
import { ExpositionWriter } from '../../../src/telemetry/exposition-writer.js';

/** Writes `lines` lines of ~100 bytes, handing chunks out as a render generator does, and copies each at once. */
function render(
  pool: Buffer[] | undefined,
  lines: number,
): { text: string; buffers: Set<ArrayBufferLike>; chunks: number } {
  const w = new ExpositionWriter(pool);
  const copies: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const consume = (chunks: Buffer[]) => {
    for (const chunk of chunks) {
      buffers.add(chunk.buffer);
      copies.push(Buffer.from(chunk));
    }
  };
  for (let i = 0; i < lines; i++) {
    w.ascii(`istio_requests_total{pod="p-${i}",destination_workload="${'w'.repeat(60)}"} ${i}\n`);
    if (i % 1000 === 999) consume(w.take());
  }
  consume(w.finish());
  w.recycle();
  return { text: Buffer.concat(copies).toString('latin1'), buffers, chunks: copies.length };
}

describe('the exposition writer', () => {
  it('reuses the buffers of chunks already consumed, and writes the same text', () => {
    const fresh = render(undefined, 150_000);
    const pool: Buffer[] = [];
    const reused = render(pool, 150_000);
    expect(reused.text).toBe(fresh.text);
    expect(fresh.chunks).toBeGreaterThan(3);
    expect(fresh.buffers.size).toBe(fresh.chunks);
    expect(reused.buffers.size).toBeLessThan(3);
    // The next render with the same pool writes into the same buffers, and the same text.
    const again = render(pool, 150_000);
    expect(again.text).toBe(fresh.text);
    expect([...again.buffers].every((b) => reused.buffers.has(b))).toBe(true);
  });
});
