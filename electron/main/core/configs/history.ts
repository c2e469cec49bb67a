import { HangarError } from '../../../../shared/errors';
import type { ConfigRevision, ConfigTarget, ConfigTargetKind } from '../../../../shared/contract';
import type { ConfigFile } from '../../../../shared/model';
import type { Database, Statement } from '../cache/sqlite';

interface Row {
  seq: number;
  account_id: string;
  instance_id: string;
  target_kind: string;
  target_name: string | null;
  revision: string;
  base_revision: string | null;
  files_json: string;
  source: string;
  result: string;
  actor: string | null;
  message: string | null;
  deployment_id: string | null;
  created_at: string;
}

export interface RevisionInput {
  target: ConfigTarget;
  targetName: string | null;
  revision: string | null;
  baseRevision: string | null;
  files: ConfigFile[];
  source: ConfigRevision['source'];
  result: ConfigRevision['result'];
  actor: string | null;
  message?: string | null;
  deploymentId?: string | null;
}

/** Every config Hangar published (or saw live just before publishing), kept locally with who, when and the outcome. */
export class RevisionStore {
  private readonly insert: Statement;
  private readonly settle: Statement;
  private readonly byTarget: Statement;
  private readonly bySeq: Statement;

  constructor(
    db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare(`
      INSERT INTO config_revisions (account_id, instance_id, target_kind, target_name, revision, base_revision, files_json, source, result,
        actor, message, deployment_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`);
    this.settle = db.prepare('UPDATE config_revisions SET result = ?, message = ?, revision = ?, deployment_id = ? WHERE seq = ?');
    this.byTarget = db.prepare(
      'SELECT * FROM config_revisions WHERE account_id = ? AND instance_id = ? AND target_kind = ? ORDER BY seq DESC LIMIT ?',
    );
    this.bySeq = db.prepare('SELECT * FROM config_revisions WHERE account_id = ? AND seq = ?');
  }

  add(input: RevisionInput): ConfigRevision {
    const { seq } = this.insert.get(
      input.target.accountId,
      input.target.id,
      input.target.kind,
      input.targetName,
      input.revision ?? '',
      input.baseRevision,
      JSON.stringify(input.files),
      input.source,
      input.result,
      input.actor,
      input.message ?? null,
      input.deploymentId ?? null,
      this.now().toISOString(),
    ) as { seq: number };
    return this.get(input.target.accountId, Number(seq), true);
  }

  /** The outcome of a publish once its deployment ended. */
  finish(seq: number, accountId: string, o: { result: ConfigRevision['result']; message: string | null; revision: string | null; deploymentId: string | null }): ConfigRevision {
    this.settle.run(o.result, o.message, o.revision ?? '', o.deploymentId, seq);
    return this.get(accountId, seq, false);
  }

  list(target: ConfigTarget, limit = 50): ConfigRevision[] {
    return (this.byTarget.all(target.accountId, target.id, target.kind, limit) as unknown as Row[]).map((r) => toRevision(r, false));
  }

  get(accountId: string, seq: number, withFiles = true): ConfigRevision {
    const row = this.bySeq.get(accountId, seq) as unknown as Row | undefined;
    if (!row) throw new HangarError('NOT_FOUND', `No recorded config revision ${seq} for this account (configs history lists them)`);
    return toRevision(row, withFiles);
  }

  /** The newest revision that is not a failed or pending publish. */
  latestGood(target: ConfigTarget): ConfigRevision | undefined {
    return this.list(target, 500).find((r) => r.result === 'succeeded' || r.result === 'observed');
  }
}

function toRevision(r: Row, withFiles: boolean): ConfigRevision {
  const files = JSON.parse(r.files_json) as ConfigFile[];
  return {
    seq: Number(r.seq),
    accountId: r.account_id,
    kind: r.target_kind as ConfigTargetKind,
    targetId: r.instance_id,
    targetName: r.target_name,
    revision: r.revision || null,
    baseRevision: r.base_revision,
    source: r.source as ConfigRevision['source'],
    result: r.result as ConfigRevision['result'],
    actor: r.actor,
    message: r.message,
    deploymentId: r.deployment_id,
    createdAt: r.created_at,
    fileNames: files.map((f) => f.name),
    ...(withFiles ? { files } : {}),
  };
}
