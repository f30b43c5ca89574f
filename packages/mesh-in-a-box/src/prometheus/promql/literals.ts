// The lexical pieces of PromQL the parser reads itself: numbers, strings, and where an error is.

export function position(query: string, pos: number): string {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < pos && i < query.length; i++) {
    if (query[i] === '\n') {
      line++;
      lastBreak = i;
    }
  }
  return `${line}:${pos - lastBreak}:`;
}

export function syntaxMessage(query: string, at: number): string {
  const rest = query.slice(at).trimStart();
  if (rest === '') return 'unexpected end of input';
  const before = query.slice(0, at).trimEnd();
  const ident = /^[a-zA-Z_][a-zA-Z0-9_:]*/.exec(rest);
  if (/[a-zA-Z_][a-zA-Z0-9_:]*$/.test(before) && rest.startsWith('(')) {
    const name = /[a-zA-Z_][a-zA-Z0-9_:]*$/.exec(before)![0];
    return `unknown function with name "${name}"`;
  }
  if (ident) return `unexpected identifier "${ident[0]}"`;
  const token = /^(\d[\w.]*|"[^"]*"?|'[^']*'?|.)/.exec(rest)![0];
  return `unexpected character or token: '${token}'`;
}

/** Go's ParseFloat for PromQL number literals: decimals, hex, Inf and NaN. */
export function parseNumber(text: string): number {
  const t = text.toLowerCase();
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (t === 'nan') return NaN;
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  return Number(t);
}

/** Go's strconv.Unquote for the three PromQL quotes. */
export function unquote(text: string): string {
  const quote = text[0];
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, esc: string) => {
    switch (esc[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(esc.slice(1), 16));
      case 'x':
        return String.fromCharCode(parseInt(esc.slice(1), 16));
      default:
        return /^[0-7]{3}$/.test(esc) ? String.fromCharCode(parseInt(esc, 8)) : esc;
    }
  });
}
