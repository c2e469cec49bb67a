import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../../../electron/main/core/cache/db';
import type { Database } from '../../../../electron/main/core/cache/sqlite';
import { createLogger, silentSink, type Logger } from '../../../../electron/main/core/util/log';
import { Redactor } from '../../../../electron/main/core/util/redact';
import type { Environment, Instance, InstanceStatus, NodeInfo, NodeStatus, ProviderId } from '../../../../shared/model';

export const quietLog: Logger = createLogger({ sink: silentSink, redactor: new Redactor() });

export function tempDir(prefix = 'hangar-cache-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTemp(dir = tempDir()): OpenedDatabase {
  return openDatabase(path.join(dir, 'hangar.db'), quietLog);
}

export interface TestAccount {
  id: string;
  name?: string;
  provider?: ProviderId;
  environment?: Environment;
  pollIntervalSec?: number;
}

/** Inserts an account row the way the registry stores it (metadata only). */
export function insertAccount(db: Database, a: TestAccount) {
  const account = {
    id: a.id,
    name: a.name ?? `Account ${a.id}`,
    provider: a.provider ?? 'skyport',
    environment: a.environment ?? 'prod',
    pollIntervalSec: a.pollIntervalSec ?? 60,
  };
  db.prepare(
    `INSERT INTO accounts (id, name, provider, base_url, environment, env_color, auth_method, poll_interval_sec, created_at, updated_at)
     VALUES (?, ?, ?, 'http://127.0.0.1:1', ?, '#d03050', 'apiKey', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  ).run(account.id, account.name, account.provider, account.environment, account.pollIntervalSec);
  return account;
}

export function instance(accountId: string, id: string, status: InstanceStatus = 'running', extra: Partial<Instance> = {}): Instance {
  return { accountId, provider: 'skyport', id, name: `inst-${id}`, status, raw: { id }, ...extra };
}

export function node(accountId: string, id: string, status: NodeStatus = 'online', extra: Partial<NodeInfo> = {}): NodeInfo {
  return { accountId, provider: 'skyport', id, name: `node-${id}`, status, raw: { id }, ...extra };
}
