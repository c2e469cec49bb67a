import fs from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import type { LogSink } from '../util/log';

export const LOG_FILE = 'hangar.log';
/** Past this size the file is renamed to hangar.old.log (replacing the previous one) and a new one begun. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

export interface FileLog {
  sink: LogSink;
  file: string;
}

/**
 * A rotating log file through electron-log's Node transport (plain Node: the app, the CLI and tests share
 * it). Lines arrive already redacted and JSON-encoded from the core's logger and are written as they are.
 * A file that cannot be written never stops the app: electron-log reports it once on stderr.
 */
export function createFileLog(options: { dir: string; fileName?: string; maxBytes?: number }): FileLog {
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, options.fileName ?? LOG_FILE);
  const logger = electronLog.create({ logId: `hangar-file-${file}` });
  logger.transports.console.level = false;
  logger.transports.file.level = 'silly';
  logger.transports.file.format = '{text}';
  logger.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  logger.transports.file.resolvePathFn = () => file;
  return { sink: (line) => logger.info(line), file };
}

/** Sends each line to every sink. */
export function teeSinks(...sinks: (LogSink | undefined)[]): LogSink {
  const all = sinks.filter((s): s is LogSink => Boolean(s));
  return (line) => {
    for (const s of all) s(line);
  };
}
