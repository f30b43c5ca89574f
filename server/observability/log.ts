// The console's log: one JSON object per line, {time, level, msg, ...fields, err}, errors and warnings on stderr, the
// rest on stdout, every field and text passed through the redactor (redact.ts) so that no credential reaches a line.
import { createRedactor, type Redactor } from './redact.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Severity = Exclude<LogLevel, 'silent'>;

export type LogFields = Record<string, unknown> & { err?: unknown };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Values to hunt in every line from now on (the console's own secrets, once its configuration is read). */
  addSecrets(values: Iterable<string | undefined | null>): void;
}

export function createLogger(options: {
  level: LogLevel;
  write: (stream: 'stdout' | 'stderr', line: string) => void;
  nowMs: () => number;
}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const secrets = new Set<string>();
  let redactor: Redactor = createRedactor();

  function emit(level: Severity, msg: string, fields: LogFields = {}): void {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const { err, ...rest } = fields;
    const line: Record<string, unknown> = {
      time: new Date(options.nowMs()).toISOString(),
      level,
      msg: redactor.text(msg),
      ...(redactor.value(rest) as Record<string, unknown>),
    };
    // A thrown object that is not an Error (an error read back from JSON) is kept as it is; a thrown string or
    // number becomes the message.
    if (err !== undefined)
      line['err'] = redactor.value(typeof err === 'object' && err !== null ? err : { name: 'NonError', message: err });
    let json: string;
    try {
      json = JSON.stringify(line);
    } catch {
      json = JSON.stringify({
        time: line['time'],
        level,
        msg: line['msg'],
        logError: 'the fields could not be written',
      });
    }
    options.write(level === 'error' || level === 'warn' ? 'stderr' : 'stdout', `${json}\n`);
  }

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    addSecrets(values) {
      const before = secrets.size;
      for (const value of values) if (value) secrets.add(value);
      if (secrets.size !== before) redactor = createRedactor(secrets);
    },
  };
}

/** SEXTANT_LOG_LEVEL, or `info`; anything else is refused by name so that a typo does not silence the log. */
export function logLevelOf(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new Error(`SEXTANT_LOG_LEVEL is "${value}"; use one of ${LOG_LEVELS.join(', ')}`);
}

// The log must work before the configuration is read and when it is invalid (that is when it is needed most), so it
// reads its one setting itself rather than through server/config.ts. Next.js may load this module once per route
// bundle; globalThis keeps one logger, and one set of known secrets, per process.
const slot = globalThis as typeof globalThis & { __sextantLog?: Logger };

function processLogger(): Logger {
  if (slot.__sextantLog) return slot.__sextantLog;
  let level: LogLevel = 'info';
  let problem: string | undefined;
  try {
    level = logLevelOf(process.env['SEXTANT_LOG_LEVEL']);
  } catch (err) {
    problem = (err as Error).message;
  }
  const logger = createLogger({
    level,
    write: (stream, line) => (stream === 'stderr' ? process.stderr : process.stdout).write(line),
    nowMs: () => Date.now(),
  });
  if (problem) logger.warn(`${problem}; logging at info`);
  slot.__sextantLog = logger;
  return logger;
}

/** The process' logger. */
export const log: Logger = {
  debug: (msg, fields) => processLogger().debug(msg, fields),
  info: (msg, fields) => processLogger().info(msg, fields),
  warn: (msg, fields) => processLogger().warn(msg, fields),
  error: (msg, fields) => processLogger().error(msg, fields),
  addSecrets: (values) => processLogger().addSecrets(values),
};
