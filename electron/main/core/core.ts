import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { AccountRegistry } from './accounts/registry';
import { ActivityLog } from './activity/store';
import { ActionCache } from './cache/action-apply';
import { cachedLookups } from './cache/cached';
import { openDatabase, type OpenedDatabase } from './cache/db';
import { FleetQueries } from './cache/fleet-query';
import { SnapshotStore } from './cache/snapshot-store';
import { StatusHistory } from './cache/status-history';
import { SyncStateStore } from './cache/sync-state-store';
import { createDispatch, type Dispatch } from './dispatch';
import { applyActionToCache } from './fleet/apply-action';
import { METRICS_BUDGET_SHARE, Monitor } from './monitor/monitor';
import type { Timer } from './sync/timer';
import { ProviderPool } from './providers/pool';
import { PROVIDER_FACTORIES } from './providers/registry';
import type { SecretStore } from './secrets/store';
import { createService } from './service';
import { CpuAttribution, RefreshBudget } from './sync/budget';
import { SyncEngine } from './sync/engine';
import { Emitter } from './util/emitter';
import { createLogger, silentSink, type Logger, type LogLevel, type LogSink } from './util/log';
import { Redactor } from './util/redact';
import { UpdateManager } from './updates/manager';
import type { UpdaterPort } from './updates/port';
import { UpdateSettings } from './updates/settings';

export interface CoreOptions {
  dataDir: string;
  secretStore: SecretStore;
  version?: string;
  platform?: string;
  logSink?: LogSink;
  logLevel?: LogLevel;
  /** Where the log file is (shown in Settings, opened by app.openLogFolder). */
  logDir?: string;
  /** Opens a folder in the system's file manager (the shell's shell.openPath); absent in the CLI. */
  openPath?: (dir: string) => Promise<void>;
  /** The app's updater (the shell's electron-updater wrapper); absent in dev builds, the harness and the CLI. */
  updater?: UpdaterPort;
  /** Why there is no updater, for Settings. */
  updaterUnavailable?: string;
  mode?: AppInfo['mode'];
  /** Which surface runs the core, for the activity log's "who" (default 'app'). */
  surface?: 'app' | 'cli';
  /** Time and timeouts of the sync scheduler and the monitor (tests drive them by hand). */
  timer?: Timer;
  /** How publishes follow a deployment (tests make the wait instant). */
  configs?: { sleep?: (ms: number) => Promise<void>; pollMs?: number; maxPolls?: number };
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
  /** Reads the fleet's search text into memory now (the app does once its window is up; the first search would otherwise start it). */
  warmSearch(): Promise<void>;
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
  /** Update checks and downloads (the app calls updates.start() once its window is up). */
  updates: UpdateManager;
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
    ...(options.logDir ? { logDir: options.logDir } : {}),
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
  const states = new SyncStateStore(database.db);
  // One split of the process's CPU among the syncs and the background work beside them (budget.ts).
  const cpu = new CpuAttribution();
  const sync: SyncEngine = new SyncEngine({
    listAccounts: () => accounts.list(),
    getProvider: (accountId) => providers.get(accountId),
    snapshots: new SnapshotStore(database.db),
    states,
    events,
    log: log.child('sync'),
    timer: options.timer,
    // The budget comes from the monitoring settings (built just below; read at each plan).
    // The sync gets three quarters of the background budget, the metrics rounds the rest (monitor.ts).
    budget: new RefreshBudget({ percent: (): number => monitor.store.settings().cpuBudgetPercent * (1 - METRICS_BUDGET_SHARE) }),
    cpu,
  });
  // Rebuild the search index in the background after a snapshot changed rows, not on the next keystroke.
  events.on((e) => {
    // Not after each page of a first sync (every 400 ms): a query rebuilds it if needed, the final snapshot warms it.
    if (e.type === 'sync.changed' && !e.partial) cpu.track('search-index', fleetCache.warmTextIndex(e.accountId)).catch(() => undefined);
  });
  const cached = cachedLookups(fleetCache);
  const updates = new UpdateManager({
    port: options.updater,
    unsupportedReason: options.updaterUnavailable,
    settings: new UpdateSettings(options.dataDir),
    currentVersion: options.version ?? '0.0.0',
    log: log.child('updates'),
    events,
  });
  const activity = new ActivityLog(database.db, redactor, undefined, (entry) => events.emit({ type: 'activity.recorded', entry }));
  const monitor: Monitor = new Monitor({
    db: database.db,
    events,
    activity,
    listAccounts: () => accounts.list(),
    getProvider: (accountId) => providers.get(accountId),
    isPaused: (): boolean => sync.isPaused,
    budgetPercent: (): number => monitor.store.settings().cpuBudgetPercent,
    cpu,
    log: log.child('monitor'),
    timer: options.timer,
  });
  const handlers = createService({
    monitor,
    db: database.db,
    info,
    openPath: options.openPath,
    events,
    log,
    registry: accounts,
    pool: providers,
    redactor,
    fleetCache,
    statusHistory: new StatusHistory(database.db),
    sync,
    updates,
    activity,
    actor: `${osUser()} (${options.surface ?? 'app'})`,
    cachedInstance: async (ref) => cached.cachedInstance(ref),
    cachedNode: async (ref) => cached.cachedNode(ref),
    // The action's result goes into the cache before the call returns and before the app is told.
    applyToCache: applyActionToCache({ cache: new ActionCache(database.db), registry: accounts, states, events }),
    // An action changed the server: the running app refreshes that account's snapshot soon.
    afterAction: ({ accountId }) => sync.nudge(accountId),
    configs: { db: database.db, ...options.configs },
  });
  const dispatch = createDispatch(handlers, log.child('dispatch'));
  return {
    dispatch,
    warmSearch: () => fleetCache.warmTextIndex(),
    events,
    database,
    redactor,
    log,
    accounts,
    providers,
    sync,
    updates,
    activity,
    monitor,
    close: async () => {
      updates.stop();
      await monitor.stop();
      await sync.stop();
      await providers.close();
      events.clear();
      database.close();
    },
  };
}
