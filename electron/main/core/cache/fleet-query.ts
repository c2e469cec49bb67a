import type { Page, Row } from '../../../../shared/contract';
import { ENVIRONMENTS, type Instance, type NodeInfo } from '../../../../shared/model';
import { AccountScopeReader, isStale, oldestSuccess, type ScopeAccount } from './account-scope';
import { INSTANCE_TABLE, NODE_TABLE, SEARCH_SEPARATOR, type FleetTable, type StoredRow } from './fleet-tables';
import { TextIndex } from './text-index';
import type { Database, Statement } from './sqlite';

type SortKey = 'name' | 'status' | 'account' | 'provider' | 'environment' | 'updatedAt';

/** A query after validation and defaults (what the handlers receive). */
export interface FleetQuery {
  accountIds?: string[];
  environments?: string[];
  providers?: string[];
  statuses?: string[];
  nodeId?: string;
  label?: { accountId: string; key: string; value: string };
  text?: string;
  offset: number;
  limit: number;
  sort: SortKey;
  sortDir: 'asc' | 'desc';
}

/** The shortest text the trigram index can answer; shorter text is looked for in the `search` column. */
const TRIGRAM = 3;
/** Up to this many text matches, the query is driven by the matches; beyond, by the sort index. */
const DRIVE_BY_MATCHES = 2000;
/** The same for short text found in the search index (its matches cost no table lookup to find). */
const DRIVE_BY_SHORT_MATCHES = 20_000;

/**
 * Windowed, filtered, sorted reads of the cached fleet, answered by SQLite.
 * Row-level sorts (name, status, updatedAt) walk an index; account-level sorts (account, provider,
 * environment) order the few accounts in JS and read each account's segment from its own index,
 * so no sort ever touches all rows. Ties are broken by name, then id (then account).
 */
