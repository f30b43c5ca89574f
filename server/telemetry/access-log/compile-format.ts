// Compiles an Envoy access-log format string (`%COMMAND(arg):max%` commands between literal text, as Envoy's
// substitution formatter reads it: envoyproxy/envoy docs/root/configuration/observability/access_log/usage.rst,
// "Format Strings") into a parser that reads lines written with it. Compiled once per format; a line is read with
// indexOf on the literal that follows each command, so a quoted value may hold spaces ("curl 8.0 (x86)").

/** One `%…%` command: its name, its argument (`REQ(X-REQUEST-ID)` → X-REQUEST-ID), and its text as a key. */
export interface FormatCommand {
  name: string;
  arg: string | null;
  /** The command as written without the percent signs and max length, e.g. `REQ(X-REQUEST-ID)`: the key in `all`. */
  key: string;
}

export type FormatPart = { literal: string } | { command: FormatCommand };

// NAME, optional (argument possibly holding %, as START_TIME(%s.%3f)), optional :max-length, then the closing %.
const COMMAND = /^%([A-Z][A-Z0-9_]*)(?:\(([^)]*)\))?(?::\d+)?%/;

/** The format split into literals and commands. `%` not starting a command stays literal text. */
export function tokenizeFormat(format: string): FormatPart[] {
  const parts: FormatPart[] = [];
  let literal = '';
  let i = 0;
  while (i < format.length) {
    if (format[i] === '%') {
      const match = COMMAND.exec(format.slice(i));
      if (match) {
        if (literal) parts.push({ literal });
        literal = '';
        const [text, name, arg] = match;
        parts.push({ command: { name: name!, arg: arg ?? null, key: arg === undefined ? name! : `${name}(${arg})` } });
        i += text.length;
        continue;
      }
    }
    literal += format[i];
    i++;
  }
  // Istio appends a newline to a format that lacks one; the line as read has none.
  literal = literal.replace(/\n+$/, '');
  if (literal) parts.push({ literal });
  return parts;
}

/**
 * A compiled format: reads a line into its commands' values, in the order of `commands` (`-` kept as written), or
 * null when the line does not fit the format.
 */
export type LineReader = (line: string) => string[] | null;

export interface CompiledFormat {
  commands: FormatCommand[];
  read: LineReader;
}

export function compileFormat(format: string): CompiledFormat {
  const parts = tokenizeFormat(format);
  const commands = parts.flatMap((p) => ('command' in p ? [p.command] : []));
  const read: LineReader = (line) => {
    const values: string[] = [];
    let at = 0;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      if ('literal' in part) {
        if (!line.startsWith(part.literal, at)) return null;
        at += part.literal.length;
        continue;
      }
      const next = parts[p + 1];
      if (!next) {
        values.push(line.slice(at));
        at = line.length;
        continue;
      }
      // Two commands with nothing between: the format cannot be read back; the first takes nothing.
      if (!('literal' in next)) {
        values.push('');
        continue;
      }
      // A value never holds a line break, and the next literal ends it. A closing quote followed by the next
      // literal ends a quoted value even when the value itself has a quote and a space ("a" "b" is read right).
      const end = line.indexOf(next.literal, at);
      if (end < 0) return null;
      values.push(line.slice(at, end));
      at = end;
    }
    return at === line.length ? values : null;
  };
  return { commands, read };
}
