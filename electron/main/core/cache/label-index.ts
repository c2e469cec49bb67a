import type { Database } from './sqlite';

/**
 * The labels a filter can name (the contract's INSTANCE_LABEL_FILTERS when this step shipped; a test keeps them
 * equal, and a new filter key needs a new step), with string or number values (numbers as their text). A Skyport
 * row carries five scalar labels: indexing all of them made its first sync of 20,000 rows 2.5–4 s slower.
 */
export const INDEXED_LABEL_KEYS = ['user', 'image', 'createdBy', 'process', 'blueprint', 'ecosystem', 'instanceGroup'] as const;
const SCALAR = `key IN (${INDEXED_LABEL_KEYS.map((k) => `'${k}'`).join(', ')}) AND j.type IN ('text', 'integer', 'real')`;

/**
 * Schema step: each instance's labels (owner, image, process, blueprint… — what the drawer links to) in their own
 * table, in name order within (account, key, value). A label filter read the JSON of every row of the account
 * (160–190 ms at 20,000 rows, 350–550 ms with a letter typed); it now walks one index range. Kept by triggers,
 * so every writer (snapshots, actions, the CLI) keeps it true; the existing rows are indexed here once.
 */
export function addInstanceLabels(db: Database): void {
  const insert = (row: 'NEW' | 'OLD' | 'i') => `
      SELECT ${row}.account_id, j.key, CAST(j.value AS TEXT), ${row}.rowid
      FROM json_each(${row}.labels_json) AS j WHERE j.${SCALAR}`;
  db.exec(`
    CREATE TABLE instance_labels (
      account_id TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      instance_rowid INTEGER NOT NULL,
      PRIMARY KEY (account_id, key, value, instance_rowid)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO instance_labels ${insert('i').replace('FROM json_each(i.labels_json)', 'FROM instances AS i, json_each(i.labels_json)')};
    CREATE TRIGGER instances_labels_insert AFTER INSERT ON instances BEGIN
      INSERT OR IGNORE INTO instance_labels ${insert('NEW')};
    END;
    CREATE TRIGGER instances_labels_delete AFTER DELETE ON instances BEGIN
      DELETE FROM instance_labels WHERE (account_id, key, value, instance_rowid) IN (
        SELECT OLD.account_id, j.key, CAST(j.value AS TEXT), OLD.rowid FROM json_each(OLD.labels_json) AS j WHERE j.${SCALAR});
    END;
    CREATE TRIGGER instances_labels_update AFTER UPDATE OF labels_json, account_id ON instances
      WHEN OLD.labels_json IS NOT NEW.labels_json OR OLD.account_id IS NOT NEW.account_id
    BEGIN
      DELETE FROM instance_labels WHERE (account_id, key, value, instance_rowid) IN (
        SELECT OLD.account_id, j.key, CAST(j.value AS TEXT), OLD.rowid FROM json_each(OLD.labels_json) AS j WHERE j.${SCALAR});
      INSERT OR IGNORE INTO instance_labels ${insert('NEW')};
    END;
  `);
}
