/**
 * Kianda instance fields through the same draft → lint → diff → publish flow: one JSON document whose revision
 * is Kianda's version number; a version that moved on is CONFLICT, never overwritten silently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConfigDiff, ConfigView, LintResult, PublishResult } from '../../../shared/contract';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startKiandaSimulator } from '../../../electron/simulators/kianda';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';

let sim: RunningSimulator;
let core: Core;
let dataDir: string;
let accountId: string;

async function value<T>(channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

beforeAll(async () => {
  sim = await startKiandaSimulator({ seed: 'configs-kianda', instances: 3 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-kianda-cfg-'));
  core = createCore({ dataDir, secretStore: new MemorySecretStore(), configs: { pollMs: 10 } });
  const add = await core.dispatch('accounts.add', {
    name: 'kianda', provider: 'kianda', environment: 'dev', baseUrl: sim.account.baseUrl, authMethod: sim.account.authMethod,
    fields: sim.account.fields, secrets: sim.account.secrets, verify: false,
  });
  expect(add.ok, JSON.stringify(add)).toBe(true);
  accountId = (add as { value: { id: string } }).value.id;
});

afterAll(async () => {
  await core?.close();
  await sim?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

it('edits, diffs and publishes an instance\'s fields with its version; a stale version is CONFLICT', async () => {
  await value('sync.refresh', { accountId });
  const page = await value<{ rows: { id: string }[] }>('instances.query', { accountIds: [accountId], limit: 5 });
  const id = page.rows[0].id;
  const target = { accountId, kind: 'instance', id };
  const view = await value<ConfigView>('configs.get', target);
  expect(view.live.files.map((f) => f.name)).toEqual(['fields.json']);
  const doc = JSON.parse(view.live.files[0].contents) as { status: string; fields: Record<string, unknown> };
  const [firstField] = Object.keys(doc.fields);
  expect(firstField).toBeTruthy();

  // Broken JSON: lint says where; publish refuses.
  await value('configs.saveDraft', { target, files: [{ name: 'fields.json', contents: '{"status": "draft",\n  "fields": {' }] });
  const lint = await value<LintResult>('configs.lint', { target });
  expect(lint.problems[0]).toMatchObject({ file: 'fields.json', rule: 'syntax', line: 2 });

  doc.fields[firstField] = 'changed through Hangar';
  await value('configs.saveDraft', { target, files: [{ name: 'fields.json', contents: `${JSON.stringify(doc, null, 2)}\n` }] });
  const diff = await value<ConfigDiff>('configs.diff', { target });
  expect(diff.unified).toContain('+    "' + firstField + '": "changed through Hangar"');
  const published = await value<PublishResult>('configs.publish', { target });
  expect(published.deployment.status).toBe('succeeded');
  expect(Number(published.liveRevision)).toBe(Number(view.live.revision) + 1);
  const after = await value<ConfigView>('configs.get', target);
  expect(JSON.parse(after.live.files[0].contents).fields[firstField]).toBe('changed through Hangar');

  // Someone else updates the instance (version moves on) behind a new draft.
  doc.fields[firstField] = 'mine';
  await value('configs.saveDraft', { target, files: [{ name: 'fields.json', contents: `${JSON.stringify(doc, null, 2)}\n` }] });
  await value('instances.act', { accountId, id, action: 'update', params: { fields: JSON.stringify({ [firstField]: 'theirs' }) } });
  const refused = await core.dispatch('configs.publish', { target });
  expect(refused.ok).toBe(false);
  expect((refused as { error: { code: string } }).error.code).toBe('CONFLICT');
  const again = await value<ConfigView>('configs.get', target);
  expect(JSON.parse(again.live.files[0].contents).fields[firstField]).toBe('theirs');
  const conflict = await value<ConfigDiff>('configs.diff', { target });
  expect(conflict.conflict).toBe(true);
  expect(conflict.merge!.conflicts).toBe(1);
});
