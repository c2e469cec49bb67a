import { SEARCH_SEPARATOR } from './fleet-tables';
import type { Database, Statement } from './sqlite';

type Table = 'instances' | 'nodes';

/** The longest needle V8's indexOf searches for without Boyer–Moore–Horspool. */
const HEAD = 6;

/** Each table's rows in name order: what a one- or two-letter search scans in memory. */
interface Snapshot {
  rowids: Int32Array;
  /** Every row's search text joined by newlines (which search text never holds), in name order. */
  text: string;
  /** Where each row's text starts in `text`. */
  starts: Int32Array;
  accounts: string[];
  /** Sort keys of rows compared while merging fresh rows in, read by rowid when first needed (not kept for every row: ~200 B each). */
  keys: Map<number, string>;
  /** Each account's change counter when its rows were read ('!' when they changed during the read). */
  versions: Map<string, string>;
  /** Scratch space for the matching rows of one query. */
  matches: Int32Array;
}

/** Rows of accounts changed since the snapshot, read from SQL and kept in name order (a first sync's account). */
interface Fresh {
  rowids: number[];
  keys: string[];
  texts: string[];
  accounts: string[];
  /** Per account: the counter when read and the highest rowid read. */
  read: Map<string, { version: string; maxRowid: number }>;
}

interface FreshRow {
  r: number;
  search: string;
  name_key: string;
  id: string;
}

function emptyFresh(): Fresh {
  return { rowids: [], keys: [], texts: [], accounts: [], read: new Map() };
}

/** `fresh` with `rows` (one account's, in name order) merged in; `replace` drops that account's rows first. */
function mergeFresh(fresh: Fresh, account: string, rows: FreshRow[], replace: boolean): Fresh {
  const out = emptyFresh();
  out.read = fresh.read;
  const keys = rows.map((r) => sortKey(String(r.name_key), String(r.id), account));
  let i = 0;
  let j = 0;
  while (i < fresh.rowids.length || j < rows.length) {
    if (i < fresh.rowids.length && replace && fresh.accounts[i] === account) {
      i++;
      continue;
    }
    if (j >= rows.length || (i < fresh.rowids.length && fresh.keys[i] < keys[j])) {
      out.rowids.push(fresh.rowids[i]);
      out.keys.push(fresh.keys[i]);
      out.texts.push(fresh.texts[i]);
      out.accounts.push(fresh.accounts[i]);
      i++;
    } else {
      out.rowids.push(Number(rows[j].r));
      out.keys.push(keys[j]);
      out.texts.push(String(rows[j].search));
      out.accounts.push(account);
      j++;
    }
  }
  return out;
}

/** Versions of an account seen since the index was built, and when first seen (for the quiet rule). */
interface Seen {
  version: string | undefined;
  since: number;
}

export interface TextIndexOptions {
  now?: () => number;
  /** A changed account is re-read into memory only after its rows have stopped changing for this long. */
  quietMs?: number;
  /** Up to this many rows of changed accounts are answered from SQL beside the memory; beyond, all from SQL. */
  maxChangedRows?: number;
}

/**
 * What typing in a search box asks for: rows whose search text contains a term, in name order. SQL answers
 * it slowly at 100,000 rows — one- and two-letter terms are too short for the trigram index (a LIKE scan plus
 * a walk of the name index: 40–400 ms), and longer ones matching a few thousand rows must then be put in name
 * order (6–12 ms). This keeps, per table, the rows' search text and account in name order, in memory, and
 * answers any term in one pass of `indexOf` (1–5 ms).
 * Row identity, search text and name change only by an insert, a delete or an update of those columns:
 * triggers count them in `meta`, per account (schema step 9), so a status-only snapshot keeps the index.
 * An account whose rows changed since they were read (a first sync committing page after page) is answered
 * from SQL — only its rows, merged into the memory's answer in name order — until it has been quiet for a
 * moment and a background rebuild reads it again. The rows themselves are always read fresh by rowid.
 */
export class TextIndex {
  private readonly snapshots = new Map<Table, Snapshot>();
  private readonly builds = new Map<Table, Promise<void>>();
  private readonly statements = new Map<string, Statement>();
  private readonly seen = new Map<Table, Map<string, Seen>>();
  private readonly fresh = new Map<Table, Fresh>();
  private readonly now: () => number;
  private readonly quietMs: number;
  private readonly maxChangedRows: number;

  constructor(
    private readonly db: Database,
    options: TextIndexOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.quietMs = options.quietMs ?? 1_000;
    this.maxChangedRows = options.maxChangedRows ?? 25_000;
  }

