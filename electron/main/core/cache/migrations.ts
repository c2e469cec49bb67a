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
  // 3: a natural sort key for names (net-2 before net-10), written at staging, with its indexes
  addNaturalSortKey,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
