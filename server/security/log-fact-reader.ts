// A line's LogFact without parsing all of it: for a TEXT format, the few values logFact needs are read by their place
// in the compiled format (the parser's own `read`, the same formats in the same order), and nothing else is built.
// The answer is the one logFact(parser.parse(line)) gives; JSON lines, and a parser that offers no compiled formats,
// go through the general parser.
import type { AccessLogFields } from '../../lib/api/logs.js';
import { fieldOf, type AccessLogParser, type Field } from '../telemetry/access-log/access-log-parser.js';
import type { CompiledFormat } from '../telemetry/access-log/compile-format.js';
import { logFact, type Intern, type LogFact } from './log-calls.js';

export type FactReader = (line: string, ms: number, gateway: boolean, intern: Intern) => LogFact | null;

/** The fields logFact reads, and the keys of `all` it reads (TEXT commands). */
const FIELDS: readonly Field[] = ['method', 'path', 'responseCode', 'upstreamCluster'];
const KEYS = [
  'DOWNSTREAM_REMOTE_ADDRESS',
  'REQUESTED_SERVER_NAME',
  'RESPONSE_CODE_DETAILS',
  'DOWNSTREAM_LOCAL_ADDRESS',
] as const;

interface Positions {
  read: CompiledFormat['read'];
  /** Per field or key, the position of the last command giving it (parse lets a later command overwrite), or -1. */
  field: Record<string, number>;
  key: Record<string, number>;
}

function positions(format: CompiledFormat): Positions {
  const field: Record<string, number> = {};
  const key: Record<string, number> = {};
  for (const f of FIELDS) field[f] = -1;
  for (const k of KEYS) key[k] = -1;
  format.commands.forEach((command, i) => {
    const f = fieldOf(command);
    if (f !== null && f in field) field[f] = i;
    if (command.key in key) key[command.key] = i;
  });
  return { read: format.read, field, key };
}

const absent = (value: string) => value === '-' || value === '' || value === 'null';

/** The value at a position as parse puts it into a field: null when the format lacks it or it is absent. */
function fieldAt(values: readonly string[], i: number | undefined): string | null {
  const v = i === undefined || i < 0 ? undefined : values[i];
  return v === undefined || absent(v) ? null : v;
}

/** The line's values as the few fields and keys of AccessLogFields that logFact reads. */
function fieldsOf(format: Positions, values: readonly string[]): AccessLogFields {
  const code = fieldAt(values, format.field['responseCode']);
  const number = code === null ? null : Number(code);
  const all: Record<string, string> = {};
  for (const k of KEYS) {
    const i = format.key[k]!;
    if (i >= 0) all[k] = values[i]!;
  }
  return {
    method: fieldAt(values, format.field['method']),
    path: fieldAt(values, format.field['path']),
    responseCode: number !== null && Number.isFinite(number) ? number : null,
    upstreamCluster: fieldAt(values, format.field['upstreamCluster']),
    all,
  } as AccessLogFields;
}

export function createFactReader(parser: AccessLogParser): FactReader {
  const general: FactReader = (line, ms, gateway, intern) => {
    const fields = parser.parse(line);
    return fields ? logFact(fields, ms, gateway, intern) : null;
  };
  if (!parser.textFormats) return general;
  const formats = parser.textFormats.map(positions);
  return (raw, ms, gateway, intern) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('{')) return general(line, ms, gateway, intern);
    for (const format of formats) {
      const values = format.read(line);
      if (values) return logFact(fieldsOf(format, values), ms, gateway, intern);
    }
    return null;
  };
}
