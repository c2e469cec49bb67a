import { createFleetSchema } from './fleet-schema';
import { addNaturalSortKey } from './natural-sort';
import { addAccountTextVersions } from './text-versions';
import { addInstanceLabels } from './label-index';
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
  // 6: config drafts keep their base files (for the three-way merge) and their target's kind and name; published
  // revisions keep who, the outcome, the server's message and the deployment
  (db) =>
    db.exec(`
      ALTER TABLE drafts ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'instance';
      ALTER TABLE drafts ADD COLUMN target_name TEXT;
      ALTER TABLE drafts ADD COLUMN base_files_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE drafts ADD COLUMN root_dir TEXT;
      ALTER TABLE drafts ADD COLUMN created_at TEXT;
      ALTER TABLE config_revisions ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'instance';
      ALTER TABLE config_revisions ADD COLUMN target_name TEXT;
      ALTER TABLE config_revisions ADD COLUMN base_revision TEXT;
      ALTER TABLE config_revisions ADD COLUMN result TEXT NOT NULL DEFAULT 'observed';
      ALTER TABLE config_revisions ADD COLUMN actor TEXT;
      ALTER TABLE config_revisions ADD COLUMN message TEXT;
      ALTER TABLE config_revisions ADD COLUMN deployment_id TEXT;
      CREATE INDEX ix_config_revisions_target ON config_revisions (account_id, target_kind, instance_id, seq);
    `),
  // 7: monitoring alerts (stored once per dedupe key) and the alert engine's state (hysteresis, outages)
  (db) =>
    db.exec(`
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        account_id TEXT,
        account_name TEXT,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        target_kind TEXT,
        target_id TEXT,
        target_name TEXT,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        route TEXT NOT NULL,
        notified INTEGER NOT NULL DEFAULT 0,
        dedupe_key TEXT NOT NULL UNIQUE
      );
      CREATE INDEX ix_alerts_account ON alerts (account_id, id);
      CREATE INDEX ix_alerts_kind ON alerts (kind, id);
      CREATE TABLE alert_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      -- 10-minute rollups of metric_samples, kept by a trigger, so long chart ranges read 1/10th of the rows
      CREATE TABLE metric_rollups (
        account_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        metric TEXT NOT NULL,
        slot INTEGER NOT NULL,
        n INTEGER NOT NULL,
        total REAL NOT NULL,
        lo REAL NOT NULL,
        hi REAL NOT NULL,
        PRIMARY KEY (account_id, node_id, metric, slot)
      ) WITHOUT ROWID;
      CREATE INDEX ix_metric_rollups_slot ON metric_rollups (slot);
      CREATE TRIGGER metric_samples_rollup AFTER INSERT ON metric_samples BEGIN
        INSERT OR REPLACE INTO metric_rollups (account_id, node_id, metric, slot, n, total, lo, hi)
        SELECT NEW.account_id, NEW.node_id, NEW.metric, (NEW.t / 600000) * 600000, COUNT(*), SUM(value), MIN(value), MAX(value)
        FROM metric_samples
        WHERE account_id = NEW.account_id AND node_id = NEW.node_id AND metric = NEW.metric
          AND t >= (NEW.t / 600000) * 600000 AND t < (NEW.t / 600000) * 600000 + 600000;
      END;
    `),
  // 8: a never-synced account's first sync commits page by page; this marks its rows as an unfinished listing
  (db) => db.exec('ALTER TABLE sync_state ADD COLUMN first_sync_partial INTEGER NOT NULL DEFAULT 0'),
  // 9: the text index's change counters per account too (a first sync's pages dirty only that account)
  addAccountTextVersions,
  // 10: an alert's condition (open until it ends: the instance runs again, the node is back, the threshold re-arms…)
  (db) =>
    db.exec(`
      ALTER TABLE alerts ADD COLUMN condition_key TEXT;
      ALTER TABLE alerts ADD COLUMN resolved_at TEXT;
      -- alerts stored before conditions were tracked: recoveries and deployments never were open; the others
      -- get the key their kind now uses (thresholds' ids are not recoverable: they stay closed at their time)
      UPDATE alerts SET resolved_at = at WHERE severity = 'info' OR kind IN ('deployment', 'threshold');
      UPDATE alerts SET condition_key = CASE kind
          WHEN 'instance.status' THEN 'instance:' || account_id || ':' || target_id
          WHEN 'node.status' THEN 'node:' || account_id || ':' || target_id
          WHEN 'account.auth' THEN 'auth:' || account_id
          WHEN 'account.unreachable' THEN 'offline:' || account_id
        END;
      -- an older open alert of a condition that alerted again since is over
      UPDATE alerts SET resolved_at = (SELECT MIN(b.at) FROM alerts b WHERE b.condition_key = alerts.condition_key AND b.id > alerts.id)
        WHERE resolved_at IS NULL AND EXISTS (SELECT 1 FROM alerts b WHERE b.condition_key = alerts.condition_key AND b.id > alerts.id);
      CREATE INDEX ix_alerts_target ON alerts (target_id, account_id, id);
      CREATE INDEX ix_alerts_open ON alerts (condition_key) WHERE resolved_at IS NULL;
    `),
  // 11: instances' labels a filter can name, per (account, key, value), for the drawer's label links
  addInstanceLabels,
  // 12: what an account's background refresh costs (CPU ms, running average), so a restart plans from it at once
  (db) => db.exec('ALTER TABLE sync_state ADD COLUMN refresh_cpu_ms REAL'),
];

export const SCHEMA_VERSION = MIGRATIONS.length;
