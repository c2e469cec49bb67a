import { createLogger, type Logger } from '../../electron/main/core/util/log';
import { Redactor } from '../../electron/main/core/util/redact';

/** A debug-level logger that keeps every (redacted) line it writes, for the no-secret checks. */
export function capturingLog(redactor: Redactor = new Redactor()): { redactor: Redactor; log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({ sink: (l) => lines.push(l), redactor, level: 'debug' });
  return { redactor, log, lines };
}
