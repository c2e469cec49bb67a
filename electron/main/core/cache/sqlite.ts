/**
 * The only module that imports the SQLite driver. It mirrors `node:sqlite`, so switching to
 * Node's built-in module (or another driver with that API) is a change to this file alone.
 */
import { DatabaseSync as DriverDatabase } from '@photostructure/sqlite';

type DriverStatement = ReturnType<InstanceType<typeof DriverDatabase>['prepare']>;

/** Distinct SQL texts kept prepared; past this, new texts are prepared each time (dynamic filters). */
const MAX_CACHED_STATEMENTS = 400;

/**
 * The driver's database, whose `prepare` hands back one statement per SQL text. A statement holds ~2.4 kB
 * of native memory until V8 collects its small wrapper, which it has no reason to do soon (150,000
 * prepares: +43 MB RSS), and code that prepares in a method (a list query, each sync's staging) is common.
 * Every statement here is used synchronously (run/get/all, no iterate and no per-statement settings), so
 * sharing one per text is safe.
 */
export class DatabaseSync extends DriverDatabase {
  private readonly statements = new Map<string, DriverStatement>();

  override prepare(sql: string, ...rest: unknown[]): DriverStatement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = (super.prepare as (sql: string, ...rest: unknown[]) => DriverStatement)(sql, ...rest);
    if (rest.length === 0 && this.statements.size < MAX_CACHED_STATEMENTS) this.statements.set(sql, statement);
    return statement;
  }

  override close(): void {
    this.statements.clear();
    super.close();
  }
}

export type Database = InstanceType<typeof DatabaseSync>;
export type Statement = ReturnType<Database['prepare']>;
