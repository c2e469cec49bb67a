/**
 * A draft survives the process being killed in the middle of editing, and stays editable with the API
 * out of reach: a child saves edit after edit through the real core, gets SIGKILLed, and the next core
 * finds the last edit that was acknowledged (or a later one), in an intact database.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ConfigView } from '../../../shared/contract';
import { createCore } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startNimSimulator } from '../../../electron/simulators/nim';

const EDITOR = path.join(__dirname, 'fixtures', 'draft-editor.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-draft-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('keeps the draft when the editing process is killed, and keeps it editable offline', async () => {
  const sim = await startNimSimulator({ seed: 'draft-crash', instances: 3, nodes: 1 });
  let core = createCore({ dataDir, secretStore: new MemorySecretStore() });
  const add = await core.dispatch('accounts.add', {
    name: 'nim', provider: 'nim', environment: 'dev', baseUrl: sim.account.baseUrl, authMethod: 'basic',
    fields: sim.account.fields, secrets: sim.account.secrets, verify: false,
  });
  expect(add.ok).toBe(true);
  const accountId = (add as { value: { id: string } }).value.id;
  const inst = await fetch(`${sim.baseUrl}/api/platform/v1/instances?pageSize=1`, {
    headers: { authorization: `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64')}` },
  }).then((r) => r.json() as Promise<{ items: { uid: string; systemUid: string }[] }>);
  const targetId = `${inst.items[0].systemUid}:${inst.items[0].uid}`;
  const target = { accountId, kind: 'instance', id: targetId };
  const view = (await core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
  const fileName = view.value.live.files[0].name;
  const first = await core.dispatch('configs.saveDraft', { target, files: [{ name: fileName, contents: '# edit 0\n' }] });
  expect(first.ok).toBe(true);
  await core.close();
  await sim.close(); // from here on the API is unreachable

  const child = spawn(process.execPath, ['--import', 'tsx', EDITOR, dataDir, accountId, targetId, fileName], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const acknowledged = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const saved = [...out.matchAll(/SAVED (\d+)\n/g)].map((m) => Number(m[1]));
      if (out.includes('ERROR')) reject(new Error(out));
      if (saved.length && saved.at(-1)! >= 300) {
        child.kill('SIGKILL');
        resolve(saved.at(-1)!);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`editor exited ${code}: ${err.slice(-2000)}`));
    });
  });
  await new Promise((r) => child.once('close', r));

  core = createCore({ dataDir, secretStore: new MemorySecretStore() });
  try {
    expect((await core.dispatch('app.info', undefined)).ok).toBe(true);
    const drafts = (await core.dispatch('configs.drafts', {})) as { ok: true; value: { targetId: string }[] };
    expect(drafts.value.map((d) => d.targetId)).toEqual([targetId]);
    const again = (await core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    expect(again.ok).toBe(true);
    // The API is out of reach (and this process's in-memory secret store is empty): the view says so and
    // serves the draft on top of its base.
    expect(again.value.liveError?.code).toMatch(/OFFLINE|KEYCHAIN/);
    const n = Number(/^# edit (\d+)/.exec(again.value.draft!.files[0].contents)![1]);
    expect(n).toBeGreaterThanOrEqual(acknowledged);
    expect(again.value.draft!.files[0].contents.split('\n')).toHaveLength(202);
    expect(again.value.draft!.baseRevision).toBe(view.value.live.revision);
  } finally {
    await core.close();
  }
}, 60_000);
