import type { Database } from './sqlite';

/**
 * Schema 2: the offline cache of the fleet and the local records around it.
 * Instances and nodes keep a rowid (stable across snapshots: rows are upserted, not replaced)
 * so the trigram FTS5 tables can point at them; `hash` fingerprints a row's content so a
 * snapshot rewrites only the rows that changed. `search` (lowercased name, id and address) answers
 * 1–2 character filters, which the trigram index cannot, from a scan of its own narrow index.
 */
export function createFleetSchema(db: Database): void {
  db.exec(`
    CREATE TABLE instances (
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      provider TEXT NOT NULL,
      environment TEXT NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL,
      raw_status TEXT,
      node_id TEXT,
      address TEXT,
      version TEXT,
      description TEXT,
      labels_json TEXT,
      raw_json TEXT,
      updated_at TEXT,
      search TEXT NOT NULL,
      confirmed_at TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (account_id, id)
    );
    CREATE INDEX ix_instances_name ON instances (name COLLATE NOCASE, id, account_id, status);
    CREATE INDEX ix_instances_search ON instances (search);
    CREATE INDEX ix_instances_status_name ON instances (status, name COLLATE NOCASE, id, account_id);
    CREATE INDEX ix_instances_updated ON instances (updated_at);
    CREATE INDEX ix_instances_account_name ON instances (account_id, name COLLATE NOCASE);
    CREATE INDEX ix_instances_account_status_name ON instances (account_id, status, name COLLATE NOCASE);
    CREATE INDEX ix_instances_node ON instances (account_id, node_id);

    CREATE TABLE nodes (
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      provider TEXT NOT NULL,
      environment TEXT NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL,
      raw_status TEXT,
      address TEXT,
      cpu REAL,
      memory_mb REAL,
      disk_mb REAL,
      instance_count INTEGER,
      labels_json TEXT,
      raw_json TEXT,
      updated_at TEXT,
      search TEXT NOT NULL,
      confirmed_at TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (account_id, id)
    );
    CREATE INDEX ix_nodes_name ON nodes (name COLLATE NOCASE, id, account_id, status);
    CREATE INDEX ix_nodes_search ON nodes (search);
    CREATE INDEX ix_nodes_status_name ON nodes (status, name COLLATE NOCASE, id, account_id);
    CREATE INDEX ix_nodes_updated ON nodes (updated_at);
    CREATE INDEX ix_nodes_account_name ON nodes (account_id, name COLLATE NOCASE);
    CREATE INDEX ix_nodes_account_status_name ON nodes (account_id, status, name COLLATE NOCASE);
  `);
  for (const table of ['instances', 'nodes']) {
    db.exec(`
      CREATE VIRTUAL TABLE ${table}_fts USING fts5(
        name, ident, address, tokenize = 'trigram', content = '', contentless_delete = 1
      );
      CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN
        INSERT INTO ${table}_fts (rowid, name, ident, address) VALUES (new.rowid, new.name, new.id, coalesce(new.address, ''));
      END;
      CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN
        DELETE FROM ${table}_fts WHERE rowid = old.rowid;
      END;
      CREATE TRIGGER ${table}_fts_update AFTER UPDATE OF name, id, address ON ${table} BEGIN
        DELETE FROM ${table}_fts WHERE rowid = old.rowid;
        INSERT INTO ${table}_fts (rowid, name, ident, address) VALUES (new.rowid, new.name, new.id, coalesce(new.address, ''));
      END;
    `);
  }
  db.exec(`
    CREATE TABLE sync_state (
      account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
      state TEXT NOT NULL DEFAULT 'never',
      last_success_at TEXT,
      last_attempt_at TEXT,
      error_code TEXT,
      error_message TEXT,
      consecutive_failures INTEGER NOT NULL DEFAULT 0,
      instance_count INTEGER NOT NULL DEFAULT 0,
      node_count INTEGER NOT NULL DEFAULT 0,
      duration_ms INTEGER
    );

    CREATE TABLE status_history (
      seq INTEGER PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('instance', 'node')),
      object_id TEXT NOT NULL,
      name TEXT NOT NULL,
      from_status TEXT,
      to_status TEXT,
      at TEXT NOT NULL
    );
    CREATE INDEX ix_status_history_object ON status_history (account_id, kind, object_id, at);
    CREATE INDEX ix_status_history_at ON status_history (at);

    CREATE TABLE metric_samples (
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      node_id TEXT NOT NULL,
      metric TEXT NOT NULL,
      t INTEGER NOT NULL,
      value REAL NOT NULL,
      PRIMARY KEY (account_id, node_id, metric, t)
    ) WITHOUT ROWID;
    CREATE INDEX ix_metric_samples_t ON metric_samples (t);

    CREATE TABLE config_revisions (
      seq INTEGER PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      instance_id TEXT NOT NULL,
      revision TEXT NOT NULL,
      version_hash TEXT,
      files_json TEXT NOT NULL,
      source TEXT NOT NULL,
      note TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX ix_config_revisions_instance ON config_revisions (account_id, instance_id, created_at);

    CREATE TABLE drafts (
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      instance_id TEXT NOT NULL,
      base_revision TEXT NOT NULL,
      files_json TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (account_id, instance_id)
    );

    CREATE TABLE deployments (
      account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      instance_id TEXT,
      status TEXT NOT NULL,
      message TEXT,
      revision_seq INTEGER REFERENCES config_revisions(seq) ON DELETE SET NULL,
      succeeded_json TEXT NOT NULL DEFAULT '[]',
      failures_json TEXT NOT NULL DEFAULT '[]',
      raw_json TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (account_id, id)
    );
    CREATE INDEX ix_deployments_instance ON deployments (account_id, instance_id, created_at);

    CREATE TABLE activity (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
      kind TEXT NOT NULL,
      action TEXT NOT NULL,
      target_id TEXT,
      summary TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'info')),
      details_json TEXT
    );
    CREATE INDEX ix_activity_at ON activity (at);
    CREATE INDEX ix_activity_account ON activity (account_id, at);
  `);
}
