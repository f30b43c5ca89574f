// The series of the built-in TSDB and how to find them. A series is (metric name, base labels, le): the base is
// shared by every series that differs only in name and `le` (an Istio series has ~67 such siblings), so a mesh of
// a million sample streams keeps ~17k label sets, not a million. Series ids are dense and never reused.
import { LabelSet, SeriesLabels } from './labels.js';
import type { LabelMatcher } from './label-matcher.js';

export interface Base {
  readonly id: number;
  readonly labels: LabelSet;
  /** Series with this base, in the order a scrape last listed them (see seriesFor). */
  readonly series: number[];
  /** Where the current scrape is in `series`; reset by the scrape's generation. */
  cursor: number;
  generation: number;
  /** (name, le) of each series in `series`, as one number, so finding one needs no map per base. */
  keys: number[];
  lookup?: Map<number, number>; // only for bases with very many series (e.g. label-less metrics)
}

const seriesKey = (nameSymbol: number, leSymbol: number) => nameSymbol * 2 ** 24 + (leSymbol + 1);

const NO_SYMBOL = -1;

export class SeriesIndex {
  private readonly symbols: string[] = [];
  private readonly symbolIds = new Map<string, number>();
  private readonly strings = new Map<string, string>();
  private readonly bases: Base[] = [];
  private readonly basesByKey = new Map<string, Base>();
  private readonly byName = new Map<number, number[]>(); // name symbol → series ids
  private nameOf = new Int32Array(1024);
  private baseOf = new Int32Array(1024);
  private leOf = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  symbol(s: string): number {
    let id = this.symbolIds.get(s);
    if (id === undefined) {
      id = this.symbols.length;
      this.symbols.push(s);
      this.symbolIds.set(s, id);
    }
    return id;
  }

  /** One copy of each label name and value, however many label sets hold it. */
  intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** The one base for these labels (sorted, without __name__ and le). */
  base(labels: LabelSet): Base {
    let b = this.basesByKey.get(labels.key);
    if (!b) {
      b = { id: this.bases.length, labels, series: [], keys: [], cursor: 0, generation: -1 };
      this.bases.push(b);
      this.basesByKey.set(labels.key, b);
    }
    return b;
  }

  /**
   * The series id of (name, base, le), created when new. A scrape lists a base's series in the same order every
   * time, so the guess at the base's cursor is almost always right and no map of a million keys is needed.
   */
  seriesFor(base: Base, nameSymbol: number, leSymbol: number, generation: number): number {
    if (base.generation !== generation) {
      base.generation = generation;
      base.cursor = 0;
    }
    const key = seriesKey(nameSymbol, leSymbol);
    const at = base.cursor;
    if (base.keys[at] === key) {
      base.cursor++;
      return base.series[at]!;
    }
    let index = -1;
    if (base.lookup) index = base.lookup.get(key) ?? -1;
    else index = base.keys.indexOf(key);
    if (index < 0) index = this.add(base, nameSymbol, leSymbol, key);
    base.cursor = index + 1;
    return base.series[index]!;
  }

  labelsOf(id: number): SeriesLabels {
    const le = this.leOf[id]!;
    return new SeriesLabels(
      this.bases[this.baseOf[id]!]!.labels,
      this.symbols[this.nameOf[id]!]!,
      le === NO_SYMBOL ? '' : this.symbols[le]!,
    );
  }

  nameOfSeries(id: number): string {
    return this.symbols[this.nameOf[id]!]!;
  }

  /** Ids of the series that match every matcher, ascending. */
  select(matchers: readonly LabelMatcher[]): number[] {
    const nameMatchers = matchers.filter((m) => m.name === '__name__');
    const others = matchers.filter((m) => m.name !== '__name__');
    const leMatchers = others.filter((m) => m.name === 'le');
    const baseMatchers = others.filter((m) => m.name !== 'le');
    let candidates: number[];
    const exact = nameMatchers.find((m) => m.type === '=');
    if (exact) {
      const sym = this.symbolIds.get(exact.value);
      candidates = sym === undefined ? [] : (this.byName.get(sym) ?? []);
    } else if (nameMatchers.length > 0) {
      candidates = [];
      for (const [sym, ids] of this.byName)
        if (nameMatchers.every((m) => m.matches(this.symbols[sym]!))) candidates.push(...ids);
      candidates.sort((a, b) => a - b);
    } else {
      candidates = Array.from({ length: this.count }, (_, i) => i);
    }
    const baseVerdict = new Int8Array(this.bases.length); // 0 unknown, 1 yes, -1 no
    const out: number[] = [];
    for (const id of candidates) {
      if (nameMatchers.length > 0 && !nameMatchers.every((m) => m.matches(this.symbols[this.nameOf[id]!]!))) continue;
      const b = this.baseOf[id]!;
      let verdict = baseVerdict[b]!;
      if (verdict === 0) {
        const labels = this.bases[b]!.labels;
        verdict = baseMatchers.every((m) => m.matches(labels.get(m.name))) ? 1 : -1;
        baseVerdict[b] = verdict;
      }
      if (verdict < 0) continue;
      if (leMatchers.length > 0) {
        const le = this.leOf[id]!;
        const value = le === NO_SYMBOL ? '' : this.symbols[le]!;
        if (!leMatchers.every((m) => m.matches(value))) continue;
      }
      out.push(id);
    }
    return out;
  }

  /** Every metric name with at least one series. */
  metricNames(): string[] {
    return [...this.byName.keys()].map((s) => this.symbols[s]!);
  }

  /** Adds a series; returns its index in base.series. */
  private add(base: Base, nameSymbol: number, leSymbol: number, key: number): number {
    const id = this.count++;
    if (id >= this.nameOf.length) {
      this.nameOf = grow(this.nameOf);
      this.baseOf = grow(this.baseOf);
      this.leOf = grow(this.leOf);
    }
    this.nameOf[id] = nameSymbol;
    this.baseOf[id] = base.id;
    this.leOf[id] = leSymbol;
    base.series.push(id);
    base.keys.push(key);
    if (base.lookup) base.lookup.set(key, base.keys.length - 1);
    else if (base.keys.length > 256) base.lookup = new Map(base.keys.map((k, i) => [k, i]));
    let ids = this.byName.get(nameSymbol);
    if (!ids) this.byName.set(nameSymbol, (ids = []));
    ids.push(id);
    return base.series.length - 1;
  }
}

export { NO_SYMBOL };

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.ceil(a.length * 1.5));
  b.set(a);
  return b;
}
