import fs from 'node:fs';
import path from 'node:path';
import { HangarError } from '../../../../shared/errors';
import type { Logger } from '../util/log';
import { MIGRATIONS } from './migrations';
import { DatabaseSync, type Database } from './sqlite';

export interface RecoveryNotice {
  /** Where the unreadable file was moved. */
  backupPath: string;
  reason: string;
  at: string;
}

export interface OpenedDatabase {
  db: Database;
  file: string;
  /** Set when the file was unreadable and a fresh one was started. */
  recovered?: RecoveryNotice;
  close(): void;
}

/**
 * How much of the file is verified at open. `quick_check` reads every page (≈ 0.7 s for a 100k-instance
 * cache), too slow for a cold start, so above `fullCheckMaxBytes` only the header, the schema and each
 * table's root page are read; deeper damage then surfaces as an error from the query that meets it.
 */
export interface OpenOptions {
  fullCheckMaxBytes?: number;
}

const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/** Opens (or creates) the cache: WAL, forward migrations, integrity check with backup-and-restart recovery. */
export function openDatabase(file: string, log: Logger, migrations = MIGRATIONS, options: OpenOptions = {}): OpenedDatabase {
  const fullCheck = file === ':memory:' || !fs.existsSync(file) || fs.statSync(file).size <= (options.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let recovered: RecoveryNotice | undefined;
  let db: Database;
  try {
    db = openAndCheck(file, migrations, fullCheck);
  } catch (e) {
    if (file === ':memory:' || (e instanceof HangarError && e.code !== 'INTERNAL')) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    // Another process holding the lock is not damage: never move a healthy cache aside for it.
    if (/\b(busy|locked)\b/i.test(reason)) {
      throw new HangarError('INTERNAL', `The cache is in use by another process and stayed locked: ${reason}`);
    }
    const backupPath = backUp(file);
    recovered = { backupPath, reason, at: new Date().toISOString() };
    log.warn('cache database was unreadable; backed up and started fresh', { backupPath, reason });
    db = openAndCheck(file, migrations, true);
  }
  return {
    db,
    file,
    recovered,
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}

function openAndCheck(file: string, migrations: typeof MIGRATIONS, fullCheck: boolean): Database {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    if (fullCheck) {
      const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
      if (!check || check.quick_check !== 'ok') throw new Error(`integrity check failed: ${check?.quick_check ?? 'no answer'}`);
    } else {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").all() as { name: string }[];
      for (const { name } of tables) db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" LIMIT 1`).all();
    }
    if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    migrate(db, migrations);
    return db;
  } catch (e) {
    try {
      db.close();
    } catch {
      /* already unusable */
    }
    throw e;
  }
}

function migrate(db: Database, migrations: typeof MIGRATIONS): void {
  const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (current > migrations.length) {
    throw new HangarError(
      'UNSUPPORTED',
      `The cache was written by a newer Hangar (schema ${current}, this build knows ${migrations.length}).`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      migrations[v](db);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
}

function backUp(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backupPath = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, backupPath);
  for (const ext of ['-wal', '-shm']) {
    if (fs.existsSync(file + ext)) fs.renameSync(file + ext, backupPath + ext);
  }
  return backupPath;
}

/**
 * Runs `fn` in one transaction, all of it or none: IMMEDIATE (takes the write lock at once) for writes to the cache file,
 * DEFERRED for work that only touches TEMP tables and so needs no lock on the file.
 */
export function transaction<T>(db: Database, fn: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T {
  db.exec(`BEGIN ${mode}`);
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
