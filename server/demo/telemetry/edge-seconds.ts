// One true edge's last seconds, as a ring of typed arrays indexed by second: at 5,000 workloads the ground truth
// holds ~8,000 edges × a minute, most seconds with a request or two, and an object, a Map and an array per second
// took ~100 MB of the mesh's 1 GiB budget (issue 3); the ring takes ~45 bytes a second. A second's first response
// code and first latency sit in the ring; only a second with more codes or samples gets a Map or an array.

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
  // By ring slot, only for seconds with more than one code or latency.
  private readonly otherCodes = new Map<number, Map<string, number>>();
  private readonly moreLatencies = new Map<number, number[]>();

  private readonly capacity: number;

  /** Keeps the seconds in [newest - retentionSeconds, newest], and room for one more that ends a second late. */
  constructor(private readonly retentionSeconds: number) {
    const capacity = (this.capacity = retentionSeconds + 2);
    this.second = new Int32Array(capacity).fill(NO_SECOND);
    this.requests = new Uint32Array(capacity);
    this.errors = new Uint32Array(capacity);
    this.http4xx = new Uint32Array(capacity);
    this.mtls = new Uint32Array(capacity);
    this.latencySum = new Float64Array(capacity);
    this.firstLatency = new Float64Array(capacity);
    this.firstCode = new Int16Array(capacity);
    this.firstCodeCount = new Uint32Array(capacity);
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
    } else {
      const key = String(r.code);
      let codes = this.otherCodes.get(i);
      if (!codes) this.otherCodes.set(i, (codes = new Map()));
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    if (n === 1) this.firstLatency[i] = r.latencyMs;
    else if (n <= LATENCY_SAMPLES_PER_SECOND) {
      let more = this.moreLatencies.get(i);
      if (!more) this.moreLatencies.set(i, (more = []));
      more.push(r.latencyMs);
    } else {
      const j = Math.floor(random() * n);
      if (j === 0) this.firstLatency[i] = r.latencyMs;
      else if (j < LATENCY_SAMPLES_PER_SECOND) this.moreLatencies.get(i)![j - 1] = r.latencyMs;
    }
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
      for (const l of this.moreLatencies.get(i) ?? []) into.latencies.push(l);
      const first = this.firstCode[i] === TCP_CODE ? '-' : String(this.firstCode[i]);
      into.codes[first] = (into.codes[first] ?? 0) + this.firstCodeCount[i]!;
      for (const [code, n] of this.otherCodes.get(i) ?? []) into.codes[code] = (into.codes[code] ?? 0) + n;
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
    this.otherCodes.delete(i);
    this.moreLatencies.delete(i);
  }
}

const TCP_CODE = -1;