export class FleetQueries {
  private readonly scope: AccountScopeReader;
  private readonly statements = new Map<string, Statement>();
  private readonly textIndex: TextIndex;
  private labelCache: { key: string; rows: Set<number> } | undefined;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.scope = new AccountScopeReader(db);
    this.textIndex = new TextIndex(db, { now });
  }



  /**
   * Resolves when the in-memory text index is current (a warm-up; queries never wait for it). `settled`: an
   * account whose complete snapshot was just saved.
   */
  async warmTextIndex(settled?: string): Promise<void> {
    await this.textIndex.ready('instances', settled);
    await this.textIndex.ready('nodes', settled);
  }

  instances(q: FleetQuery): Page<Instance> {
    return this.query(INSTANCE_TABLE, q);
  }

  nodes(q: FleetQuery): Page<NodeInfo> {
    return this.query(NODE_TABLE, q);
  }

  /**
   * A label's rows, kept while nothing was written (typing with a label chip asks for the same set on every
   * keystroke: 6–8 ms to read 6,667 rowids). total_changes() counts this connection's writes, triggers' too;
   * data_version moves when another connection (the CLI) commits.
   */
  private labelled(args: string[], sql: string): Set<number> {
    const version = this.prepare('SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v').get() as { c: number; v: number };
    const key = `${args.join('\u0000')}\u0000${version.c}\u0000${version.v}`;
    if (this.labelCache?.key !== key) {
      const rows = new Set((this.prepare(sql).all(...args) as { r: number }[]).map((x) => Number(x.r)));
      this.labelCache = { key, rows };
    }
    return this.labelCache.rows;
  }

  /** One cached object with its row facts, or undefined when it is not in the cache. */
  one<T>(table: FleetTable<T>, accountId: string, id: string): { row: Row<T>; asOf: string | null } | undefined {
    const account = this.scope.all().find((a) => a.id === accountId);
    if (!account) return undefined;
    const r = this.prepare(`SELECT * FROM ${table.table} WHERE account_id = ? AND id = ?`).get(accountId, id) as StoredRow | undefined;
    return r ? { row: this.toRow(table, r, account), asOf: account.lastSuccessAt } : undefined;
  }

  private query<T>(table: FleetTable<T>, q: FleetQuery): Page<T> {
    const resolved = this.scope.resolve(q);
    let { accounts, everyAccount } = resolved;
    const label = table.table === 'instances' ? q.label : undefined;
    if (label) {
      // Label values (owner and image ids) mean something only within their account.
      accounts = accounts.filter((a) => a.id === label.accountId);
      everyAccount = false;
    }
    const nowMs = this.now();
    const asOf = oldestSuccess(accounts);
    const stale = accounts.some((a) => isStale(a, nowMs));
    const partial = accounts.some((a) => a.firstSyncPartial) ? { partial: true } : {};
    const page = (total: number, rowids: number[]): Page<T> => ({
      total,
      offset: q.offset,
      rows: this.load(table, rowids, new Map(accounts.map((a) => [a.id, a]))),
      asOf,
      stale,
      ...partial,
    });
    if (accounts.length === 0) return page(0, []);

    const where: string[] = [];
    const params: (string | number)[] = [];
    if (!everyAccount) {
      where.push(`account_id IN (${accounts.map(() => '?').join(', ')})`);
      params.push(...accounts.map((a) => a.id));
    }
    const text = q.text?.trim() ?? '';
    // The search column separates its fields with this: a term holding it would match across two of them.
    if (text.includes(SEARCH_SEPARATOR)) return page(0, []);
    const byScopeOnly = !q.statuses?.length && q.nodeId === undefined;
    const labelArgs = label ? [label.accountId, label.key, label.value] : [];
    const LABELLED = 'FROM instance_labels WHERE account_id = ? AND key = ? AND value = ?';
    // Name order and the account-level sorts (accounts laid end to end, each in name order), with text or not, are
    // answered from memory: one pass over the rows' search text, a few ms at 100,000 rows for any term (the
    // trigram index took 6–12 ms for terms matching a few thousand rows, which then had to be put in name order;
    // a sort by account with a letter typed, 210–230 ms; a window deep in the list walks no index). A label (the
    // drawer's owner/image links) keeps the label's rows (read from the label index).
    const segmented = q.sort === 'account' || q.sort === 'provider' || q.sort === 'environment';
    const scope = everyAccount ? null : new Set(accounts.map((a) => a.id));
    const labelRows = () => (label ? this.labelled(labelArgs, `SELECT instance_rowid AS r ${LABELLED}`) : undefined);
    if ((q.sort === 'name' || segmented) && byScopeOnly) {
      const segments = segmented ? [...accounts].sort((a, b) => compareAccounts(a, b, q.sort)).map((a) => a.id) : undefined;
      const hit = this.textIndex.window(table.table, text, scope, q.sortDir === 'desc', q.offset, q.limit, { only: labelRows(), segments });
      if (hit) return page(hit.total, hit.rowids);
    }
    // Other sorts and filters (a status, a node) are SQL's, with the text's rows from memory when it has them: the
    // total needs no scan of the search column, and the rows themselves narrow the query. A few of them drive it
    // (the unary + keeps SQLite off the status and node indexes, which it would walk whole); up to 20,000 are a set
    // the walk of the sort or filter index tests (reading thousands of rows by rowid costs more: the sort key is
    // stored after the raw API object; a letter typed, sorted by Changed: 60–73 → 8 ms at 100,000); more are
    // tested by the text itself, as before.
    const matched = text ? this.textIndex.window(table.table, text, scope, false, 0, DRIVE_BY_SHORT_MATCHES + 1, { only: labelRows() }) : undefined;
    if (matched?.total === 0) return page(0, []);
    const rows = matched && matched.total <= DRIVE_BY_SHORT_MATCHES ? matched.rowids : undefined;
    const byRows = rows !== undefined && rows.length <= DRIVE_BY_MATCHES;
    const plus = byRows ? '+' : '';
    if (rows) {
      where.push(`${byRows ? '' : '+'}rowid IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(rows));
    } else if (label) {
      where.push(`rowid IN (SELECT instance_rowid ${LABELLED})`);
      params.push(...labelArgs);
    }
    if (q.nodeId !== undefined && table.table === 'instances') {
      where.push(`${plus}node_id = ?`);
      params.push(q.nodeId);
    }
    if (q.statuses && q.statuses.length > 0) {
      where.push(`${plus}status IN (${q.statuses.map(() => '?').join(', ')})`);
      params.push(...q.statuses);
    }
    const onlyText = where.length === 0;
    let total: number | undefined;
    if (matched && byScopeOnly) total = matched.total;
    // (With the rows in the query, the text is in them already.)
    if (!rows && [...text].length >= TRIGRAM) {
      const match = `"${text.replace(/"/g, '""')}"`;
      const matches = Number((this.prepare(`SELECT count(*) AS n FROM ${table.fts} WHERE ${table.fts} MATCH ?`).get(match) as { n: number }).n);
      if (matches === 0) return page(0, []);
      if (onlyText) total ??= matches;
      // Few matches: look them up by rowid. Many: walk the sort index and test each row against the
      // match set (the unary + keeps SQLite from driving the query by rowid), stopping at the window's end.
      where.push(`${matches <= DRIVE_BY_MATCHES ? '' : '+'}rowid IN (SELECT rowid FROM ${table.fts} WHERE ${table.fts} MATCH ?)`);
      params.push(match);
    } else if (!rows && text) {
      where.push('instr(search, ?) > 0');
      params.push(text.toLowerCase());
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = q.sortDir === 'desc' ? 'DESC' : 'ASC';
    const short = !rows && text !== '' && [...text].length < TRIGRAM;

    let counts: Map<string, number> | undefined;
    if (segmented) {
      counts = new Map();
      const sql = `SELECT account_id, count(*) AS n FROM ${table.table} ${whereSql} GROUP BY account_id`;
      for (const r of this.prepare(sql).all(...params) as { account_id: string; n: number }[]) counts.set(r.account_id, Number(r.n));
      total = [...counts.values()].reduce((a, b) => a + b, 0);
    }
    total ??= Number((this.prepare(`SELECT count(*) AS n FROM ${table.table} ${whereSql}`).get(...params) as { n: number }).n);

    if (q.offset >= total) return page(total, []);
    let rowids: number[];
    if (counts) {
      rowids = this.segmentedWindow(table, q, accounts, counts, where, params, dir);
    } else {
      const order = {
        name: `name_key ${dir}, id ${dir}, account_id ${dir}`,
        status: `status ${dir}, name_key ${dir}, id ${dir}, account_id ${dir}`,
        updatedAt: `updated_at ${dir}, rowid ${dir}`,
      }[q.sort as 'name' | 'status' | 'updatedAt'];
      // Short text that matches few rows: find them in the narrow search index and sort those, rather
      // than walking the whole sort index to fill the window.
      const from = short && total <= DRIVE_BY_SHORT_MATCHES ? `${table.table} INDEXED BY ix_${table.table}_search` : table.table;
      const sql = `SELECT rowid AS r FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`;
      rowids = (this.prepare(sql).all(...params, q.limit, q.offset) as { r: number }[]).map((x) => Number(x.r));
    }
    return page(total, rowids);
  }

  /** The window over accounts laid end to end in account order, each in name order. */
  private segmentedWindow<T>(
    table: FleetTable<T>,
    q: FleetQuery,
    accounts: ScopeAccount[],
    counts: Map<string, number>,
    where: string[],
    params: (string | number)[],
    dir: 'ASC' | 'DESC',
  ): number[] {
    const ordered = [...accounts].sort((a, b) => compareAccounts(a, b, q.sort));
    if (dir === 'DESC') ordered.reverse();
    const sql = `SELECT rowid AS r FROM ${table.table} WHERE account_id = ? ${where.length ? `AND ${where.join(' AND ')}` : ''}
                 ORDER BY name_key ${dir}, id ${dir} LIMIT ? OFFSET ?`;
    const out: number[] = [];
    let skip = q.offset;
    let want = q.limit;
    for (const a of ordered) {
      const n = counts.get(a.id) ?? 0;
      if (skip >= n) {
        skip -= n;
        continue;
      }
      const rows = this.prepare(sql).all(a.id, ...params, want, skip) as { r: number }[];
      for (const x of rows) out.push(Number(x.r));
      want -= rows.length;
      skip = 0;
      if (want <= 0) break;
    }
    return out;
  }

  private load<T>(table: FleetTable<T>, rowids: number[], accounts: Map<string, ScopeAccount>): Row<T>[] {
    if (rowids.length === 0) return [];
    // Windows leave the raw API object out (raw: null): it is what makes a row heavy, and only the detail view (instances.get) shows it.
    const columns = ['account_id', 'id', 'confirmed_at', 'confirmed_by', ...table.columns.filter((c) => c !== 'raw_json' && c !== 'search' && c !== 'name_key')];
    const sql = `SELECT rowid AS r, ${columns.join(', ')} FROM ${table.table} WHERE rowid IN (${rowids.map(() => '?').join(', ')})`;
    const byRowid = new Map((this.prepare(sql).all(...rowids) as StoredRow[]).map((r) => [Number(r.r), r]));
    const out: Row<T>[] = [];
    for (const id of rowids) {
      const r = byRowid.get(id);
      const account = r && accounts.get(String(r.account_id));
      if (r && account) out.push(this.toRow(table, r, account));
    }
    return out;
  }

  private toRow<T>(table: FleetTable<T>, r: StoredRow, account: ScopeAccount): Row<T> {
    const confirmed = String(r.confirmed_at);
    return {
      ...table.fromRow(r, account.id, account.provider),
      accountName: account.name,
      environment: account.environment,
      envColor: account.envColor,
      // Every row of the account's last snapshot was confirmed by it; rows written later carry their own time.
      confirmedAt: account.lastSuccessAt && account.lastSuccessAt > confirmed ? account.lastSuccessAt : confirmed,
      // Written by an action since the last refresh: confirmed by the API's answer or by a re-read.
      ...(r.confirmed_by === 'api' || r.confirmed_by === 'reread' ? { confirmedBy: r.confirmed_by } : {}),
    };
  }

  private prepare(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }
}

function compareAccounts(a: ScopeAccount, b: ScopeAccount, sort: SortKey): number {
  const byName = a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
  if (sort === 'provider') return a.provider.localeCompare(b.provider) || byName;
  if (sort === 'environment') return ENVIRONMENTS.indexOf(a.environment) - ENVIRONMENTS.indexOf(b.environment) || byName;
  return byName;
}

export { INSTANCE_TABLE, NODE_TABLE };
