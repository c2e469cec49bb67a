import path from 'node:path';
import type { AppInfo } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { openDatabase, type OpenedDatabase } from './cache/db';
import { createDispatch, type Dispatch } from './dispatch';
import type { SecretStore } from './secrets/store';
import { createService } from './service';
import { Emitter } from './util/emitter';
import { createLogger, silentSink, type Logger, type LogLevel, type LogSink } from './util/log';
import { Redactor } from './util/redact';

export interface CoreOptions {
  dataDir: string;
  secretStore: SecretStore;
  version?: string;
  platform?: string;
  logSink?: LogSink;
  logLevel?: LogLevel;
  mode?: AppInfo['mode'];
}

/** The whole behaving application, without Electron: what main, the CLI and the test harness build. */
export interface Core {
  dispatch: Dispatch;
  events: Emitter<HangarEvent>;
  database: OpenedDatabase;
  redactor: Redactor;
  log: Logger;
  close(): Promise<void>;
}

export const DB_FILE = 'hangar.db';

export function createCore(options: CoreOptions): Core {
  const redactor = new Redactor();
  const log = createLogger({ sink: options.logSink ?? silentSink, redactor, level: options.logLevel });
  const database = openDatabase(path.join(options.dataDir, DB_FILE), log.child('db'));
  const events = new Emitter<HangarEvent>();
  const info = (): AppInfo => ({
    name: 'Hangar',
    version: options.version ?? '0.0.0',
    platform: options.platform ?? process.platform,
    dataDir: options.dataDir,
    mode: options.mode ?? 'normal',
    secretStore: options.secretStore.kind,
  });
  const handlers = createService({ info, events, log });
  const dispatch = createDispatch(handlers, log.child('dispatch'));
  return {
    dispatch,
    events,
    database,
    redactor,
    log,
    close: async () => {
      events.clear();
      database.close();
    },
  };
}