  /**
   * Rowids of rows whose search text contains `term` (every row for ''), in name order (reversed for desc),
   * restricted to `accounts` when given: the total and the window [offset, offset + limit). With `segments`
   * (account ids in the order a sort by account, provider or environment lays them out), the rows come account
   * after account, each in name order, as SQL's segmented window does. Undefined before the first build
   * (which runs in the background, a chunk per event-loop turn, so the core never freezes for it) or while too
   * many rows changed since; the caller answers from SQL then.
   */
  window(
    table: Table,
    term: string,
    accounts: Set<string> | null,
    desc: boolean,
    offset: number,
    limit: number,
    options: { only?: ReadonlySet<number>; segments?: readonly string[] } = {},
  ): { total: number; rowids: number[] } | undefined {
    const snap = this.snapshots.get(table);
    const current = this.versions(table);
    const changed = snap ? this.changedAccounts(snap, current) : [];
    this.maybeRebuild(table, snap, current, changed);
    if (!snap) return undefined;
    const { only, segments } = options;
    const needle = term.toLowerCase();
    // A term with the separators of the joined text (between rows) or of the search column (between fields) matches nothing, as in SQL.
    if (needle.includes('\n') || needle.includes(SEARCH_SEPARATOR)) return { total: 0, rowids: [] };
    const dirty = new Set(changed.filter((a) => !accounts || accounts.has(a)));
    // Rows of changed accounts are merged in name order only (SQL lays out the segments then).
    if (segments && dirty.size > 0) return undefined;

    const { text, starts, matches, rowids } = snap;
    const n = starts.length;
    /** The window [offset, offset + limit) of `total` rows in name order (`at`: the k-th), reversed for desc. */
    const slice = (total: number, at: (k: number) => number) => {
      const out: number[] = [];
      for (let k = offset; k < Math.min(total, offset + limit); k++) out.push(at(desc ? total - 1 - k : k));
      return { total, rowids: out };
    };
    if (needle === '' && !accounts && !only && !segments && dirty.size === 0) return slice(n, (k) => rowids[k]);
    const keep = (row: number): boolean => {
      const account = snap.accounts[row];
      return (!accounts || accounts.has(account)) && !dirty.has(account) && (!only || only.has(rowids[row]));
    };
    let total = 0;
    if (needle === '') {
      for (let row = 0; row < n; row++) if (keep(row)) matches[total++] = row;
    } else {
      // One native search over the joined text; each hit is mapped to its row and the rest of that row skipped.
      // V8 searches for a needle of up to 6 characters several times faster than for a longer one (which it
      // hands to Boyer–Moore–Horspool): look for the first 6, and check the rest where they are found.
      const head = needle.length > HEAD ? needle.slice(0, HEAD) : needle;
      let row = 0;
      let pos = text.indexOf(head, 0);
      while (pos >= 0) {
        if (head !== needle && !text.startsWith(needle, pos)) {
          pos = text.indexOf(head, pos + 1);
          continue;
        }
        row = rowAt(starts, pos, row);
        if (keep(row)) matches[total++] = row;
        pos = text.indexOf(head, row + 1 < n ? starts[row + 1] : text.length);
      }
    }
    if (segments) return { total, rowids: segmentWindow(snap, total, segments, desc, offset, limit) };
    if (dirty.size === 0) return slice(total, (k) => rowids[matches[k]]);

    // Changed accounts: their rows as read since (kept in name order beside the snapshot), merged in.
    const fresh = this.freshRows(table, changed, current);
    if (!fresh) return undefined;
    const picked: number[] = [];
    for (let k = 0; k < fresh.rowids.length; k++) {
      if (dirty.has(fresh.accounts[k]) && fresh.texts[k].includes(needle) && (!only || only.has(fresh.rowids[k]))) picked.push(k);
    }
    const all = total + picked.length;
    const out: number[] = [];
    const end = Math.min(all, offset + limit);
    // Walk both lists in the asked direction; snapshot rows and fresh rows never share an account.
    let i = desc ? total - 1 : 0;
    let j = desc ? picked.length - 1 : 0;
    const step = desc ? -1 : 1;
    for (let k = 0; k < end; k++) {
      let fromSnapshot: boolean;
      if (j < 0 || j >= picked.length) fromSnapshot = true;
      else if (i < 0 || i >= total) fromSnapshot = false;
      else {
        const snapshotFirst = this.keyOf(table, snap, snap.rowids[matches[i]]) < fresh.keys[picked[j]];
        fromSnapshot = desc ? !snapshotFirst : snapshotFirst;
      }
      const rowid = fromSnapshot ? snap.rowids[matches[i]] : fresh.rowids[picked[j]];
      if (fromSnapshot) i += step;
      else j += step;
      if (k >= offset) out.push(rowid);
    }
    return { total: all, rowids: out };
  }

