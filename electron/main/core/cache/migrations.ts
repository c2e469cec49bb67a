import { createFleetSchema } from './fleet-schema';
import { addNaturalSortKey } from './natural-sort';
import type { Database } from './sqlite';

/** Forward-only schema steps. Index i brings the schema from version i to i + 1. Never edit a shipped step. */
export const MIGRATIONS: ((db: Database) => void)[] = [
  // 1: accounts (metadata only; secrets live in the OS keychain)
  (db) =>
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        provider TEXT NOT NULL,
        base_url TEXT NOT NULL,
        environment TEXT NOT NULL,
        env_label TEXT,
        env_color TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        fields_json TEXT NOT NULL DEFAULT '{}',
        tls_json TEXT NOT NULL DEFAULT '{"insecure":false}',
        poll_interval_sec INTEGER NOT NULL DEFAULT 60,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `),
  // 2: the fleet cache (instances, nodes, FTS), sync state, status history, metrics, configs, activity
  createFleetSchema,
  // 3: the activity log keeps who, on what (with its name), how long, and the server's message
  (db) =>
    db.exec(`
      ALTER TABLE activity ADD COLUMN account_name TEXT;
      ALTER TABLE activity ADD COLUMN target_kind TEXT;
      ALTER TABLE activity ADD COLUMN target_name TEXT;
      ALTER TABLE activity ADD COLUMN actor TEXT;
      ALTER TABLE activity ADD COLUMN duration_ms INTEGER;
      ALTER TABLE activity ADD COLUMN message TEXT;
      ALTER TABLE activity ADD COLUMN code TEXT;
      CREATE INDEX ix_activity_target ON activity (account_id, target_id, seq);
      CREATE INDEX ix_activity_kind ON activity (kind, seq);
    `),
  // 4: how a cached row was last confirmed — NULL by a sync, 'api' or 'reread' by an action applied at once
  (db) =>
    db.exec(`
      ALTER TABLE instances ADD COLUMN confirmed_by TEXT;
      ALTER TABLE nodes ADD COLUMN confirmed_by TEXT;
    `),
  // 5: a natural sort key for names (net-2 before net-10), written at staging, with its indexes
  addNaturalSortKey,
  // 6: a never-synced account's first sync commits page by page; this marks its rows as an unfinished listing
  (db) => db.exec('ALTER TABLE sync_state ADD COLUMN first_sync_partial INTEGER NOT NULL DEFAULT 0'),
];

export const SCHEMA_VERSION = MIGRATIONS.length;
