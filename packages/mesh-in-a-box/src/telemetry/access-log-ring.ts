/**
 * A container's log: entries (a time, a handle to the line's data and a small tag) kept in time order in a circular
 * buffer of numbers, the oldest dropped beyond a capacity that may change between pushes (the book shrinks every
 * container's share as pods appear). No object is made per entry: at 5,000 workloads lines come and go at ~40k a
 * second, and objects that lived the second or two a line stays were promoted and then died in the old space.
 */
export interface RingEntry {
  timeMs: number;
  handle: number;
  tag: number;
}

export class AccessLogRing {
  private times = new Float64Array(4);
  private handles = new Int32Array(4);
  private tags = new Uint8Array(4);
  private start = 0; // buffer index of the oldest entry
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an entry, then drops the oldest beyond `capacity`, handing each dropped handle to `onDrop`. */
  push(timeMs: number, handle: number, tag: number, capacity: number, onDrop: (handle: number) => void): void {
    if (this.count === this.times.length) this.grow();
    // Lines usually arrive in time order; a short walk back places one that ended earlier than the last.
    let at = this.count;
    while (at > 0 && this.times[this.index(at - 1)]! > timeMs) {
      this.move(at - 1, at);
      at--;
    }
    const i = this.index(at);
    this.times[i] = timeMs;
    this.handles[i] = handle;
    this.tags[i] = tag;
    this.count++;
    while (this.count > Math.max(0, capacity)) onDrop(this.dropOldest());
  }

  /** Empties the ring, handing every handle to `onDrop`. */
  clear(onDrop: (handle: number) => void): void {
    while (this.count > 0) onDrop(this.dropOldest());
  }

  /** Entries from `sinceMs` on (all when undefined), oldest first, at most the last `tail`. */
  slice(sinceMs?: number, tail?: number): RingEntry[] {
    let from = 0;
    if (sinceMs !== undefined) from = this.firstAtOrAfter(sinceMs);
    if (tail !== undefined) from = Math.max(from, this.count - tail);
    const out: RingEntry[] = [];
    for (let k = from; k < this.count; k++) {
      const i = this.index(k);
      out.push({ timeMs: this.times[i]!, handle: this.handles[i]!, tag: this.tags[i]! });
    }
    return out;
  }

  private dropOldest(): number {
    const handle = this.handles[this.start]!;
    this.start = (this.start + 1) % this.times.length;
    this.count--;
    return handle;
  }

  /** The buffer index of the k-th oldest entry. */
  private index(k: number): number {
    const i = this.start + k;
    return i < this.times.length ? i : i - this.times.length;
  }

  private move(fromK: number, toK: number): void {
    const from = this.index(fromK);
    const to = this.index(toK);
    this.times[to] = this.times[from]!;
    this.handles[to] = this.handles[from]!;
    this.tags[to] = this.tags[from]!;
  }

  // Doubles the buffer, unrolled so the oldest entry is at 0 again.
  private grow(): void {
    const length = this.times.length * 2;
    const times = new Float64Array(length);
    const handles = new Int32Array(length);
    const tags = new Uint8Array(length);
    for (let k = 0; k < this.count; k++) {
      const i = this.index(k);
      times[k] = this.times[i]!;
      handles[k] = this.handles[i]!;
      tags[k] = this.tags[i]!;
    }
    this.times = times;
    this.handles = handles;
    this.tags = tags;
    this.start = 0;
  }

  private firstAtOrAfter(timeMs: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.times[this.index(mid)]! < timeMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
