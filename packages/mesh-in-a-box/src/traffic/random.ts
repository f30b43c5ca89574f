// Seeded randomness for the traffic model, so a scenario run can be repeated.

export interface Random {
  next(): number; // uniform in [0, 1)
  normal(): number;
  logNormal(medianMs: number, p95Ms: number): number;
  poisson(mean: number): number;
  hex(chars: number): string;
  uuid(): string;
}

const HEX = '0123456789abcdef';

export function createRandom(seed: number = Date.now()): Random {
  // mulberry32: tiny, fast, and good enough for traffic noise.
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const word = () => (((next() * 4294967296) >>> 0) + 4294967296).toString(16).slice(1); // 8 hex digits
  // Ids are joined, not concatenated: `+=` makes a tree of cons strings (~3× the bytes of the flat id) that every
  // hop in flight, log line and span kept (issue 3).
  const hex = (chars: number) => {
    const words: string[] = [];
    for (let n = 0; n < chars; n += 8) words.push(word());
    const out = words.join('');
    return out.length === chars ? out : out.slice(0, chars);
  };
  return {
    next,
    normal,
    // The 95th percentile of a log-normal sits 1.645 standard deviations above the median in log space.
    logNormal: (medianMs, p95Ms) =>
      medianMs * Math.exp((Math.log(Math.max(p95Ms, medianMs) / medianMs) / 1.645) * normal()),
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    hex,
    uuid: () => {
      const h = hex(32);
      const variant = HEX[8 + ((next() * 4) | 0)]!;
      return [h.slice(0, 8), h.slice(8, 12), `4${h.slice(13, 16)}`, variant + h.slice(17, 20), h.slice(20)].join('-');
    },
  };
}
