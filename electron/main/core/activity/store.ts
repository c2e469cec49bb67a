import type { ActivityEntry, ActivityFilter, ActivityKind, ActivityOutcome, ActivityPage, ActivityTargetKind } from '../../../../shared/contract';
import type { Database, Statement } from '../cache/sqlite';
import type { Redactor } from '../util/redact';

/** What a caller records; seq and at are assigned here (at may be given for alerts that carry their own time). */
export interface ActivityInput {
  at?: Date;
  accountId?: string | null;
  accountName?: string | null;
  kind: ActivityKind;
  action: string;
  targetKind?: ActivityTargetKind | null;
  targetId?: string | null;
  targetName?: string | null;
  summary: string;
  outcome: ActivityOutcome;
  actor?: string | null;
  durationMs?: number | null;
  message?: string | null;
  code?: string | null;
  details?: Record<string, unknown> | null;
}

interface Row {
  seq: number;
  at: string;
  account_id: string | null;
  account_name: string | null;
  kind: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  summary: string;
  outcome: string;
  actor: string | null;
  duration_ms: number | null;
  message: string | null;
  code: string | null;
  details_json: string | null;
}

/** Most entries an export reads; older ones stay in the log. */
export const EXPORT_LIMIT = 100_000;

/**
 * The audit log: every action the user ran and every alert, in SQLite. Everything written passes through
 * the redactor first, so a secret echoed in a server's message never lands on disk.
 */
export class ActivityLog {
  private readonly insert: Statement;
  private readonly byFilter = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly redactor: Redactor,
    private readonly now: () => Date = () => new Date(),
    /** Told of every entry written (the core turns it into an `activity.recorded` event). */
    private readonly onRecorded: (entry: ActivityEntry) => void = () => {},
  ) {
    this.insert = db.prepare(`
      INSERT INTO activity (at, account_id, account_name, kind, action, target_kind, target_id, target_name, summary,
        outcome, actor, duration_ms, message, code, details_json)
      VALUES (?, (SELECT id FROM accounts WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      RETURNING *`);
  }

  record(input: ActivityInput): ActivityEntry {
    const r = this.redactor;
    const text = (s: string | null | undefined) => (s == null ? null : r.redact(s));
    const row = this.insert.get(
      (input.at ?? this.now()).toISOString(),
      input.accountId ?? null,
      text(input.accountName),
      input.kind,
      input.action,
      input.targetKind ?? null,
      text(input.targetId),
      text(input.targetName),
      r.redact(input.summary),
      input.outcome,
      text(input.actor),
      input.durationMs == null ? null : Math.max(0, Math.round(input.durationMs)),
      text(input.message),
      input.code ?? null,
      input.details ? JSON.stringify(r.redactValue(input.details)) : null,
    ) as unknown as Row;
    const entry = toEntry(row);
    this.onRecorded(entry);
    return entry;
  }

  list(filter: ActivityFilter & { offset: number; limit: number }): ActivityPage {
    const { where, params } = whereOf(filter);
    const total = Number((this.statement(`SELECT count(*) AS n FROM activity ${where}`).get(...params) as { n: number }).n);
    const rows = this.statement(`SELECT * FROM activity ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(
      ...params,
      filter.limit,
      filter.offset,
    ) as unknown as Row[];
    return { total, offset: filter.offset, rows: rows.map(toEntry) };
  }

  /** The newest EXPORT_LIMIT matching entries, oldest first. */
  exportRows(filter: ActivityFilter): ActivityEntry[] {
    const { where, params } = whereOf(filter);
    const rows = this.statement(`SELECT * FROM (SELECT * FROM activity ${where} ORDER BY seq DESC LIMIT ?) ORDER BY seq`).all(
      ...params,
      EXPORT_LIMIT,
    ) as unknown as Row[];
    return rows.map(toEntry);
  }

  /** Drops entries older than `before` (retention). Returns how many went. */
  prune(before: Date): number {
    return Number(this.db.prepare('DELETE FROM activity WHERE at < ?').run(before.toISOString()).changes);
  }

  private statement(sql: string): Statement {
    let s = this.byFilter.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.byFilter.set(sql, s);
    }
    return s;
  }
}

type Param = string | number;

function whereOf(f: ActivityFilter): { where: string; params: Param[] } {
  const clauses: string[] = [];
  const params: Param[] = [];
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('account_id', f.accountIds);
  anyOf('kind', f.kinds);
  anyOf('outcome', f.outcomes);
  if (f.targetKind) {
    clauses.push('target_kind = ?');
    params.push(f.targetKind);
  }
  if (f.targetId) {
    clauses.push('target_id = ?');
    params.push(f.targetId);
  }
  // ISO strings with offsets do not compare as text: compare instants.
  if (f.since) {
    clauses.push('at >= ?');
    params.push(new Date(f.since).toISOString());
  }
  if (f.until) {
    clauses.push('at <= ?');
    params.push(new Date(f.until).toISOString());
  }
  const text = f.text?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(
      `(summary LIKE ? ESCAPE '\\' OR target_name LIKE ? ESCAPE '\\' OR target_id LIKE ? ESCAPE '\\' OR message LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\')`,
    );
    params.push(like, like, like, like, like);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toEntry(r: Row): ActivityEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    accountId: r.account_id,
    accountName: r.account_name,
    kind: r.kind as ActivityKind,
    action: r.action,
    targetKind: r.target_kind as ActivityTargetKind | null,
    targetId: r.target_id,
    targetName: r.target_name,
    summary: r.summary,
    outcome: r.outcome as ActivityOutcome,
    actor: r.actor,
    durationMs: r.duration_ms == null ? null : Number(r.duration_ms),
    message: r.message,
    code: r.code,
    details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
  };
}
