import type { ActionResult, Instance, NodeInfo } from '../../../../shared/model';
import { transaction } from './db';
import { fingerprint, INSTANCE_TABLE, NODE_TABLE, type FleetKind, type FleetTable } from './fleet-tables';
import type { SnapshotAccount } from './snapshot-store';
import type { Database, Statement } from './sqlite';

/** How a cached row was last confirmed: a sync (NULL in the table), the API's answer to an action, or a re-read after one. */
export type RowConfirmation = 'api' | 'reread';

export interface AppliedAction {
  account: SnapshotAccount;
  kind: FleetKind;
  action: string;
  /** The id the action was run on (absent for create/deploy). */
  id?: string;
  result: ActionResult;
  at: Date;
}

/** A cached object whose status the action changed (from null: added; to null: removed). */
export interface AppliedChange {
  kind: FleetKind;
  id: string;
  name: string;
  from: string | null;
  to: string | null;
}

interface KindStatements {
  status: Statement;
  remove: Statement;
  upsert: Statement;
}

/**
 * Puts an action's outcome into the cache at once, so whatever reads the cache next (the CLI's `instances list`
 * in a new process, the app's table on the event that follows) shows the state the action left, before the
 * next refresh. Rows written here are marked with how they were confirmed and carry a fingerprint no sync can
 * produce, so the refresh that follows rewrites them with what the list says.
 */
export class ActionCache {
  private readonly instances: KindStatements;
  private readonly nodes: KindStatements;
  private readonly count: Record<FleetKind, Statement>;
  private readonly recordHistory: Statement;
  private readonly recount: Statement;

  constructor(private readonly db: Database) {
    // The transition goes to the status history here: the refresh that follows finds nothing changed.
    this.recordHistory = db.prepare(
      'INSERT INTO status_history (account_id, kind, object_id, name, from_status, to_status, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // The account's counts (sidebar, chips, sync.status) are sync_state's: kept true when rows come or go.
    this.recount = db.prepare(`UPDATE sync_state SET instance_count = (SELECT count(*) FROM instances WHERE account_id = ?1),
      node_count = (SELECT count(*) FROM nodes WHERE account_id = ?1) WHERE account_id = ?1`);
    this.instances = this.prepare(INSTANCE_TABLE);
    this.nodes = this.prepare(NODE_TABLE);
    this.count = {
      instance: db.prepare('SELECT count(*) AS n FROM instances WHERE account_id = ?'),
      node: db.prepare('SELECT count(*) AS n FROM nodes WHERE account_id = ?'),
    };
  }

  /** Applies the result in one transaction and returns the status changes it made. */
  apply(input: AppliedAction): AppliedChange[] {
    const { account, kind, action, result } = input;
    const by: RowConfirmation = result.confirmedBy ?? (result.confirmedByReread ? 'reread' : 'api');
    const atIso = input.at.toISOString();
    return transaction(this.db, () => {
      const changes: AppliedChange[] = [];
      const remove = (k: FleetKind, id: string) => {
        const st = k === 'instance' ? this.instances : this.nodes;
        const before = st.status.get(account.id, id) as { name: string; status: string } | undefined;
        if (!before) return;
        st.remove.run(account.id, id);
        changes.push({ kind: k, id, name: before.name, from: before.status, to: null });
      };
      const put = <T extends Instance | NodeInfo>(table: FleetTable<T>, st: KindStatements, item: T) => {
        const before = st.status.get(account.id, item.id) as { name: string; status: string } | undefined;
        const columns = table.toColumns(item);
        st.upsert.run(account.id, item.id, account.provider, account.environment, ...columns, atIso, `action:${fingerprint(columns)}`, by);
        const to = String(columns[1]);
        if (before?.status !== to) changes.push({ kind: table.kind, id: item.id, name: item.name, from: before?.status ?? null, to });
      };
      // The API's records disagree (Skyport): only what the list sync reads is applied, never a deletion.
      const trusted = !result.mismatch;
      if (kind === 'instance') {
        if (result.deletedId) remove('instance', result.deletedId);
        else if (action === 'delete' && input.id && trusted) remove('instance', input.id);
        for (const id of result.removedIds ?? []) remove('instance', id);
        if (result.instance && action !== 'delete') {
          // An action that gave the object a new id (a rename where the name is the id) leaves no row behind.
          if (input.id && result.instance.id !== input.id && action !== 'create' && action !== 'deploy') remove('instance', input.id);
          put(INSTANCE_TABLE, this.instances, result.instance);
        }
        for (const other of result.affected ?? []) put(INSTANCE_TABLE, this.instances, other);
      } else {
        if (result.deletedId) remove('node', result.deletedId);
        else if (action === 'delete' && input.id && trusted) remove('node', input.id);
        if (result.node && action !== 'delete') put(NODE_TABLE, this.nodes, result.node);
      }
      for (const c of changes) this.recordHistory.run(account.id, c.kind, c.id, c.name, c.from, c.to, atIso);
      if (changes.some((c) => c.from === null || c.to === null)) this.recount.run(account.id);
      return changes;
    });
  }

  /** How many instances and nodes the cache holds for the account (for the change event). */
  counts(accountId: string): { instances: number; nodes: number } {
    return {
      instances: Number((this.count.instance.get(accountId) as { n: number }).n),
      nodes: Number((this.count.node.get(accountId) as { n: number }).n),
    };
  }

  private prepare<T>(table: FleetTable<T>): KindStatements {
    const t = table.table;
    const cols = ['account_id', 'id', 'provider', 'environment', ...table.columns, 'confirmed_at', 'hash', 'confirmed_by'];
    const set = cols.slice(2).map((c) => `${c} = excluded.${c}`).join(', ');
    return {
      status: this.db.prepare(`SELECT name, status FROM ${t} WHERE account_id = ? AND id = ?`),
      remove: this.db.prepare(`DELETE FROM ${t} WHERE account_id = ? AND id = ?`),
      upsert: this.db.prepare(
        `INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (account_id, id) DO UPDATE SET ${set}`,
      ),
    };
  }
}
