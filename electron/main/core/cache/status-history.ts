import type { StatusChange } from '../../../../shared/contract';
import type { Database, Statement } from './sqlite';

/** The status timeline of one cached object, newest first, as the snapshots recorded it. */
export class StatusHistory {
  private readonly select: Statement;

  constructor(db: Database) {
    this.select = db.prepare(`
      SELECT name, from_status, to_status, at FROM status_history
      WHERE account_id = ? AND kind = ? AND object_id = ?
      ORDER BY at DESC, seq DESC LIMIT ?`);
  }

  list(accountId: string, kind: 'instance' | 'node', id: string, limit: number): StatusChange[] {
    return (this.select.all(accountId, kind, id, limit) as Record<string, string | null>[]).map((r) => ({
      name: String(r.name),
      from: r.from_status,
      to: r.to_status,
      at: String(r.at),
    }));
  }
}
