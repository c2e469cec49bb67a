import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { activityToCsv } from '../../../electron/main/core/activity/export';
import { recordAction } from '../../../electron/main/core/activity/record';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';

// The activity log through the real core: actions on a real simulator, a real SQLite file, the dispatch
// every caller uses. What a person reads later must be what happened.

let dir: string;
let core: Core;
let sim: RunningSimulator;
let accountId: string;
const events: HangarEvent[] = [];

async function value<T>(channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel as never, input as never);
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-activity-'));
  sim = await startEveryPointSimulator({ seed: 'activity' });
  core = createCore({ dataDir: dir, secretStore: new MemorySecretStore(), surface: 'cli' });
  core.events.on((e) => events.push(e));
  const account = await value<{ id: string }>('accounts.add', {
    provider: 'everypoint',
    name: 'ep-prod',
    environment: 'prod',
    baseUrl: sim.account.baseUrl,
    authMethod: sim.account.authMethod,
    fields: sim.account.fields,
    secrets: sim.account.secrets,
    verify: false,
  });
  accountId = account.id;
});

afterAll(async () => {
  await core?.close();
  await sim?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('actions land in the activity log', () => {
  it('records a successful create and rename with who, what, result and duration, newest first', async () => {
    await value('instances.act', { accountId, action: 'create', params: { name: 'audit-one', description: 'audit test' } });
    await value('instances.act', { accountId, action: 'rename', id: 'audit-one', params: { name: 'audit-two' } });
    const page = await value<{ total: number; rows: ActivityEntry[] }>('activity.list', { accountIds: [accountId] });
    expect(page.total).toBe(2);
    const [rename, create] = page.rows;
    expect(create).toMatchObject({
      kind: 'action',
      action: 'instances.create',
      outcome: 'ok',
      targetKind: 'instance',
      targetId: 'audit-one',
      targetName: 'audit-one',
      accountName: 'ep-prod',
      summary: 'Created instance audit-one on ep-prod',
    });
    expect(create.actor).toMatch(/\(cli\)$/);
    expect(create.durationMs).toBeGreaterThanOrEqual(0);
    // The rename moved the object's identity: the entry names the new id and keeps the old one.
    expect(rename).toMatchObject({ action: 'instances.rename', targetId: 'audit-two', outcome: 'ok' });
    expect(rename.details).toMatchObject({ previousId: 'audit-one', params: ['name'] });
    expect(rename.seq).toBeGreaterThan(create.seq);
  });

  it('records a refused action with its code and the server message, and still answers with the error', async () => {
    const res = await core.dispatch('instances.act', { accountId, action: 'rename', id: 'no-such-instance', params: { name: 'x' } });
    expect(res.ok).toBe(false);
    const code = !res.ok ? res.error.code : '';
    const page = await value<{ rows: ActivityEntry[] }>('activity.list', { accountIds: [accountId], outcomes: ['error'] });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ outcome: 'error', code, targetId: 'no-such-instance', action: 'instances.rename' });
    expect(page.rows[0].summary).toBe('Rename instance no-such-instance on ep-prod failed');
    expect(page.rows[0].message).toBeTruthy();
  });

  it('emits activity.recorded for each entry', () => {
    const recorded = events.filter((e) => e.type === 'activity.recorded');
    expect(recorded.length).toBe(3);
  });

  it('filters by target, kind, text and time', async () => {
    const byTarget = await value<{ total: number }>('activity.list', { targetId: 'audit-two' });
    expect(byTarget.total).toBe(1);
    const byText = await value<{ total: number }>('activity.list', { text: 'audit' });
    expect(byText.total).toBe(2);
    const alerts = await value<{ total: number }>('activity.list', { kinds: ['alert'] });
    expect(alerts.total).toBe(0);
    const future = await value<{ total: number }>('activity.list', { since: new Date(Date.now() + 60_000).toISOString() });
    expect(future.total).toBe(0);
    const withOffset = await value<{ total: number }>('activity.list', { since: new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00') });
    expect(withOffset.total).toBe(3);
  });

  it('refuses a bad filter with VALIDATION', async () => {
    const res = await core.dispatch('activity.list', { since: 'yesterday' } as never);
    expect(res.ok ? '' : res.error.code).toBe('VALIDATION');
    const big = await core.dispatch('activity.list', { limit: 5000 } as never);
    expect(big.ok ? '' : big.error.code).toBe('VALIDATION');
  });

  it('exports CSV and JSON oldest first', async () => {
    const json = await value<{ count: number; content: string }>('activity.export', { format: 'json' });
    expect(json.count).toBe(3);
    const parsed = JSON.parse(json.content) as ActivityEntry[];
    expect(parsed.map((e) => e.action)).toEqual(['instances.create', 'instances.rename', 'instances.rename']);
    const csv = await value<{ content: string }>('activity.export', { format: 'csv' });
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,accountId,accountName,kind,action,targetKind,targetId,targetName,summary,outcome,actor,durationMs,message,code,details');
    expect(lines).toHaveLength(4);
  });

  it('keeps the account name after the account is removed', async () => {
    await value('accounts.remove', { id: accountId });
    const page = await value<{ rows: ActivityEntry[] }>('activity.list', {});
    expect(page.rows.every((r) => r.accountId === null && r.accountName === 'ep-prod')).toBe(true);
  });
});

describe('what the log writes', () => {
  it('masks a registered secret in summaries, messages and details', () => {
    core.redactor.add('s3cr3t-"quoted"-value');
    const entry = core.activity.record({
      kind: 'alert',
      action: 'alert.test',
      summary: 'token s3cr3t-"quoted"-value leaked in a summary',
      outcome: 'info',
      message: 'server said s3cr3t-"quoted"-value',
      details: { nested: ['s3cr3t-"quoted"-value'] },
    });
    const text = JSON.stringify(entry);
    expect(text).not.toContain('s3cr3t');
    const onDisk = ['', '-wal'].map((ext) => {
      const f = path.join(dir, 'hangar.db' + ext);
      return fs.existsSync(f) ? fs.readFileSync(f).toString('latin1') : '';
    });
    expect(onDisk.join('')).not.toContain('s3cr3t-"quoted"-value');
  });

  it('escapes CSV cells and defuses spreadsheet formulas', () => {
    const row: ActivityEntry = {
      seq: 1, at: '2026-01-01T00:00:00.000Z', accountId: null, accountName: 'a,b', kind: 'action', action: 'x',
      targetKind: null, targetId: null, targetName: '=HYPERLINK("x")', summary: 'line one\nline "two"', outcome: 'ok',
      actor: null, durationMs: 5, message: null, code: null, details: { a: 1 },
    };
    const [, line] = activityToCsv([row]).split('\r\n');
    expect(line).toContain('"a,b"');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"line one\nline ""two"""');
    expect(line).toContain('"{""a"":1}"');
  });

  it('records a result whose records disagree as an error naming the mismatch, and a warning beside the message', async () => {
    const ctx = { accountId: 'acc-x', accountName: 'panel', targetKind: 'instance' as const, action: 'suspend', id: 'b1', knownName: 'second', actor: 'me (cli)' };
    const instance = { accountId: 'acc-x', provider: 'skyport' as const, id: 'b1', name: 'second', status: 'installing' as const, raw: null };
    const result = await recordAction(core.activity, ctx, async () => ({
      instance,
      confirmedBy: 'reread',
      mismatch: { what: 'suspended flag', record: 'suspended', list: 'not suspended', instead: [{ id: 'a1', name: 'first' }] },
      warning: 'The panel flagged first instead.',
      message: 'The panel flagged first instead.',
    }));
    expect(result.mismatch).toBeDefined();
    const [mismatch] = core.activity.list({ text: 'not confirmed', offset: 0, limit: 5 }).rows;
    expect(mismatch).toMatchObject({ outcome: 'error', code: 'CONFLICT', targetId: 'b1' });
    expect(mismatch.summary).toBe('Suspend instance second on panel: not confirmed (suspended flag: record suspended, list not suspended; changed first instead)');
    expect(mismatch.details).toMatchObject({ confirmation: expect.stringMatching(/^not confirmed/), mismatch: { instead: [{ id: 'a1', name: 'first' }] } });

    await recordAction(core.activity, { ...ctx, action: 'delete', id: 'a1', knownName: 'first' }, async () => ({
      deletedId: 'a1', removedIds: ['b1'], confirmedBy: 'reread', message: 'Deleted instance first (a1)', warning: 'The panel also removed another instance from its list: second (b1).',
    }));
    const [warned] = core.activity.list({ text: 'with a warning', offset: 0, limit: 5 }).rows;
    expect(warned).toMatchObject({ outcome: 'ok', summary: 'Deleted instance first on panel (with a warning)' });
    expect(warned.message).toContain('also removed another instance');
    expect(warned.details).toMatchObject({ confirmation: 'confirmed by a re-read', removedIds: ['b1'] });
  });
});
