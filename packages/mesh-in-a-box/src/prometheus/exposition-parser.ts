// Reads the Prometheus text exposition format (and the OpenMetrics subset promtool backfills) straight from bytes.
// A large mesh's scrape is a gigabyte of text with ~1,000-character label sets, so lines are not decoded one by one:
// consecutive lines of a histogram repeat the same labels but for a trailing `le`, and a line whose labels equal the
// previous line's (a native byte comparison) reuses the previous line's base without decoding anything.
import { LabelSet } from './labels.js';
import { NO_SYMBOL, type Base, type SeriesIndex } from './series-index.js';

export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

export class ExpositionError extends Error {}

const NEWLINE = 0x0a;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const HASH = 0x23;
const SPACE = 0x20;

export interface ParserOptions {
  index: SeriesIndex;
  /** Labels of the scrape target (job, instance); a scraped label of the same name becomes exported_<name>. */
  targetLabels?: LabelSet;
  /** OpenMetrics timestamps are seconds, the text format's milliseconds. */
  timestampUnit?: 'ms' | 's';
  metadata?: Map<string, MetricMetadata>;
  onSample(id: number, value: number, timestampMs: number | undefined): void;
}

interface BaseRef {
  base: Base;
  le: number; // symbol of an `le` found inside the label text, or NO_SYMBOL
}

/** One parse of one exposition (a scrape, or a file). Feed it chunks, then call end(). */
export class ExpositionParser {
  private static generations = 0;
  private readonly generation = ++ExpositionParser.generations;
  private pending: Buffer | undefined;
  private prevName = Buffer.alloc(0);
  private prevNameSymbol = NO_SYMBOL;
  private prevBase = Buffer.alloc(0);
  private prevBaseRef: BaseRef | undefined;
  private readonly baseCache: Map<string, BaseRef>;
  private lineNo = 0;

