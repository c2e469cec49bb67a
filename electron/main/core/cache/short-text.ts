import type { Database, Statement } from './sqlite';

/** Each table's rows in name order: what a one- or two-letter search scans in memory. */
interface Snapshot {
  rowids: Int32Array;
  /** Every row's search text joined by newlines (which search text never holds), in name order. */
  text: string;
  /** Where each row's text starts in `text`. */
  starts: Int32Array;
  accounts: string[];
  guard: string;
  /** Scratch space for the matching rows of one query. */
  matches: Int32Array;
}

/**
 * One- and two-letter terms are too short for the trigram index, and a LIKE scan of 100,000 rows (plus the
 * walk of the name index to fill a window) takes 40–400 ms. This keeps, per table, the rows' search text
 * and account in name order, in memory, and answers such a term in one pass of `includes` (a few ms).
 * Row identity, search text and name change only by an insert, a delete or an update of those columns:
 * triggers count them in `meta` (schema step 3), and `data_version` tells writes of other connections, so
 * a status-only snapshot keeps the index. The rows themselves are always read fresh from SQLite by rowid.
 */
export class ShortTextIndex {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly builds = new Map<string, Promise<void>>();
  private readonly guardStatements = new Map<string, Statement>();
  private readonly dataVersion: Statement;

  constructor(private readonly db: Database) {
    this.dataVersion = db.prepare('PRAGMA data_version');
  }

  /**
   * Rowids of rows whose search text contains `term`, in name order (reversed for desc), restricted to
   * `accounts` when given: the total and the window [offset, offset + limit). Undefined while the index is
   * (re)built after a change — in the background, a chunk per event-loop turn, so the core never freezes
   * for it — and the caller answers from SQL meanwhile.
   */
  window(
    table: 'instances' | 'nodes',
    term: string,
    accounts: Set<string> | null,
    desc: boolean,
    offset: number,
    limit: number,
  ): { total: number; rowids: number[] } | undefined {
    const snap = this.snapshots.get(table);
    if (!snap || snap.guard !== this.guard(table)) {
      // A build cut short (the database closed) only means the next query starts another.
      this.ready(table).catch(() => undefined);
      return undefined;
    }
    const needle = term.toLowerCase();
    if (needle.includes('\n') || needle === '') return { total: 0, rowids: [] };
    // One native search over the joined text; each hit is mapped to its row and the rest of that row skipped.
    const { text, starts, matches } = snap;
    const n = starts.length;
    let total = 0;
    let row = 0;
    let pos = text.indexOf(needle, 0);
    while (pos >= 0) {
      row = rowAt(starts, pos, row);
      if (!accounts || accounts.has(snap.accounts[row])) matches[total++] = row;
      const next = row + 1 < n ? starts[row + 1] : text.length;
      pos = text.indexOf(needle, next);
    }
    const out: number[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) out.push(snap.rowids[matches[desc ? total - 1 - k : k]]);
    return { total, rowids: out };
  }

  /** Resolves when the table's index is current (building it if needed): for warm-ups and tests. */
  async ready(table: 'instances' | 'nodes'): Promise<void> {
    for (;;) {
      const snap = this.snapshots.get(table);
      if (snap && snap.guard === this.guard(table)) return;
      let build = this.builds.get(table);
      if (!build) {
        build = this.build(table).finally(() => this.builds.delete(table));
        this.builds.set(table, build);
      }
      await build;
    }
  }

  private guard(table: string): string {
    let st = this.guardStatements.get(table);
    if (!st) {
      st = this.db.prepare(`SELECT value AS m FROM meta WHERE key = 'text_version:${table}'`);
      this.guardStatements.set(table, st);
    }
    const g = (st.get() as { m: string } | undefined) ?? { m: '?' };
    const v = this.dataVersion.get() as { data_version: number };
    return `${v.data_version}/${g.m}`;
  }

  /** Reads the rows in name order a chunk at a time (keyset on the name index), yielding between chunks. */
  private async build(table: 'instances' | 'nodes'): Promise<void> {
    const guard = this.guard(table);
    const chunk = this.db.prepare(`
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
      // Changed meanwhile: what was read is no longer one state; start over.
      if (this.guard(table) !== guard) return;
    }
    if (this.guard(table) !== guard) return;
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
      guard,
      matches: new Int32Array(parts.length),
    });
  }
}

/** Rows read per event-loop turn while building. */
const CHUNK = 5_000;

/** The row whose text holds position `pos` (binary search; `from` is a lower bound, hits come in order). */
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
