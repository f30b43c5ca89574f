// The parts of Go's strconv that jaeger-query parses its parameters with, failing with Go's own error text, since
// jaeger-query passes that text on in its 400 answers ("unable to parse param 'endTs': strconv.ParseInt: …").

/** An error whose message is what Go's strconv would say. */
export class GoParseError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(text, 10, 64): an optional sign and decimal digits, within int64. */
export function parseGoInt64(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new GoParseError(`strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new GoParseError(`strconv.ParseInt: parsing ${goQuote(text)}: value out of range`);
  }
  return Number(value);
}

/** strconv.ParseUint(text, 16, 64): hex digits only (no sign, no 0x), at most 16 of them once leading zeros go. */
export function parseGoHexUint64(text: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(text))
    throw new GoParseError(`strconv.ParseUint: parsing ${goQuote(text)}: invalid syntax`);
  const value = BigInt(`0x${text}`);
  if (value >= 2n ** 64n) throw new GoParseError(`strconv.ParseUint: parsing ${goQuote(text)}: value out of range`);
  return value;
}

// strconv.Quote as Go's errors print the input; JSON's escaping agrees with it for the text a URL can carry.
const goQuote = (text: string) => JSON.stringify(text);
