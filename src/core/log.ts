/**
 * Diagnostics go to stderr (stdout carries only results): plain lines for people,
 * JSON lines (`--log-format json`) for cron and log collectors.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(opts: {
  format: LogFormat;
  verbose?: boolean;
  write?: (line: string) => void;
}): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (level === 'debug' && !opts.verbose) return;
    if (opts.format === 'json') {
      write(JSON.stringify({ ts: new Date().toISOString(), level, msg: message, ...fields }));
      return;
    }
    const prefix = level === 'info' || level === 'debug' ? '' : `${level}: `;
    write(`${prefix}${message}`);
  };
  return {
    log,
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    debug: (m, f) => log('debug', m, f),
  };
}

export const silentLogger: Logger = createLogger({ format: 'text', write: () => {} });
