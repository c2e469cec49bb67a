import { HangarError } from '../../../../shared/errors';
import type { Environment, Instance, InstanceStatus, NodeInfo, NodeStatus, ProviderId } from '../../../../shared/model';
import { transaction } from './db';
import { fingerprint, idOf, INSTANCE_TABLE, NODE_TABLE, type FleetKind, type FleetTable } from './fleet-tables';
import type { Database, Statement } from './sqlite';

export interface FleetSnapshot {
  instances: Instance[];
  nodes: NodeInfo[];
}

/** The account-level facts denormalised into every row (for filtering and sorting without a join). */
export interface SnapshotAccount {
  id: string;
  provider: ProviderId;
  environment: Environment;
}

/** An object that appeared (from null), changed status, or disappeared (to null). */
export interface Transition<S extends string> {
  id: string;
  name: string;
  from: S | null;
  to: S | null;
}

export interface KindChanges<S extends string> {
  total: number;
  added: number;
  removed: number;
  /** Rows whose content changed (status or anything else). */
  updated: number;
  /** Status changes, removals and — unless this is the account's first snapshot — additions. */
  transitions: Transition<S>[];
}

export interface SnapshotResult {
  accountId: string;
  at: string;
  /** True when the account had no snapshot before (additions are counted, not listed). */
  first: boolean;
  /** True when anything was added, removed or changed. */
  changed: boolean;
  instances: KindChanges<InstanceStatus>;
  nodes: KindChanges<NodeStatus>;
  /** Objects the API listed twice (the last one was kept). */
  duplicates: number;
  durationMs: number;
}

export interface StageOptions {
  /**
   * For an account with no committed snapshot yet: commit each page as it arrives (its own short
   * transaction), marking the account's rows as a partial first sync until `commit` records the
   * complete listing. Ignored for an account that has a snapshot (all or nothing, as always).
   */
  firstSyncProgressive?: boolean;
  /** The time written on rows committed page by page. */
  now?: () => Date;
}

export interface SnapshotStoreOptions {
  /** Status history older than this is pruned when a snapshot is written. */
  historyRetentionDays?: number;
}

interface KindStatements {
  known: Statement;
  clearStage: Statement;
  stage: Statement;
  statusChanges: Statement;
  added: Statement;
  addedCount: Statement;
  removedRow: Statement;
  deleteRow: Statement;
  updatedCount: Statement;
  upsert: Statement;
  count: Statement;
}

/**
 * One snapshot being received: pages go into staging as they arrive, and `commit` replaces the
 * cached snapshot with what was staged, all or nothing. Until then the cache is untouched.
 */
export interface SnapshotStaging {
  addInstances(page: readonly Instance[]): void;
  addNodes(page: readonly NodeInfo[]): void;
  /** True when pages reach the cache as they arrive (a never-synced account's first sync). */
  readonly progressive: boolean;
  /** Replaces the cached snapshot with the staged one and reports what changed. */
  commit(at: Date, startedAt?: Date): SnapshotResult;
  /** Drops what was staged (after a failed fetch); safe to call after commit. */
  discard(): void;
}

/** Staging sessions are numbered per process, so two stores on one connection never share one. */
let nextSession = 1;

/** What a staging session knows of one kind: the cached fingerprints, and the ids received. */
interface KindSession {
  known: Map<string, string>;
  seen: Set<string>;
  received: number;
  /** What pages committed as they arrived (progressive first sync) added, changed, and the status changes they made. */
  added: number;
  updated: number;
  transitions: Transition<string>[];
}

/**
 * Writes whole account snapshots. Each object is fingerprinted as it arrives and compared with the
 * cached fingerprint; only new and changed objects are staged (in a TEMP table on disk, keyed by a
 * session so several accounts can stream at once), so a refresh of an unchanged fleet writes almost
 * nothing. At commit the changes are computed by SQLite from the staged rows plus the ids that did
 * not come back, and applied in one transaction.
 */
export class SnapshotStore {
  private readonly instances: KindStatements;
  private readonly nodes: KindStatements;
  private readonly accountExists: Statement;
  private readonly lastSuccess: Statement;
  private readonly saveState: Statement;
  private readonly savePartial: Statement;
  private readonly recordHistory: Statement;
  private readonly pruneHistory: Statement;
  private readonly retentionDays: number;

