// Writes Prometheus text exposition into large buffers: a scrape of thousands of proxies is hundreds of megabytes,
// too much to build as one string, so it is produced and sent chunk by chunk.

const CHUNK_BYTES = 1 << 22;

export class ExpositionWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private readonly ready: Buffer[] = [];

  bytes(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  /** ASCII text only (names, numbers, punctuation). */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** Chunks completed so far; the writer keeps filling a new one. */
  take(): Buffer[] {
    return this.ready.splice(0, this.ready.length);
  }

  /** Everything written, the last partial chunk included. */
  finish(): Buffer[] {
    if (this.pos > 0) this.ready.push(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.buf = Buffer.allocUnsafe(0);
    return this.take();
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
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
