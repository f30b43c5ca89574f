// One true edge's last seconds, as a ring of typed arrays indexed by second: at 5,000 workloads the ground truth
// holds ~8,000 edges × a minute, most seconds with a request or two, and an object, a Map and an array per second
// took ~100 MB of the mesh's 1 GiB budget (issue 3); the ring takes ~45 bytes a second. A second's first response
// code and first latency sit in the ring; further ones go to two flat lists per edge, tagged with their second
// (a Map or an array per second cost ~200 bytes each even for two samples).

// Latencies kept per edge per second; above this, a uniform sample (quantiles stay unbiased).
const LATENCY_SAMPLES_PER_SECOND = 256;
const NO_SECOND = -1;

export interface SecondTotals {
  requests: number;
  errors: number;
  http4xx: number;
  mtls: number;
  latencySum: number;
  latencies: number[];
  codes: Record<string, number>;
}

export class EdgeSeconds {
  newestSecond = NO_SECOND;
  private readonly second: Int32Array;
  private readonly requests: Uint32Array;
  private readonly errors: Uint32Array;
  private readonly http4xx: Uint32Array;
  private readonly mtls: Uint32Array;
  private readonly latencySum: Float64Array;
  private readonly firstLatency: Float64Array;
  private readonly firstCode: Int16Array; // the HTTP status (0: no response); TCP_CODE for TCP's '-'
  private readonly firstCodeCount: Uint32Array;
  // Beyond a second's first: latencies as (second, ms) pairs and codes as (second, code, count) triples, oldest
  // first; entries older than the retention are cut off now and then.
  private moreLatencies: number[] = [];
  private otherCodes: number[] = [];
  private pruneAt = PRUNE_AT;
  private readonly capacity: number;

  /** Keeps the seconds in [newest - retentionSeconds, newest], and room for one more that ends a second late. */
  constructor(private readonly retentionSeconds: number) {
    const capacity = (this.capacity = retentionSeconds + 2);
    // The nine arrays are views of one buffer: a buffer of its own each cost ~200 bytes of ArrayBuffer and backing
    // store bookkeeping besides its data, ~13 MB over the ~8,000 edges of a 5,000-workload mesh.
    const buffer = new ArrayBuffer(2 * align8(capacity * 8) + 6 * align8(capacity * 4) + align8(capacity * 2));
    let at = 0;
    const take = <T>(View: new (b: ArrayBuffer, at: number, n: number) => T, bytes: number): T => {
      const view = new View(buffer, at, capacity);
      at += align8(capacity * bytes);
      return view;
    };
    this.latencySum = take(Float64Array, 8);
    this.firstLatency = take(Float64Array, 8);
    this.second = take(Int32Array, 4).fill(NO_SECOND);
    this.requests = take(Uint32Array, 4);
    this.errors = take(Uint32Array, 4);
    this.http4xx = take(Uint32Array, 4);
    this.mtls = take(Uint32Array, 4);
    this.firstCodeCount = take(Uint32Array, 4);
    this.firstCode = take(Int16Array, 2);
  }

  /** Counts one request that ended in `second`; one older than the ring holds is dropped (it is past retention). */
  add(
    second: number,
    r: { failed: boolean; http4xx: boolean; mtls: boolean; latencyMs: number; code: number | '-' },
    random: () => number,
  ): void {
    const i = second % this.capacity;
    if (this.second[i] !== second) {
      if (this.second[i]! > second) return;
      this.reset(i, second);
    }
    if (second > this.newestSecond) this.newestSecond = second;
    const n = ++this.requests[i]!;
    if (r.failed) this.errors[i]!++;
    if (r.http4xx) this.http4xx[i]!++;
    if (r.mtls) this.mtls[i]!++;
    this.latencySum[i]! += r.latencyMs;
    const code = r.code === '-' ? TCP_CODE : r.code;
    if (n === 1 || this.firstCode[i] === code) {
      this.firstCode[i] = code;
      this.firstCodeCount[i]!++;
    } else this.countOtherCode(second, code);
    if (n === 1) this.firstLatency[i] = r.latencyMs;
    else if (n <= LATENCY_SAMPLES_PER_SECOND) this.moreLatencies.push(second, r.latencyMs);
    else {
      // A uniform sample of the second's requests: the new one replaces the j-th kept, with probability kept/n.
      const j = Math.floor(random() * n);
      if (j === 0) this.firstLatency[i] = r.latencyMs;
      else if (j < LATENCY_SAMPLES_PER_SECOND) this.replaceLatency(second, j, r.latencyMs);
    }
    if (this.moreLatencies.length > this.pruneAt || this.otherCodes.length > this.pruneAt) this.prune();
  }

