import { describe, expect, it } from 'vitest';
import { PrometheusError } from '../../../../server/errors.js';
import { createLogger, logLevelOf, type LogLevel } from '../../../../server/observability/log.js';

function capture(level: LogLevel) {
  const lines: { stream: string; entry: Record<string, unknown> }[] = [];
  const logger = createLogger({
    level,
    nowMs: () => Date.UTC(2026, 11, 7, 6, 0, 0),
    write: (stream, line) => {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n'); // one object per line
      lines.push({ stream, entry: JSON.parse(line) as Record<string, unknown> });
    },
  });
  return { logger, lines };
}

describe('the log', () => {
  it('writes one JSON object per line with time, level, message and fields; errors on stderr', () => {
    const { logger, lines } = capture('info');
    logger.error('canary runner: a step failed', { namespace: 'demo', service: 'sa-logic' });
    logger.info('started', { port: 3000 });
    expect(lines).toEqual([
      {
        stream: 'stderr',
        entry: {
          time: '2026-12-07T06:00:00.000Z',
          level: 'error',
          msg: 'canary runner: a step failed',
          namespace: 'demo',
          service: 'sa-logic',
        },
      },
      { stream: 'stdout', entry: { time: '2026-12-07T06:00:00.000Z', level: 'info', msg: 'started', port: 3000 } },
    ]);
  });

  it('writes an error as err {name, message, stack} with its source and reason', () => {
    const { logger, lines } = capture('info');
    logger.error('a request failed on a bug', {
      err: new PrometheusError('timeout', 'Prometheus at http://prom:9090 did not answer in 5 s (PROMETHEUS_URL)'),
    });
    const err = lines[0]!.entry['err'] as Record<string, string>;
    expect(err['name']).toBe('PrometheusError');
    expect(err['message']).toBe('Prometheus at http://prom:9090 did not answer in 5 s (PROMETHEUS_URL)');
    expect(err['stack']).toMatch(/log\.test\.ts/);
    expect(err).toMatchObject({ source: 'prometheus', reason: 'timeout' });
  });

  it('writes a thrown non-error as its message', () => {
    const { logger, lines } = capture('info');
    logger.warn('odd', { err: 'a string was thrown' });
    expect(lines[0]!.entry['err']).toEqual({ name: 'NonError', message: 'a string was thrown' });
  });

  it('leaves out what is below its level and writes what is at or above it', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => l.entry['level'])).toEqual(['warn', 'error']);
  });

  it('writes nothing at all when silent', () => {
    const { logger, lines } = capture('silent');
    logger.error('e');
    expect(lines).toEqual([]);
  });

  it('never writes a token from the headers of a request an error carries, nor from its message', () => {
    const { logger, lines } = capture('debug');
    const token = 'sha256~Zm9vYmFyYmF6cXV4';
    const err = Object.assign(new Error(`HTTP-Code: 401\nHeaders: {"authorization":"Bearer ${token}"}`), {
      request: { url: 'https://kube:6443/api/v1/pods', headers: { authorization: `Bearer ${token}` } },
    });
    logger.error('kubernetes: the watch of pods failed', { err, url: `https://me:${token}@kube:6443/` });
    const line = JSON.stringify(lines[0]!.entry);
    expect(line).not.toContain(token);
    expect(line).toContain('https://kube:6443/api/v1/pods');
  });

  it('hunts the secrets it was given in every field, the message included', () => {
    const { logger, lines } = capture('info');
    logger.addSecrets(['prometheus-password-42', undefined]);
    logger.warn('login with prometheus-password-42 failed', { detail: { note: 'x prometheus-password-42 y' } });
    expect(JSON.stringify(lines[0]!.entry)).not.toContain('prometheus-password-42');
    expect(lines[0]!.entry['msg']).toBe('login with [REDACTED] failed');
  });
});

describe('SEXTANT_LOG_LEVEL', () => {
  it('defaults to info and accepts the level names in any case', () => {
    expect(logLevelOf(undefined)).toBe('info');
    expect(logLevelOf('DEBUG')).toBe('debug');
  });

  it('refuses an unknown level by naming the setting and the levels', () => {
    expect(() => logLevelOf('verbose')).toThrow(
      'SEXTANT_LOG_LEVEL is "verbose"; use one of debug, info, warn, error, silent',
    );
  });
});
