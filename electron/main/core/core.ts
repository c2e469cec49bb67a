import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { AccountRegistry } from './accounts/registry';
import { ActivityLog } from './activity/store';
import { cachedLookups } from './cache/cached';
import { openDatabase, type OpenedDatabase } from './cache/db';
import { FleetQueries } from './cache/fleet-query';
import { SnapshotStore } from './cache/snapshot-store';
import { SyncStateStore } from './cache/sync-state-store';
import { createDispatch, type Dispatch } from './dispatch';
import { METRICS_BUDGET_SHARE, Monitor } from './monitor/monitor';
import { ProviderPool } from './providers/pool';
import { PROVIDER_FACTORIES } from './providers/registry';
import type { SecretStore } from './secrets/store';
import { createService } from './service';
import { RefreshBudget } from './sync/budget';
import { SyncEngine } from './sync/engine';
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
  /** Which surface runs the core, for the activity log's "who" (default 'app'). */
  surface?: 'app' | 'cli';
}

/** The OS user, for the activity log; a locked-down account without a passwd entry still works. */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The whole behaving application, without Electron: what main, the CLI and the test harness build. */
export interface Core {
  dispatch: Dispatch;
  events: Emitter<HangarEvent>;
  database: OpenedDatabase;
  redactor: Redactor;
  log: Logger;
  /** Accounts: metadata in the database, secrets in the SecretStore. */
  accounts: AccountRegistry;
  /** accountId → Provider, for whatever needs to talk to an account's API (sync, configs, monitor). */
  providers: ProviderPool;
  /** Keeps the cache in step with the accounts; the app calls start()/pause()/resume(), the CLI syncs on demand. */
  sync: SyncEngine;
  /** The audit log of every action and alert. */
  activity: ActivityLog;
  /** Node metrics, alerts and their settings; the app calls monitor.start(), the CLI reads. */
  monitor: Monitor;
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
    ...(database.recovered ? { cacheRecovery: database.recovered } : {}),
  });
  const accounts = new AccountRegistry({
    db: database.db,
    secrets: options.secretStore,
    redactor,
    log: log.child('accounts'),
  });
  const providers = new ProviderPool({ registry: accounts, factories: PROVIDER_FACTORIES, redactor, log: log.child('provider') });
  const fleetCache = new FleetQueries(database.db);
  const sync: SyncEngine = new SyncEngine({
    listAccounts: () => accounts.list(),
    getProvider: (accountId) => providers.get(accountId),
    snapshots: new SnapshotStore(database.db),
    states: new SyncStateStore(database.db),
    events,
    log: log.child('sync'),
    // The budget comes from the monitoring settings (built just below; read at each plan).
    // The sync gets three quarters of the background budget, the metrics rounds the rest (monitor.ts).
    budget: new RefreshBudget({ percent: (): number => monitor.store.settings().cpuBudgetPercent * (1 - METRICS_BUDGET_SHARE) }),
  });
  const cached = cachedLookups(fleetCache);
  const activity = new ActivityLog(database.db, redactor, undefined, (entry) => events.emit({ type: 'activity.recorded', entry }));
  const monitor: Monitor = new Monitor({
    db: database.db,
    events,
    activity,
    listAccounts: () => accounts.list(),
    getProvider: (accountId) => providers.get(accountId),
    isPaused: (): boolean => sync.isPaused,
    budgetPercent: (): number => monitor.store.settings().cpuBudgetPercent,
    log: log.child('monitor'),
  });
  const handlers = createService({
    monitor,
    db: database.db,
    info,
    events,
    log,
    registry: accounts,
    pool: providers,
    redactor,
    fleetCache,
    sync,
    activity,
    actor: `${osUser()} (${options.surface ?? 'app'})`,
    cachedInstance: async (ref) => cached.cachedInstance(ref),
    cachedNode: async (ref) => cached.cachedNode(ref),
    // An action changed the server: the running app refreshes that account's snapshot soon.
    afterAction: ({ accountId }) => sync.nudge(accountId),
  });
  const dispatch = createDispatch(handlers, log.child('dispatch'));
  return {
    dispatch,
    events,
    database,
    redactor,
    log,
    accounts,
    providers,
    sync,
    activity,
    monitor,
    close: async () => {
      await monitor.stop();
      await sync.stop();
      await providers.close();
      events.clear();
      database.close();
    },
  };
}
