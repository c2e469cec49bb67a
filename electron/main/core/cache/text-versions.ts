import type { Database } from './sqlite';

/** The meta key counting changes to one account's searchable rows of a table. */
export const accountTextKey = (table: 'instances' | 'nodes', accountId: string): string => `text_version:${table}:${accountId}`;

/**
 * Schema step: the text index's change counters per account as well as per table. A first sync's page
 * commits then change only that account's counter, so the index keeps answering for every other account
 * from memory and reads just the changing account's rows from SQL (see TextIndex).
 */
export function addAccountTextVersions(db: Database): void {
  for (const table of ['instances', 'nodes'] as const) {
    const bump = (row: 'NEW' | 'OLD') => `
        INSERT INTO meta (key, value) VALUES ('text_version:${table}:' || ${row}.account_id, '1')
          ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;`;
    const bumpTable = `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'text_version:${table}';`;
    db.exec(`
      DROP TRIGGER ${table}_text_version_insert;
      DROP TRIGGER ${table}_text_version_delete;
      DROP TRIGGER ${table}_text_version_update;
      CREATE TRIGGER ${table}_text_version_insert AFTER INSERT ON ${table} BEGIN
        ${bumpTable}${bump('NEW')}
      END;
      CREATE TRIGGER ${table}_text_version_delete AFTER DELETE ON ${table} BEGIN
        ${bumpTable}${bump('OLD')}
      END;
      CREATE TRIGGER ${table}_text_version_update AFTER UPDATE OF name, id, address, account_id ON ${table} BEGIN
        ${bumpTable}${bump('OLD')}${bump('NEW')}
      END;
    `);
  }
}
