// Label matchers as Prometheus applies them: regular expressions are anchored at both ends, and a matcher that
// matches the empty string also matches series without the label.

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  matches(value: string): boolean;
}

export class InvalidRegexError extends Error {}

/** Builds a matcher; throws InvalidRegexError for a pattern JavaScript cannot compile. */
export function labelMatcher(name: string, type: MatchType, value: string): LabelMatcher {
  if (type === '=') return { name, type, value, matches: (v) => v === value };
  if (type === '!=') return { name, type, value, matches: (v) => v !== value };
  const re = compileAnchored(value);
  // Most matchers in practice are alternations of literals (a|b|c); a set lookup is much faster than a regex.
  const literals = literalAlternatives(value);
  const test = literals ? (v: string) => literals.has(v) : (v: string) => re.test(v);
  return type === '=~' ? { name, type, value, matches: test } : { name, type, value, matches: (v) => !test(v) };
}

/** Compiles an RE2 pattern the way Prometheus anchors it (^(?:re)$); a leading (?i) or (?s) becomes a flag. */
export function compileAnchored(pattern: string): RegExp {
  let flags = '';
  let body = pattern;
  const inline = /^\(\?([is]+)\)/.exec(body);
  if (inline) {
    flags = [...new Set(inline[1]!)].join('');
    body = body.slice(inline[0].length);
  }
  // RE2's named groups are (?P<name>…); JavaScript spells them (?<name>…).
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (err) {
    throw new InvalidRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

function literalAlternatives(pattern: string): Set<string> | undefined {
  if (!/^[\w\-/:|]*$/.test(pattern) || pattern.includes('||')) return undefined;
  return new Set(pattern.split('|'));
}
