import type { Alert, AlertKind, MonitorSettings } from '../../../../shared/contract/monitor';
import { monitorSettingsSchema } from '../../../../shared/contract/monitor';
import type { Database, Statement } from '../cache/sqlite';
import type { AlertDraft } from './decide';

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  thresholds: [
    { id: 'cpu-high', metric: 'cpu', above: 90, clearBelow: 80 },
    { id: 'memory-high', metric: 'memory', above: 90, clearBelow: 85 },
  ],
  subscriptions: { '*': ['instance.status', 'node.status', 'deployment', 'account.auth', 'account.unreachable', 'threshold'] },
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  unreachableMinutes: 10,
  closeToTray: true,
  cpuBudgetPercent: 2,
};

const SETTINGS_KEY = 'monitor.settings';
/** Alerts kept; older ones are dropped (they stay in the activity log). */
const KEEP = 10_000;

interface Row {
  id: number;
  at: string;
  account_id: string | null;
  account_name: string | null;
  kind: AlertKind;
  severity: Alert['severity'];
  target_kind: Alert['targetKind'];
  target_id: string | null;
  target_name: string | null;
  title: string;
  message: string;
  route: string;
  notified: number;
  resolved_at: string | null;
}

function toAlert(r: Row): Alert {
  return {
    id: Number(r.id),
    at: r.at,
    accountId: r.account_id,
    accountName: r.account_name,
    kind: r.kind,
    severity: r.severity,
    targetKind: r.target_kind,
    targetId: r.target_id,
    targetName: r.target_name,
    title: r.title,
    message: r.message,
    route: r.route,
    notified: r.notified === 1,
    state: r.resolved_at === null ? 'open' : 'resolved',
    resolvedAt: r.resolved_at,
  };
}

export interface AlertListFilter {
  accountIds?: string[];
  environments?: string[];
  kinds?: AlertKind[];
  targetKind?: Alert['targetKind'];
  targetIds?: string[];
  state?: Alert['state'];
  offset: number;
  limit: number;
}

/** Alerts (one row per dedupe key), the engine's small state, and the monitoring settings. */
export class AlertStore {
  private readonly insert: Statement;
  private readonly prune: Statement;
  private readonly getState: Statement;
  private readonly putState: Statement;
  private readonly dropState: Statement;
  private readonly resolveStmt: Statement;
  private readonly hasKey: Statement;
  private readonly dataVersion: Statement;

  constructor(
    private readonly db: Database,
    /** Told when the settings change, here or (seen by `refreshSettings`) in another process. */
    private readonly onSettingsChanged?: (settings: MonitorSettings) => void,
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version');
    this.insert = db.prepare(`
      INSERT INTO alerts (at, account_id, account_name, kind, severity, target_kind, target_id, target_name, title, message, route, notified, dedupe_key, condition_key, resolved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING *`);
    this.prune = db.prepare('DELETE FROM alerts WHERE id <= (SELECT MAX(id) FROM alerts) - ?');
    this.getState = db.prepare('SELECT value FROM alert_state WHERE key = ?');
    this.putState = db.prepare('INSERT OR REPLACE INTO alert_state (key, value) VALUES (?, ?)');
    this.dropState = db.prepare('DELETE FROM alert_state WHERE key = ?');
    this.hasKey = db.prepare('SELECT 1 FROM alerts WHERE dedupe_key = ?');
    this.resolveStmt = db.prepare('UPDATE alerts SET resolved_at = ? WHERE condition_key = ? AND resolved_at IS NULL RETURNING account_id, target_kind, target_id');
  }

  /**
   * Stores a new alert; undefined when one with the same dedupe key exists (a duplicate). An alert of a
   * condition ends the condition's open one; it stays open itself unless it is a recovery (info) or has no condition.
   */
  add(draft: AlertDraft, accountName: string | null, notified: boolean): Alert | undefined {
    if (this.hasKey.get(draft.dedupeKey)) return undefined;
    if (draft.conditionKey) this.resolve(draft.conditionKey, draft.at);
    const opens = draft.conditionKey !== undefined && draft.severity !== 'info';
    const row = this.insert.get(
      draft.at,
      draft.accountId,
      accountName,
      draft.kind,
      draft.severity,
      draft.targetKind,
      draft.targetId,
      draft.targetName,
      draft.title,
      draft.message,
      draft.route,
      notified ? 1 : 0,
      draft.dedupeKey,
      draft.conditionKey ?? null,
      opens ? null : draft.at,
    ) as Row | undefined;
    if (!row) return undefined;
    if (Number(row.id) % 500 === 0) this.prune.run(KEEP);
    return toAlert(row);
  }