  /**
   * The rows of the changed accounts, in name order, read again only as far as needed: when an account's
   * counter moved by exactly the number of its rows added since (rowids above the last one read), only those
   * are read and merged in (a first sync's page); otherwise the account is read again whole. Undefined when
   * that is more rows than `maxChangedRows` (SQL answers then).
   */
  private freshRows(table: Table, changed: string[], current: Map<string, string>): Fresh | undefined {
    let fresh = this.fresh.get(table);
    if (!fresh) this.fresh.set(table, (fresh = emptyFresh()));
    for (const account of changed) {
      const version = current.get(account) ?? '';
      const read = fresh.read.get(account);
      if (read && read.version === version) continue;
      if (read) {
        const added = this.prepare(`SELECT rowid AS r, search, name_key, id FROM ${table} WHERE account_id = ? AND rowid > ? ORDER BY name_key, id`)
          .all(account, read.maxRowid) as FreshRow[];
        if (Number(version) - Number(read.version) === added.length) {
          fresh = mergeFresh(fresh, account, added, false);
          fresh.read.set(account, { version, maxRowid: added.reduce((m, r) => Math.max(m, Number(r.r)), read.maxRowid) });
          continue;
        }
      }
      const count = Number((this.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`).get(account) as { n: number }).n);
      if (fresh.rowids.length + count > this.maxChangedRows) return undefined;
      const rows = this.prepare(`SELECT rowid AS r, search, name_key, id FROM ${table} WHERE account_id = ? ORDER BY name_key, id`).all(account) as FreshRow[];
      fresh = mergeFresh(fresh, account, rows, true);
      fresh.read.set(account, { version, maxRowid: rows.reduce((m, r) => Math.max(m, Number(r.r)), 0) });
    }
    this.fresh.set(table, fresh);
    return fresh.rowids.length > this.maxChangedRows ? undefined : fresh;
  }

  /** A snapshot row's sort key; its account has not changed since the snapshot, so the row is as it was read. */
  private keyOf(table: Table, snap: Snapshot, rowid: number): string {
    let key = snap.keys.get(rowid);
    if (key === undefined) {
      const r = this.prepare(`SELECT name_key, id, account_id FROM ${table} WHERE rowid = ?`).get(rowid) as { name_key: string; id: string; account_id: string };
      key = sortKey(String(r.name_key), String(r.id), String(r.account_id));
      if (snap.keys.size < MAX_CACHED_KEYS) snap.keys.set(rowid, key);
    }
    return key;
  }

  /**
   * Resolves when the table's index has been read again since the last change seen now (building it if needed):
   * for warm-ups and tests. Accounts written during that read stay answered from SQL beside it; it does not
   * read again for them (an account in its first sync would keep it reading the whole table over and over) —
   * except `settled`, an account whose snapshot is complete: its rows will not change again soon, and left
   * aside they would be read back in later by a query, while the user types.
   */
  async ready(table: Table, settled?: string): Promise<void> {
    const snap = this.snapshots.get(table);
    if (snap && this.changedAccounts(snap, this.versions(table)).length === 0) return;
    await this.startBuild(table);
    // A build already running began before the change: one more read covers it.
    const after = this.snapshots.get(table);
    const again = (a: string) => after!.versions.get(a) !== '!' || a === settled;
    if (after === snap || (after && this.changedAccounts(after, this.versions(table)).some(again))) {
      await this.startBuild(table);
    }
  }

  /** Accounts whose rows changed since the snapshot read them. */
  private changedAccounts(snap: Snapshot, current: Map<string, string>): string[] {
    const out: string[] = [];
    for (const [account, version] of current) if (snap.versions.get(account) !== version) out.push(account);
    return out;
  }

  /**
   * Builds the first snapshot at once; rebuilds when changed accounts have been quiet for `quietMs` (a
   * first sync's account changes page after page: re-reading it each time would cost more than the SQL).
   */
  private maybeRebuild(table: Table, snap: Snapshot | undefined, current: Map<string, string>, changed: string[]): void {
    if (this.builds.has(table)) return;
    const now = this.now();
    let seen = this.seen.get(table);
    if (!seen) this.seen.set(table, (seen = new Map()));
    let quiet = true;
    for (const account of changed) {
      const version = current.get(account);
      const s = seen.get(account);
      if (!s || s.version !== version) {
        seen.set(account, { version, since: now });
        quiet = false;
      } else if (now - s.since < this.quietMs) quiet = false;
    }
    // A build cut short (the database closed) only means the next query starts another.
    if (!snap || (changed.length > 0 && quiet)) this.startBuild(table).catch(() => undefined);
  }

  private startBuild(table: Table): Promise<void> {
    let build = this.builds.get(table);
    if (!build) {
      build = this.build(table).finally(() => this.builds.delete(table));
      this.builds.set(table, build);
    }
    return build;
  }

  private prepare(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Every account's change counter for the table (a handful of rows in `meta`). */
  private versions(table: Table): Map<string, string> {
    const prefix = `text_version:${table}:`;
    const rows = this.prepare(`SELECT key, value FROM meta WHERE key > ? AND key < ?`).all(prefix, `text_version:${table};`) as {
      key: string;
      value: string;
    }[];
    return new Map(rows.map((r) => [r.key.slice(prefix.length), String(r.value)]));
  }

  /**
   * Reads the rows in name order a chunk at a time (keyset on the name index), yielding between chunks.
   * Writes meanwhile do not start it over: an account whose counter moved during the read is recorded as
   * changed, so its rows are answered from SQL until the next build.
   */
  private async build(table: Table): Promise<void> {
    const before = this.versions(table);
    const chunk = this.prepare(`
      SELECT rowid AS r, search, account_id, name_key, id FROM ${table}
      WHERE (name_key, id, account_id) > (?, ?, ?) ORDER BY name_key, id, account_id LIMIT ${CHUNK}`);
    const rowids: number[] = [];
    const parts: string[] = [];
    const accounts: string[] = [];
    let last: [string, string, string] = ['', '', ''];
    for (;;) {
      const rows = chunk.all(...last) as { r: number; search: string; account_id: string; name_key: string; id: string }[];
      for (const x of rows) {
        rowids.push(Number(x.r));
        parts.push(String(x.search));
        accounts.push(String(x.account_id));
      }
      if (rows.length < CHUNK) break;
      const end = rows[rows.length - 1];
      last = [String(end.name_key), String(end.id), String(end.account_id)];
      await new Promise((resolve) => setImmediate(resolve));
    }
    const after = this.versions(table);
    const versions = new Map(before);
    for (const [account, version] of after) if (before.get(account) !== version) versions.set(account, '!');
    const starts = new Int32Array(parts.length);
    let at = 0;
    parts.forEach((s, i) => {
      starts[i] = at;
      at += s.length + 1;
    });
    this.snapshots.set(table, {
      rowids: Int32Array.from(rowids),
      text: parts.join('\n'),
      starts,
      accounts,
      keys: new Map(),
      versions,
      matches: new Int32Array(parts.length),
    });
    this.seen.delete(table);
    this.fresh.delete(table);
  }
}

/** Rows read per event-loop turn while building. */
const CHUNK = 1_000;
/** Sort keys kept per snapshot for merging (the rows near the windows asked for). */
const MAX_CACHED_KEYS = 20_000;

/** (name_key, id, account_id) as one text that compares as the tuple does (none of them holds U+0000). */
function sortKey(nameKey: string, id: string, accountId: string): string {
  return `${nameKey}\u0000${id}\u0000${accountId}`;
}

/** The row whose text holds position `pos` (binary search; `from` is a lower bound, hits come in order). */
/** The window over `snap.matches[0..total)` laid out account after account (`segments`' order), each in name order. */
function segmentWindow(snap: Snapshot, total: number, segments: readonly string[], desc: boolean, offset: number, limit: number): number[] {
  const { matches, accounts, rowids } = snap;
  const counts = new Map<string, number>();
  for (let k = 0; k < total; k++) {
    const a = accounts[matches[k]];
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  const out: number[] = [];
  let skip = offset;
  for (const account of desc ? [...segments].reverse() : segments) {
    if (out.length >= limit) break;
    const count = counts.get(account) ?? 0;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    let seen = 0;
    for (let i = 0; i < total && out.length < limit; i++) {
      const row = matches[desc ? total - 1 - i : i];
      if (accounts[row] !== account) continue;
      if (seen++ >= skip) out.push(rowids[row]);
    }
    skip = 0;
  }
  return out;
}

function rowAt(starts: Int32Array, pos: number, from: number): number {
  let lo = from;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
