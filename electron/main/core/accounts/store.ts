import type { Account, AuthMethod, Environment, ProviderId, TlsOptions } from '../../../../shared/model';
import type { Database } from '../cache/sqlite';

interface AccountRow {
  id: string;
  name: string;
  provider: string;
  base_url: string;
  environment: string;
  env_label: string | null;
  env_color: string;
  auth_method: string;
  fields_json: string;
  tls_json: string;
  poll_interval_sec: number;
  created_at: string;
  updated_at: string;
}

/** Account metadata in SQLite (the `accounts` table of migration 1). Secrets never come here. */
export class AccountStore {
  constructor(private readonly db: Database) {}

  all(): Account[] {
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY name COLLATE NOCASE, id').all() as unknown as AccountRow[];
    return rows.map(toAccount);
  }

  byId(id: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as unknown as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  byName(name: string): Account[] {
    const rows = this.db
      .prepare('SELECT * FROM accounts WHERE name = ? COLLATE NOCASE ORDER BY id')
      .all(name) as unknown as AccountRow[];
    return rows.map(toAccount);
  }

  insert(a: Account): void {
    this.db
      .prepare(
        `INSERT INTO accounts (id, name, provider, base_url, environment, env_label, env_color, auth_method,
           fields_json, tls_json, poll_interval_sec, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...params(a), a.createdAt, a.updatedAt);
  }

  update(a: Account): void {
    this.db
      .prepare(
        `UPDATE accounts SET name = ?, provider = ?, base_url = ?, environment = ?, env_label = ?, env_color = ?,
           auth_method = ?, fields_json = ?, tls_json = ?, poll_interval_sec = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(...params(a).slice(1), a.updatedAt, a.id);
  }

  delete(id: string): boolean {
    return Number(this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes) > 0;
  }
}

function params(a: Account) {
  return [
    a.id,
    a.name,
    a.provider,
    a.baseUrl,
    a.environment,
    a.envLabel ?? null,
    a.envColor,
    a.authMethod,
    JSON.stringify(a.fields),
    JSON.stringify(a.tls),
    a.pollIntervalSec,
  ] as const;
}

function toAccount(r: AccountRow): Account {
  const account: Account = {
    id: r.id,
    name: r.name,
    provider: r.provider as ProviderId,
    baseUrl: r.base_url,
    environment: r.environment as Environment,
    envColor: r.env_color,
    authMethod: r.auth_method as AuthMethod,
    fields: parseObject(r.fields_json) as Record<string, string>,
    tls: { insecure: false, ...(parseObject(r.tls_json) as Partial<TlsOptions>) },
    pollIntervalSec: r.poll_interval_sec,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.env_label) account.envLabel = r.env_label;
  return account;
}

function parseObject(json: string): object {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}