  /** Ends a condition's open alerts; returns the objects whose alerts changed (empty when none was open). */
  resolve(conditionKey: string, at: string): { accountId: string | null; targetKind: Alert['targetKind']; targetId: string | null }[] {
    const rows = this.resolveStmt.all(at, conditionKey) as unknown as Pick<Row, 'account_id' | 'target_kind' | 'target_id'>[];
    return rows.map((r) => ({ accountId: r.account_id, targetKind: r.target_kind, targetId: r.target_id }));
  }

  list(f: AlertListFilter): { total: number; rows: Alert[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (f.accountIds?.length) {
      where.push(`account_id IN (${f.accountIds.map(() => '?').join(',')})`);
      params.push(...f.accountIds);
    }
    if (f.environments?.length) {
      where.push(`account_id IN (SELECT id FROM accounts WHERE environment IN (${f.environments.map(() => '?').join(',')}))`);
      params.push(...f.environments);
    }
    if (f.kinds?.length) {
      where.push(`kind IN (${f.kinds.map(() => '?').join(',')})`);
      params.push(...f.kinds);
    }
    if (f.targetKind) {
      where.push('target_kind = ?');
      params.push(f.targetKind);
    }
    if (f.targetIds?.length) {
      where.push(`target_id IN (${f.targetIds.map(() => '?').join(',')})`);
      params.push(...f.targetIds);
    }
    if (f.state) where.push(f.state === 'open' ? 'resolved_at IS NULL' : 'resolved_at IS NOT NULL');
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number((this.db.prepare(`SELECT COUNT(*) AS n FROM alerts ${w}`).get(...params) as { n: number }).n);
    const rows = this.db.prepare(`SELECT * FROM alerts ${w} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, f.limit, f.offset) as unknown as Row[];
    return { total, rows: rows.map(toAlert) };
  }

  state(key: string): string | undefined {
    return (this.getState.get(key) as { value: string } | undefined)?.value;
  }

  setState(key: string, value: string | undefined): void {
    if (value === undefined) this.dropState.run(key);
    else this.putState.run(key, value);
  }

  statesWithPrefix(prefix: string): { key: string; value: string }[] {
    return this.db.prepare('SELECT key, value FROM alert_state WHERE key >= ? AND key < ?').all(prefix, `${prefix}\uffff`) as unknown as {
      key: string;
      value: string;
    }[];
  }

  private cachedSettings: MonitorSettings | undefined;
  private cachedJson = '';
  private seenDataVersion: number | undefined;

  /** The settings, re-read when another process (the CLI) committed to the database since the last look. */
  settings(): MonitorSettings {
    this.refreshSettings();
    return this.cachedSettings!;
  }

  /**
   * A cheap change check: `PRAGMA data_version` moves only when another connection commits, so a look
   * costs one pragma and the settings row is read again only then. Tells `onSettingsChanged` when they
   * differ from what this process had.
   */
  refreshSettings(): boolean {
    const version = Number((this.dataVersion.get() as { data_version: number }).data_version);
    if (this.cachedSettings && version === this.seenDataVersion) return false;
    this.seenDataVersion = version;
    const next = this.readSettings();
    const json = JSON.stringify(next);
    const changed = this.cachedSettings !== undefined && json !== this.cachedJson;
    this.cachedSettings = next;
    this.cachedJson = json;
    if (changed) this.onSettingsChanged?.(next);
    return changed;
  }

  private readSettings(): MonitorSettings {
    const raw = (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined)?.value;
    if (!raw) return structuredClone(DEFAULT_MONITOR_SETTINGS);
    try {
      const parsed = monitorSettingsSchema.partial().safeParse(JSON.parse(raw));
      if (parsed.success) return { ...structuredClone(DEFAULT_MONITOR_SETTINGS), ...parsed.data };
    } catch {
      // a damaged entry falls back to the defaults
    }
    return structuredClone(DEFAULT_MONITOR_SETTINGS);
  }

  updateSettings(patch: Partial<MonitorSettings>): MonitorSettings {
    const next = { ...this.readSettings(), ...patch };
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(SETTINGS_KEY, JSON.stringify(next));
    const json = JSON.stringify(next);
    const changed = json !== this.cachedJson;
    this.cachedSettings = next;
    this.cachedJson = json;
    if (changed) this.onSettingsChanged?.(next);
    return next;
  }
}
