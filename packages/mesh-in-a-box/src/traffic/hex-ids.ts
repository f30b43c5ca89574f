// Trace, span and request ids as 32-bit words instead of strings, for stores that keep many hops (hop-slots.ts).
// An id string lives as long as its hop is kept: long enough to be promoted, so ~150k hops in flight and ~50k log
// lines made ~1.5 MB a second of strings die in the old space at 5,000 workloads. Words in a typed array are not
// garbage at all; the string is made again, flat, when the hop is read.

const DIGITS = '0123456789abcdef';
const CHAR_CODES = Array.from(DIGITS, (c) => c.charCodeAt(0));

/**
 * Writes an id of lowercase hex digits (`chars` a multiple of 8) into `chars / 8` words at `at`. False, and nothing
 * to rely on written, when `id` is not exactly that: such an id must be kept as it is.
 */
export function writeHexId(id: string, chars: number, words: Uint32Array, at: number): boolean {
  if (id.length !== chars) return false;
  return writeDigits(id, chars, words, at);
}

export function readHexId(words: Uint32Array, at: number, chars: number): string {
  const codes = codesOf(chars);
  readDigits(words, at, chars, codes, 0);
  return String.fromCharCode.apply(null, codes);
}

/** A lowercase UUID (8-4-4-4-12 digits) as four words; false when `id` is not one. */
export function writeUuid(id: string, words: Uint32Array, at: number): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
      continue;
    }
    const digit = digitOf(c);
    if (digit < 0) return false;
    word = word * 16 + digit;
    if (++digits % 8 === 0) {
      words[at + digits / 8 - 1] = word;
      word = 0;
    }
  }
  return true;
}

export function readUuid(words: Uint32Array, at: number): string {
  const codes = codesOf(36);
  // 8-4-4-4-12: the words' digits land at 0, then 9 and 14 (the second word), 19 and 24, and 28 (the fourth).
  readDigits(words, at, 8, codes, 0);
  readDigits(words, at + 3, 8, codes, 28);
  const second = codesOf(16);
  readDigits(words, at + 1, 16, second, 0);
  for (let k = 0; k < 4; k++) {
    codes[9 + k] = second[k]!;
    codes[14 + k] = second[4 + k]!;
    codes[19 + k] = second[8 + k]!;
    codes[24 + k] = second[12 + k]!;
  }
  codes[8] = codes[13] = codes[18] = codes[23] = 0x2d;
  return String.fromCharCode.apply(null, codes);
}

function writeDigits(s: string, chars: number, words: Uint32Array, at: number): boolean {
  for (let w = 0; w < chars / 8; w++) {
    let word = 0;
    for (let k = 0; k < 8; k++) {
      const digit = digitOf(s.charCodeAt(w * 8 + k));
      if (digit < 0) return false;
      word = word * 16 + digit;
    }
    words[at + w] = word;
  }
  return true;
}

// A lowercase hex digit's value by char code, -1 for any other code.
const DIGIT_VALUES = Int8Array.from({ length: 128 }, (_, c) =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1,
);

function digitOf(c: number): number {
  return c < 128 ? DIGIT_VALUES[c]! : -1;
}

function readDigits(words: Uint32Array, at: number, chars: number, codes: number[], to: number): void {
  for (let w = 0; w < chars / 8; w++) {
    const word = words[at + w]!;
    for (let k = 7; k >= 0; k--) codes[to + w * 8 + k] = CHAR_CODES[(word >>> ((7 - k) * 4)) & 15]!;
  }
}

// One scratch array of char codes per length: String.fromCharCode.apply makes a flat string of exactly its length.
const scratch = new Map<number, number[]>();
function codesOf(chars: number): number[] {
  let codes = scratch.get(chars);
  if (!codes) scratch.set(chars, (codes = new Array<number>(chars).fill(0)));
  return codes;
}