  private countOtherCode(second: number, code: number): void {
    const codes = this.otherCodes;
    // Entries of this second are at the end, or close to it (hops arrive nearly in end order).
    for (let k = codes.length - 3; k >= 0 && codes[k]! >= second - 1; k -= 3) {
      if (codes[k] === second && codes[k + 1] === code) {
        codes[k + 2]!++;
        return;
      }
    }
    codes.push(second, code, 1);
  }

  /** Replaces the j-th (1-based) of the latencies kept for `second` after its first, counted from the newest. */
  private replaceLatency(second: number, j: number, latencyMs: number): void {
    const more = this.moreLatencies;
    let seen = 0;
    // A second's samples are among the newest entries, so the walk back is short.
    for (let k = more.length - 2; k >= 0; k -= 2) {
      if (more[k] === second && ++seen === j) {
        more[k + 1] = latencyMs;
        return;
      }
    }
  }

  // Drops entries older than the retention once the lists have grown.
  private prune(): void {
    const oldest = this.newestSecond - this.retentionSeconds;
    this.moreLatencies = dropBefore(this.moreLatencies, 2, oldest);
    this.otherCodes = dropBefore(this.otherCodes, 3, oldest);
    this.pruneAt = Math.max(PRUNE_AT, 2 * Math.max(this.moreLatencies.length, this.otherCodes.length));
  }

  /** Adds the seconds in [fromSecond, toSecond) to `into`. */
  sum(fromSecond: number, toSecond: number, into: SecondTotals): void {
    // A slot no later second has reused may be older than the retention.
    fromSecond = Math.max(fromSecond, this.newestSecond - this.retentionSeconds);
    for (let i = 0; i < this.capacity; i++) {
      const s = this.second[i]!;
      if (s < fromSecond || s >= toSecond || this.requests[i] === 0) continue;
      into.requests += this.requests[i]!;
      into.errors += this.errors[i]!;
      into.http4xx += this.http4xx[i]!;
      into.mtls += this.mtls[i]!;
      into.latencySum += this.latencySum[i]!;
      into.latencies.push(this.firstLatency[i]!);
      const first = codeName(this.firstCode[i]!);
      into.codes[first] = (into.codes[first] ?? 0) + this.firstCodeCount[i]!;
    }
    const more = this.moreLatencies;
    for (let k = 0; k < more.length; k += 2) {
      if (more[k]! >= fromSecond && more[k]! < toSecond) into.latencies.push(more[k + 1]!);
    }
    const codes = this.otherCodes;
    for (let k = 0; k < codes.length; k += 3) {
      if (codes[k]! < fromSecond || codes[k]! >= toSecond) continue;
      const name = codeName(codes[k + 1]!);
      into.codes[name] = (into.codes[name] ?? 0) + codes[k + 2]!;
    }
  }

  private reset(i: number, second: number): void {
    this.second[i] = second;
    this.requests[i] = 0;
    this.errors[i] = 0;
    this.http4xx[i] = 0;
    this.mtls[i] = 0;
    this.latencySum[i] = 0;
    this.firstCodeCount[i] = 0;
  }
}

const TCP_CODE = -1;
const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;
// List length (numbers) past which expired entries are cut off; it grows with what is live.
const PRUNE_AT = 256;

const codeName = (code: number) => (code === TCP_CODE ? '-' : String(code));

/** The entries (of `width` numbers, the first a second) from the first at or after `oldest`. */
function dropBefore(list: number[], width: number, oldest: number): number[] {
  let k = 0;
  while (k < list.length && list[k]! < oldest) k += width;
  return k === 0 ? list : list.slice(k);
}
