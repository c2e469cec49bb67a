import type { Database } from './sqlite';

/**
 * A text that sorts names the way people read them: case-folded, each run of digits as a fixed-width
 * number (net-2 before net-10). Stored beside the name (computed at staging) so SQL sorts by an index.
 */
export function naturalKey(name: string): string {
  return name.toLowerCase().replace(/\d+/g, (digits) => {
    const trimmed = digits.replace(/^0+(?=\d)/, '');
    // Runs longer than the pad keep their order by a length prefix (z sorts after every padded run).
    return trimmed.length <= 12 ? trimmed.padStart(12, '0') : `z${String(trimmed.length).padStart(3, '0')}${trimmed}`;
  });
}

/**
 * Schema step: the natural sort key of instances and nodes, filled for the rows already cached, and its
 * indexes; and a counter per table that moves whenever a row's searchable text or identity changes (what
 * the in-memory text index checks, so a status-only snapshot does not make it read again).
 */
export function addNaturalSortKey(db: Database): void {
  for (const table of ['instances', 'nodes'] as const) {
    db.exec(`ALTER TABLE ${table} ADD COLUMN name_key TEXT NOT NULL DEFAULT ''`);
    const update = db.prepare(`UPDATE ${table} SET name_key = ? WHERE rowid = ?`);
    for (const r of db.prepare(`SELECT rowid AS r, name FROM ${table}`).all() as { r: number; name: string }[]) {
      update.run(naturalKey(String(r.name)), r.r);
    }
    db.exec(`
      INSERT INTO meta (key, value) VALUES ('text_version:${table}', '0');
      CREATE TRIGGER ${table}_text_version_insert AFTER INSERT ON ${table} BEGIN
        UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_version:${table}';
      END;
      CREATE TRIGGER ${table}_text_version_delete AFTER DELETE ON ${table} BEGIN
        UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_version:${table}';
      END;
      CREATE TRIGGER ${table}_text_version_update AFTER UPDATE OF name, id, address, account_id ON ${table} BEGIN
        UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_version:${table}';
      END;
      CREATE INDEX ix_${table}_name_key ON ${table} (name_key, id, account_id, status);
      CREATE INDEX ix_${table}_status_name_key ON ${table} (status, name_key, id, account_id);
      CREATE INDEX ix_${table}_account_name_key ON ${table} (account_id, name_key);
    `);
  }
}
