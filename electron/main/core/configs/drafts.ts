import type { ConfigDraft, ConfigTarget, ConfigTargetKind, DraftSummary } from '../../../../shared/contract';
import type { ConfigFile } from '../../../../shared/model';
import type { Database, Statement } from '../cache/sqlite';

interface Row {
  account_id: string;
  instance_id: string;
  target_kind: string;
  target_name: string | null;
  base_revision: string;
  base_files_json: string;
  files_json: string;
  root_dir: string | null;
  created_at: string | null;
  updated_at: string;
}

export interface DraftInput {
  target: ConfigTarget;
  targetName: string | null;
  baseRevision: string;
  baseFiles: ConfigFile[];
  files: ConfigFile[];
  rootDir: string | null;
}

/**
 * Unpublished drafts, one per target, in SQLite (`drafts.instance_id` holds the target's id, whatever its kind:
 * NIM instance ids are `system:nginx`, group and staged-config ids are uids, so they never collide). Every edit is one autocommitted UPSERT (WAL), so a draft
 * survives a crash or a kill at any moment and needs no server to be edited. The base files are kept so a
 * conflict can be merged three ways without asking the server for an old revision.
 */
export class DraftStore {
  private readonly upsert: Statement;
  private readonly updateFiles: Statement;
  private readonly one: Statement;
  private readonly remove: Statement;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.upsert = db.prepare(`
      INSERT INTO drafts (account_id, instance_id, target_kind, target_name, base_revision, base_files_json, files_json, root_dir, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, instance_id) DO UPDATE SET
        target_kind = excluded.target_kind, target_name = excluded.target_name, base_revision = excluded.base_revision,
        base_files_json = excluded.base_files_json, files_json = excluded.files_json, root_dir = excluded.root_dir,
        created_at = excluded.created_at, updated_at = excluded.updated_at`);
    this.updateFiles = db.prepare('UPDATE drafts SET files_json = ?, updated_at = ? WHERE account_id = ? AND instance_id = ? AND target_kind = ?');
    this.one = db.prepare('SELECT * FROM drafts WHERE account_id = ? AND instance_id = ? AND target_kind = ?');
    this.remove = db.prepare('DELETE FROM drafts WHERE account_id = ? AND instance_id = ? AND target_kind = ?');
  }

  get(target: ConfigTarget): ConfigDraft | undefined {
    const row = this.one.get(target.accountId, target.id, target.kind) as unknown as Row | undefined;
    return row ? toDraft(row) : undefined;
  }

  /** A new draft (or one re-based on a newer live config). */
  create(input: DraftInput): ConfigDraft {
    const at = this.now().toISOString();
    this.upsert.run(
      input.target.accountId,
      input.target.id,
      input.target.kind,
      input.targetName,
      input.baseRevision,
      JSON.stringify(input.baseFiles),
      JSON.stringify(input.files),
      input.rootDir,
      at,
      at,
    );
    return this.get(input.target)!;
  }

  /** Saves the files of an existing draft; false when there is none. */
  saveFiles(target: ConfigTarget, files: ConfigFile[]): boolean {
    const r = this.updateFiles.run(JSON.stringify(files), this.now().toISOString(), target.accountId, target.id, target.kind);
    return Number(r.changes) > 0;
  }

  discard(target: ConfigTarget): boolean {
    return Number(this.remove.run(target.accountId, target.id, target.kind).changes) > 0;
  }

  /** Newest first, with their account's name and environment. */
  list(filter: { accountIds?: string[]; environments?: string[] } = {}): DraftSummary[] {
    const clauses: string[] = [];
    const params: string[] = [];
    if (filter.accountIds?.length) {
      clauses.push(`d.account_id IN (${filter.accountIds.map(() => '?').join(', ')})`);
      params.push(...filter.accountIds);
    }
    if (filter.environments?.length) {
      clauses.push(`a.environment IN (${filter.environments.map(() => '?').join(', ')})`);
      params.push(...filter.environments);
    }
    const rows = this.db
      .prepare(
        `SELECT d.*, a.name AS account_name, a.environment AS environment FROM drafts d JOIN accounts a ON a.id = d.account_id
         ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY d.updated_at DESC`,
      )
      .all(...params) as unknown as (Row & { account_name: string; environment: string })[];
    return rows.map((r) => {
      const d = toDraft(r);
      return {
        accountId: d.accountId,
        accountName: r.account_name,
        environment: r.environment,
        kind: d.kind,
        targetId: d.targetId,
        targetName: d.targetName,
        baseRevision: d.baseRevision,
        updatedAt: d.updatedAt,
        changedFiles: d.changedFiles,
      };
    });
  }
}

export function changedFiles(base: ConfigFile[], files: ConfigFile[]): string[] {
  const a = new Map(base.map((f) => [f.name, f.contents]));
  const b = new Map(files.map((f) => [f.name, f.contents]));
  return [...new Set([...a.keys(), ...b.keys()])].filter((n) => a.get(n) !== b.get(n)).sort();
}

function toDraft(r: Row): ConfigDraft {
  const baseFiles = JSON.parse(r.base_files_json) as ConfigFile[];
  const files = JSON.parse(r.files_json) as ConfigFile[];
  return {
    accountId: r.account_id,
    kind: r.target_kind as ConfigTargetKind,
    targetId: r.instance_id,
    targetName: r.target_name,
    baseRevision: r.base_revision,
    baseFiles,
    files,
    rootDir: r.root_dir,
    createdAt: r.created_at ?? r.updated_at,
    updatedAt: r.updated_at,
    changedFiles: changedFiles(baseFiles, files),
  };
}