  /** `baseCache` may be kept across parses of the same target, so a scrape decodes only labels it has not seen. */
  constructor(
    private readonly options: ParserOptions,
    baseCache?: Map<string, BaseRef>,
  ) {
    this.baseCache = baseCache ?? new Map();
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.pending) {
      // Finish the line split across chunks by copying only that line, not the whole (4 MB) chunk.
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return;
      }
      const line = Buffer.concat([this.pending, chunk.subarray(0, nl)]);
      this.pending = undefined;
      this.line(line, 0, line.length);
      pos = nl + 1;
    }
    for (;;) {
      const end = chunk.indexOf(NEWLINE, pos);
      if (end < 0) break;
      this.line(chunk, pos, end);
      pos = end + 1;
    }
    if (pos < chunk.length) this.pending = Buffer.from(chunk.subarray(pos));
  }

  end(): void {
    if (this.pending) {
      const buf = this.pending;
      this.pending = undefined;
      this.line(buf, 0, buf.length);
    }
  }

  private line(buf: Buffer, start: number, end: number): void {
    this.lineNo++;
    if (end > start && buf[end - 1] === 0x0d) end--;
    while (start < end && (buf[start] === SPACE || buf[start] === 0x09)) start++;
    if (start >= end) return;
    if (buf[start] === HASH) return this.comment(buf.toString('utf8', start, end));
    let open = buf.indexOf(OPEN, start);
    if (open >= end) open = -1;
    let nameEnd: number;
    let valueStart: number;
    let baseRef: BaseRef;
    let le = NO_SYMBOL;
    if (open >= 0) {
      const close = buf.lastIndexOf(CLOSE, end - 1);
      if (close < open) throw this.error(buf, start, end, 'unclosed label set');
      nameEnd = open;
      valueStart = close + 1;
      let labelsEnd = close;
      if (labelsEnd > open + 1 && buf[labelsEnd - 1] === 0x2c) labelsEnd--; // a trailing comma is allowed
      let baseEnd = labelsEnd;
      // A trailing le="…" is split off: it is the only label that differs between a histogram's lines. Its value
      // holds no quote, so the opening quote is the nearest one back; searching the buffer for ',le="' would scan
      // megabytes for every line without one.
      if (buf[labelsEnd - 1] === 0x22) {
        let q = labelsEnd - 2;
        while (q > open && buf[q] !== 0x22) q--;
        const pairStart = q - 3;
        if (
          pairStart > open &&
          buf[q - 1] === 0x3d && // =
          buf[q - 2] === 0x65 && // e
          buf[q - 3] === 0x6c && // l
          (buf[pairStart - 1] === 0x2c || pairStart === open + 1)
        ) {
          le = this.options.index.symbol(buf.toString('utf8', q + 1, labelsEnd - 1));
          baseEnd = buf[pairStart - 1] === 0x2c ? pairStart - 1 : pairStart;
        }
      }
      baseRef = this.baseFor(buf, open + 1, baseEnd);
      if (le === NO_SYMBOL) le = baseRef.le;
    } else {
      nameEnd = buf.indexOf(SPACE, start);
      if (nameEnd < 0 || nameEnd > end) throw this.error(buf, start, end, 'no value');
      valueStart = nameEnd;
      baseRef = this.baseFor(buf, nameEnd, nameEnd);
    }
    const nameSymbol = this.nameFor(buf, start, nameEnd);
    const [value, timestampMs] = this.valueAndTimestamp(buf, valueStart, end, start);
    const id = this.options.index.seriesFor(baseRef.base, nameSymbol, le, this.generation);
    this.options.onSample(id, value, timestampMs);
  }

  private nameFor(buf: Buffer, start: number, end: number): number {
    let nameEnd = end;
    while (nameEnd > start && buf[nameEnd - 1] === SPACE) nameEnd--;
    const n = nameEnd - start;
    if (n === this.prevName.length && buf.compare(this.prevName, 0, n, start, nameEnd) === 0)
      return this.prevNameSymbol;
    if (n === 0) throw this.error(buf, start, end, 'no metric name');
    this.prevName = Buffer.from(buf.subarray(start, nameEnd));
    this.prevNameSymbol = this.options.index.symbol(this.prevName.toString('utf8'));
    return this.prevNameSymbol;
  }

  private baseFor(buf: Buffer, start: number, end: number): BaseRef {
    const n = end - start;
    if (this.prevBaseRef && n === this.prevBase.length && buf.compare(this.prevBase, 0, n, start, end) === 0) {
      return this.prevBaseRef;
    }
    const text = buf.toString('utf8', start, end);
    let ref = this.baseCache.get(text);
    if (!ref) {
      ref = this.parseBase(text);
      this.baseCache.set(text, ref);
    }
    this.prevBase = Buffer.from(buf.subarray(start, end));
    this.prevBaseRef = ref;
    return ref;
  }

  private parseBase(text: string): BaseRef {
    const pairs = parseLabelPairs(text, () => new ExpositionError(`line ${this.lineNo}: bad labels {${text}}`));
    const seen = new Set<string>();
    let le = NO_SYMBOL;
    const kept: [string, string][] = [];
    const target = this.options.targetLabels;
    for (const [name, value] of pairs) {
      if (seen.has(name)) throw new ExpositionError(`line ${this.lineNo}: label ${name} repeated in {${text}}`);
      seen.add(name);
      if (name === 'le') le = this.options.index.symbol(value);
      else if (name === '__name__') throw new ExpositionError(`line ${this.lineNo}: __name__ inside the labels`);
      else {
        const index = this.options.index;
        kept.push([index.intern(target && target.get(name) !== '' ? `exported_${name}` : name), index.intern(value)]);
      }
    }
    target?.forEach((n, v) => kept.push([n, v]));
    return { base: this.options.index.base(LabelSet.fromPairs(kept)), le };
  }

  private valueAndTimestamp(buf: Buffer, from: number, end: number, lineStart: number): [number, number | undefined] {
    let p = from;
    while (p < end && buf[p] === SPACE) p++;
    let q = p;
    while (q < end && buf[q] !== SPACE) q++;
    const value = parseNumber(buf, p, q);
    if (Number.isNaN(value) && !isNaNToken(buf, p, q)) throw this.error(buf, lineStart, end, 'bad value');
    while (q < end && buf[q] === SPACE) q++;
    if (q >= end) return [value, undefined];
    let r = q;
    while (r < end && buf[r] !== SPACE) r++;
    const ts = Number(buf.toString('latin1', q, r));
    if (!Number.isFinite(ts)) throw this.error(buf, lineStart, end, 'bad timestamp');
    return [value, this.options.timestampUnit === 's' ? Math.round(ts * 1000) : ts];
  }

  private comment(text: string): void {
    const m = /^#\s+(TYPE|HELP|UNIT)\s+(\S+)\s*(.*)$/.exec(text);
    const metadata = this.options.metadata;
    if (!m || !metadata) return;
    const [, kind, name, rest] = m as unknown as [string, string, string, string];
    let entry = metadata.get(name!);
    if (!entry) metadata.set(name!, (entry = { type: 'unknown', help: '', unit: '' }));
    if (kind === 'TYPE') entry.type = rest === 'untyped' ? 'unknown' : rest;
    else if (kind === 'HELP') entry.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
    else entry.unit = rest;
  }

  private error(buf: Buffer, start: number, end: number, what: string): ExpositionError {
    return new ExpositionError(
      `line ${this.lineNo}: ${what}: ${buf.toString('utf8', start, Math.min(end, start + 200))}`,
    );
  }
}

/** Parses `a="x",b="y"` with the text format's escapes (\\, \", \n). */
export function parseLabelPairs(text: string, fail: () => Error): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    if (eq < 0) throw fail();
    const name = text.slice(i, eq).trim();
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw fail();
    i = eq + 1;
    while (text[i] === ' ') i++;
    if (text[i] !== '"') throw fail();
    i++;
    const close = text.indexOf('"', i);
    const escape = text.indexOf('\\', i);
    let value = '';
    if (close >= 0 && (escape < 0 || escape > close)) {
      // No escapes: one slice, not a string built a character at a time.
      value = text.slice(i, close);
      i = close;
    } else {
      for (;;) {
        if (i >= text.length) throw fail();
        const c = text[i]!;
        if (c === '"') break;
        if (c === '\\') {
          const next = text[i + 1];
          value += next === 'n' ? '\n' : (next ?? '');
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
    }
    i++;
    pairs.push([name, value]);
  }
  return pairs;
}

function parseNumber(buf: Buffer, p: number, q: number): number {
  // Whole numbers of up to 15 digits are most values; read them without making a string.
  if (q - p > 0 && q - p <= 15) {
    let n = 0;
    let i = p;
    for (; i < q; i++) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === q) return n;
  }
  const s = buf.toString('latin1', p, q);
  switch (s) {
    case '+Inf':
    case 'Inf':
    case '+inf':
    case 'inf':
      return Infinity;
    case '-Inf':
    case '-inf':
      return -Infinity;
    case 'NaN':
    case 'nan':
      return NaN;
  }
  return s === '' ? NaN : Number(s);
}

function isNaNToken(buf: Buffer, p: number, q: number): boolean {
  return buf.toString('latin1', p, q).toLowerCase() === 'nan';
}
