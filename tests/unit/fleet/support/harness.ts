import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelName, Handlers, InputOf } from '../../../../shared/contract';
import type { Envelope } from '../../../../shared/errors';
import type { HangarEvent } from '../../../../shared/events';
import type { ProviderId } from '../../../../shared/model';
import { AccountRegistry } from '../../../../electron/main/core/accounts/registry';
import { openDatabase } from '../../../../electron/main/core/cache/db';
import { createDispatch } from '../../../../electron/main/core/dispatch';
import { accountHandlers } from '../../../../electron/main/core/accounts/handlers';
import { fleetHandlers, type FleetDeps } from '../../../../electron/main/core/fleet/handlers';
import { ProviderPool } from '../../../../electron/main/core/providers/pool';
import type { ProviderFactory } from '../../../../electron/main/core/providers/types';
import { KeyringSecretStore } from '../../../../electron/main/core/secrets/keyring';
import { Emitter } from '../../../../electron/main/core/util/emitter';
import { capturingLog } from '../../../support/capturing-log';

export type HarnessOptions = Pick<FleetDeps, 'cachedInstance' | 'cachedNode' | 'afterAction'> & {
  factories: Partial<Record<ProviderId, ProviderFactory>>;
};

/**
 * The accounts and fleet handlers as createCore wires them — real SQLite file, real keychain, real
 * dispatch — but with the provider factories the test gives. Records every response and log line for the no-secret checks.
 */
export function startHarness(options: HarnessOptions) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-fleet-'));
  const dbFile = path.join(dir, 'hangar.db');
  const { redactor, log, lines: logLines } = capturingLog();
  const database = openDatabase(dbFile, log.child('db'));
  const secrets = new KeyringSecretStore();
  const events = new Emitter<HangarEvent>();
  const seen: HangarEvent[] = [];
  events.on((e) => seen.push(e));
  const registry = new AccountRegistry({ db: database.db, secrets, redactor, log: log.child('accounts') });
  const accountIds = new Set<string>();
  registry.changes.on((c) => accountIds.add(c.accountId));
  const pool = new ProviderPool({ registry, factories: options.factories, redactor, log: log.child('provider') });
  // The accounts and fleet handlers exactly as service.ts spreads them in; other domains are not under test here.
  const handlers = {
    ...accountHandlers({ registry, pool, events, redactor, log }),
    ...fleetHandlers({
      registry,
      pool,
      redactor,
      log,
      cachedInstance: options.cachedInstance,
      cachedNode: options.cachedNode,
      afterAction: options.afterAction,
    }),
  } as Handlers;
  const dispatch = createDispatch(handlers, log.child('dispatch'));
  const responses: string[] = [];

  async function call<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<Envelope<unknown>> {
    const res = await dispatch(channel, input);
    responses.push(JSON.stringify(res));
    return res;
  }

  /** Calls and returns the value; fails the test with the error envelope otherwise. */
  async function value<T = any>(channel: ChannelName, input: unknown): Promise<T> {
    const res = await call(channel, input as never);
    if (!res.ok) throw new Error(`${channel} failed: ${JSON.stringify(res.error)}`);
    return res.value as T;
  }

  return {
    dir,
    dbFile,
    redactor,
    logLines,
    events: seen,
    registry,
    pool,
    secrets,
    responses,
    call,
    value,
    /** The raw bytes of the database and its write-ahead log, as a string to search. */
    databaseBytes(): string {
      return ['', '-wal', '-shm']
        .map((ext) => (fs.existsSync(dbFile + ext) ? fs.readFileSync(dbFile + ext).toString('latin1') : ''))
        .join('\n');
    },
    async close() {
      await pool.close();
      for (const id of accountIds) await secrets.delete(id).catch(() => undefined);
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = ReturnType<typeof startHarness>;
