import type { Redactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  /** Whether lines of `level` are written (to skip building data for a line that would be dropped). */
  enabled(level: LogLevel): boolean;
  child(scope: string): Logger;
}

export type LogSink = (line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * JSON-lines logger; every line passes through the redactor before it reaches the sink. The message and
 * data are redacted before they are JSON-encoded (encoding turns a secret's `"`, `\` or control characters
 * into escapes the redactor would no longer recognise), and the encoded line once more for the patterns
 * that span a key and its value (`"password":"…"`).
 */
export function createLogger(opts: { sink: LogSink; redactor: Redactor; level?: LogLevel; scope?: string }): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    // The round trip gives the values JSON would write (Dates as strings, …) as plain strings to redact.
    const fields = opts.redactor.redactValue(JSON.parse(JSON.stringify({ msg, ...data })) as Record<string, unknown>);
    const line = JSON.stringify({ t: new Date().toISOString(), level, scope: opts.scope, ...fields });
    opts.sink(opts.redactor.redact(line));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    enabled: (level) => ORDER[level] >= min,
    child: (scope) => createLogger({ ...opts, scope: opts.scope ? `${opts.scope}.${scope}` : scope }),
  };
}

export const silentSink: LogSink = () => {};