  constructor(
    private readonly db: Database,
    options: SnapshotStoreOptions = {},
  ) {
    this.retentionDays = options.historyRetentionDays ?? 30;
    // In memory, the staging pages of the largest snapshot stayed allocated for good (≈ 40 MB at 20k objects).
    db.exec('PRAGMA temp_store = FILE');
    this.instances = this.prepareKind(INSTANCE_TABLE);
    this.nodes = this.prepareKind(NODE_TABLE);
    this.accountExists = db.prepare('SELECT 1 AS x FROM accounts WHERE id = ?');
    this.lastSuccess = db.prepare('SELECT last_success_at AS at FROM sync_state WHERE account_id = ?');
    this.saveState = db.prepare(`
      INSERT INTO sync_state (account_id, state, last_success_at, last_attempt_at, error_code, error_message,
                              consecutive_failures, instance_count, node_count, duration_ms, first_sync_partial)
      VALUES (?, 'ok', ?, ?, NULL, NULL, 0, ?, ?, ?, 0)
      ON CONFLICT (account_id) DO UPDATE SET state = 'ok', last_success_at = excluded.last_success_at, first_sync_partial = 0,
        last_attempt_at = excluded.last_attempt_at, error_code = NULL, error_message = NULL, consecutive_failures = 0,
        instance_count = excluded.instance_count, node_count = excluded.node_count, duration_ms = excluded.duration_ms`);
    // Written in each page's transaction: the rows visible so far belong to a listing that is not complete.
    this.savePartial = db.prepare(`
      INSERT INTO sync_state (account_id, state, first_sync_partial, instance_count, node_count) VALUES (?1, 'never', 1, ?2, ?3)
      ON CONFLICT (account_id) DO UPDATE SET first_sync_partial = 1, instance_count = excluded.instance_count,
        node_count = excluded.node_count`);
    this.recordHistory = db.prepare(
      'INSERT INTO status_history (account_id, kind, object_id, name, from_status, to_status, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.pruneHistory = db.prepare('DELETE FROM status_history WHERE at < ?');
  }

  /** Starts receiving a snapshot of `account` page by page. */
  stage(account: SnapshotAccount, options: StageOptions = {}): SnapshotStaging {
    const session = nextSession++;
    // The cached fingerprints and the snapshot they belong to, read together.
    const { base, kinds } = transaction(
      this.db,
      () => ({
        base: this.lastSuccessAt(account.id),
        kinds: {
          instance: this.openKind(this.instances, account.id),
          node: this.openKind(this.nodes, account.id),
        } satisfies Record<FleetKind, KindSession>,
      }),
      'DEFERRED',
    );
    let open = true;
    const progressive = options.firstSyncProgressive === true && base === null;
    const now = options.now ?? (() => new Date());
    const add = <T>(table: FleetTable<T>, st: KindStatements, page: readonly T[]) => {
      if (!open) throw new Error('this snapshot was already committed or discarded');
      if (!Array.isArray(page)) throw new HangarError('BAD_RESPONSE', `The ${account.provider} provider returned no ${table.kind} list; the cached snapshot was kept.`);
      const k = kinds[table.kind];
      const seen = k.seen;
      const stagePage = () => {
        for (const item of page) {
          const id = idOf(item, table.kind);
          const columns = table.toColumns(item);
          const hash = fingerprint(columns);
          // A repeated id is staged whatever its fingerprint, so the last one listed wins.
          const repeated = seen.has(id);
          seen.add(id);
          if (repeated || k.known.get(id) !== hash) st.stage.run(session, id, account.provider, account.environment, ...columns, hash);
        }
      };
      if (progressive) {
        // The page goes into the cache now, in one short transaction with the partial mark; removals wait for the complete listing.
        transaction(this.db, () => {
          this.checkBase(account.id, base);
          stagePage();
          const scope = { account: account.id, session };
          for (const r of st.statusChanges.all(scope) as { id: string; name: string; from_status: string; to_status: string }[]) {
            k.transitions.push({ id: r.id, name: r.name, from: r.from_status, to: r.to_status });
          }
          k.added += Number((st.addedCount.get(scope) as { n: number }).n);
          k.updated += Number((st.updatedCount.get(scope) as { n: number }).n);
          st.upsert.run({ ...scope, at: now().toISOString() });
          st.clearStage.run(session);
          this.savePartial.run(account.id, this.countOf(this.instances, account.id), this.countOf(this.nodes, account.id));
        });
      } else {
        // One temp-only transaction per page (no lock on the cache file), instead of one per row.
        transaction(this.db, stagePage, 'DEFERRED');
      }
      k.received += page.length;
    };
    const discard = () => {
      if (!open) return;
      open = false;
      this.instances.clearStage.run(session);
      this.nodes.clearStage.run(session);
    };
    return {
      addInstances: (page) => add(INSTANCE_TABLE, this.instances, page),
      addNodes: (page) => add(NODE_TABLE, this.nodes, page),
      progressive,
      commit: (at, startedAt = at) => {
        if (!open) throw new Error('this snapshot was already committed or discarded');
        try {
          return this.commit(account, session, base, kinds, at, startedAt);
        } finally {
          discard();
        }
      },
      discard,
    };
  }

  /**
   * Replaces the account's cached instances and nodes with `snapshot`, all or nothing, and returns
   * what changed. Throws (leaving the cache as it was) on an object without an id or an unknown account.
   */
  write(account: SnapshotAccount, snapshot: FleetSnapshot, at: Date, startedAt: Date = at): SnapshotResult {
    const staging = this.stage(account);
    try {
      staging.addInstances(snapshot.instances);
      staging.addNodes(snapshot.nodes);
      return staging.commit(at, startedAt);
    } finally {
      staging.discard();
    }
  }

  private countOf(st: KindStatements, accountId: string): number {
    return Number((st.count.get(accountId) as { n: number }).n);
  }

  /** Throws unless the account exists and its last snapshot is still `base` (the one this session compared against). */
  private checkBase(accountId: string, base: string | null): void {
    if (!this.accountExists.get(accountId)) {
      throw new HangarError('NOT_FOUND', `Account ${accountId} no longer exists; its snapshot was dropped.`);
    }
    // Unchanged objects were compared with the snapshot of `base`; if another process wrote a newer
    // one meanwhile, that comparison no longer holds. Theirs is as fresh as ours: keep it.
    if (this.lastSuccessAt(accountId) !== base) {
      throw new HangarError('CONFLICT', `Another Hangar process refreshed account ${accountId} at the same time; its snapshot was kept.`, {
        retryable: true,
        details: { superseded: true },
      });
    }
  }

  private lastSuccessAt(accountId: string): string | null {
    return (this.lastSuccess.get(accountId) as { at: string | null } | undefined)?.at ?? null;
  }

  private openKind(st: KindStatements, accountId: string): KindSession {
    const known = new Map<string, string>();
    for (const r of st.known.all(accountId) as { id: string; hash: string }[]) known.set(r.id, r.hash);
    return { known, seen: new Set(), received: 0, added: 0, updated: 0, transitions: [] };
  }

  private commit(
    account: SnapshotAccount,
    session: number,
    base: string | null,
    kinds: Record<FleetKind, KindSession>,
    at: Date,
    startedAt: Date,
  ): SnapshotResult {
    const started = performance.now();
    const atIso = at.toISOString();
    return transaction(this.db, () => {
      this.checkBase(account.id, base);
      const first = base === null;
      const inst = this.applyKind(this.instances, account, session, kinds.instance, atIso, first);
      const nodes = this.applyKind(this.nodes, account, session, kinds.node, atIso, first);
      for (const [kind, changes] of [['instance', inst.changes], ['node', nodes.changes]] as const) {
        for (const t of changes.transitions) this.recordHistory.run(account.id, kind, t.id, t.name, t.from, t.to, atIso);
      }
      const cutoff = new Date(at.getTime() - this.retentionDays * 86_400_000).toISOString();
      this.pruneHistory.run(cutoff);
      const durationMs = Math.round(performance.now() - started);
      this.saveState.run(account.id, atIso, startedAt.toISOString(), inst.changes.total, nodes.changes.total, durationMs);
      const changed = [inst.changes, nodes.changes].some((c) => c.added + c.removed + c.updated > 0);
      return {
        accountId: account.id,
        at: atIso,
        first,
        changed: changed || first,
        instances: inst.changes as KindChanges<InstanceStatus>,
        nodes: nodes.changes as KindChanges<NodeStatus>,
        duplicates: inst.duplicates + nodes.duplicates,
        durationMs,
      };
    });
  }

  private applyKind(
    st: KindStatements,
    account: SnapshotAccount,
    session: number,
    k: KindSession,
    atIso: string,
    first: boolean,
  ): { changes: KindChanges<string>; duplicates: number } {
    const scope = { account: account.id, session };
    const transitions: Transition<string>[] = [...k.transitions];
    for (const r of st.statusChanges.all(scope) as { id: string; name: string; from_status: string; to_status: string }[]) {
      transitions.push({ id: r.id, name: r.name, from: r.from_status, to: r.to_status });
    }
    let added = k.added;
    if (first) {
      added += Number((st.addedCount.get(scope) as { n: number }).n);
    } else {
      const rows = st.added.all(scope) as { id: string; name: string; status: string }[];
      for (const r of rows) transitions.push({ id: r.id, name: r.name, from: null, to: r.status });
      added += rows.length;
    }
    const updated = k.updated + Number((st.updatedCount.get(scope) as { n: number }).n);
    // What the cache held and the API no longer lists.
    let removed = 0;
    for (const id of [...k.known.keys()].filter((id) => !k.seen.has(id)).sort()) {
      const r = st.removedRow.get(account.id, id) as { name: string; status: string } | undefined;
      if (!r) continue;
      transitions.push({ id, name: r.name, from: r.status, to: null });
      st.deleteRow.run(account.id, id);
      removed++;
    }
    st.upsert.run({ ...scope, at: atIso });
    return {
      changes: { total: k.seen.size, added, removed, updated, transitions },
      duplicates: k.received - k.seen.size,
    };
  }

  private prepareKind<T>(table: FleetTable<T>): KindStatements {
    const t = table.table;
    const stage = `temp.stage_${t}`;
    const cols = table.columns;
    this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS stage_${t} (
        session INTEGER NOT NULL, id TEXT NOT NULL, provider TEXT, environment TEXT, ${cols.join(', ')}, hash TEXT,
        PRIMARY KEY (session, id)
      )`);
    const stageCols = ['id', 'provider', 'environment', ...cols, 'hash'];
    // A row an action wrote (confirmed_by set) carries a fingerprint no sync produces, so the sync rewrites it here.
    const setChanged = [...['provider', 'environment', ...cols, 'hash', 'confirmed_at'].map((c) => `${c} = excluded.${c}`), 'confirmed_by = NULL'].join(', ');
    const staged = `${stage} s WHERE s.session = $session`;
    return {
      known: this.db.prepare(`SELECT id, hash FROM ${t} WHERE account_id = ?`),
      count: this.db.prepare(`SELECT count(*) AS n FROM ${t} WHERE account_id = ?`),
      clearStage: this.db.prepare(`DELETE FROM ${stage} WHERE session = ?`),
      // A duplicate id in one answer: the last one wins (counted at commit).
      stage: this.db.prepare(`INSERT OR REPLACE INTO ${stage} (session, ${stageCols.join(', ')}) VALUES (?, ${stageCols.map(() => '?').join(', ')})`),
      statusChanges: this.db.prepare(`
        SELECT s.id, s.name, c.status AS from_status, s.status AS to_status
        FROM ${stage} s JOIN ${t} c ON c.account_id = $account AND c.id = s.id
        WHERE s.session = $session AND c.status <> s.status ORDER BY s.id`),
      added: this.db.prepare(`
        SELECT s.id, s.name, s.status FROM ${staged}
          AND NOT EXISTS (SELECT 1 FROM ${t} c WHERE c.account_id = $account AND c.id = s.id) ORDER BY s.id`),
      addedCount: this.db.prepare(`
        SELECT count(*) AS n FROM ${staged} AND NOT EXISTS (SELECT 1 FROM ${t} c WHERE c.account_id = $account AND c.id = s.id)`),
      removedRow: this.db.prepare(`SELECT name, status FROM ${t} WHERE account_id = ? AND id = ?`),
      deleteRow: this.db.prepare(`DELETE FROM ${t} WHERE account_id = ? AND id = ?`),
      updatedCount: this.db.prepare(`
        SELECT count(*) AS n FROM ${stage} s JOIN ${t} c ON c.account_id = $account AND c.id = s.id
        WHERE s.session = $session AND c.hash <> s.hash`),
      upsert: this.db.prepare(`
        INSERT INTO ${t} (account_id, ${stageCols.join(', ')}, confirmed_at)
        SELECT $account, ${stageCols.join(', ')}, $at FROM ${staged}
        ON CONFLICT (account_id, id) DO UPDATE SET ${setChanged} WHERE ${t}.hash <> excluded.hash`),
    };
  }
}

export type { FleetKind };
