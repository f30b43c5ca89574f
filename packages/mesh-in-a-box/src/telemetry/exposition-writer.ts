// Writes Prometheus text exposition into large buffers: a scrape of thousands of proxies is hundreds of megabytes,
// too much to build as one string, so it is produced and sent chunk by chunk.

const CHUNK_BYTES = 1 << 22;
// Chunks a pool keeps between renders: a consumer that parses each at once needs two or three.
const MAX_POOLED = 4;

export class ExpositionWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly ready: Buffer[] = [];
  // With a pool, chunks handed out by take() are written over once the writer needs room again: for a consumer that
  // is done with a chunk before it asks for the next (the built-in scrape parses each at once). A 5,000-workload
  // scrape is ~280 chunks of 4 MB; fresh ones each time left hundreds of MB of buffers waiting for the GC. The pool
  // outlives the writer, so one render's chunks serve the next (recycle()).
  private handedOut: Buffer[] = [];

  constructor(private readonly pool?: Buffer[]) {
    this.buf = pool?.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
  }

  bytes(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  /** Text of one byte a character, written as Latin-1: ASCII, or a series' labels kept as their UTF-8 bytes. */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** Chunks completed so far; the writer keeps filling a new one. */
  take(): Buffer[] {
    const chunks = this.ready.splice(0, this.ready.length);
    if (this.pool) this.handedOut.push(...chunks);
    return chunks;
  }

  /** Gives the chunks handed out back to the pool, once the consumer is done with the last of them. */
  recycle(): void {
    for (const chunk of this.handedOut) this.toPool(chunk);
    this.handedOut = [];
  }

  /** Everything written, the last partial chunk included. */
  finish(): Buffer[] {
    if (this.pos > 0) this.ready.push(this.buf.subarray(0, this.pos));
    else this.toPool(this.buf); // never handed out
    this.pos = 0;
    this.buf = Buffer.allocUnsafe(0);
    return this.take();
  }

  /** Keeps a whole chunk's buffer for a later render, while the pool has room. */
  private toPool(chunk: Buffer): void {
    if (this.pool && chunk.buffer.byteLength === CHUNK_BYTES && this.pool.length < MAX_POOLED)
      this.pool.push(Buffer.from(chunk.buffer, chunk.byteOffset, CHUNK_BYTES));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.ready.push(this.buf.subarray(0, this.pos));
    this.recycle();
    const spare = n <= CHUNK_BYTES ? this.pool?.pop() : undefined;
    this.buf = spare ?? Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
    this.pos = 0;
  }
}

/** Prometheus' text format for a sample value. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
