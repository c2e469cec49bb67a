/**
 * Config diff-and-publish end to end through the core's dispatch, against the NIM simulator whose first
 * instances are real nginx processes: what nginx serves on its port is the proof.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigDiff, ConfigDraft, ConfigRevision, ConfigView, LintResult, PublishResult } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startNimSimulator, type RealInstanceInfo, type RunningNimSimulator } from '../../../electron/simulators/nim';
import { findNginx } from '../../../electron/simulators/nim/nginx/dataplane';

let sim: RunningNimSimulator;
let core: Core;
let dataDir: string;
let accountId: string;
let prodAccountId: string;
const events: HangarEvent[] = [];

async function value<T>(channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

async function failure(channel: string, input: unknown) {
  const res = await core.dispatch(channel, input);
  if (res.ok) throw new Error(`${channel} should have failed`);
  return res.error;
}

async function served(ri: RealInstanceInfo, p = '/'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${ri.port}${p}`, { headers: { connection: 'close' } });
  return res.text();
}

const target = (ri: RealInstanceInfo, account = accountId) => ({ accountId: account, kind: 'instance' as const, id: `${ri.systemUid}:${ri.uid}` });

function edit(view: ConfigView, from: string, to: string) {
  const files = (view.draft?.files ?? view.live.files).map((f) => (f.contents.includes(from) ? { ...f, contents: f.contents.replace(from, to) } : f));
  expect(files.some((f) => f.contents.includes(to))).toBe(true);
  return files;
}

beforeAll(async () => {
  expect(findNginx(), 'nginx must be installed').toBeTruthy();
  sim = await startNimSimulator({ seed: 'configs-core', instances: 6, nodes: 1, nginx: { instances: 3 }, deployDelayMs: 20 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-configs-'));
  core = createCore({ dataDir, secretStore: new MemorySecretStore(), configs: { pollMs: 20 } });
  core.events.on((e) => events.push(e));
  const add = async (name: string, environment: string) =>
    (
      await value<{ id: string }>('accounts.add', {
        name,
        provider: 'nim',
        environment,
        baseUrl: sim.account.baseUrl,
        authMethod: 'basic',
        fields: sim.account.fields,
        secrets: sim.account.secrets,
        verify: false,
      })
    ).id;
  accountId = await add('nim-dev', 'dev');
  prodAccountId = await add('nim-prod', 'prod');
});

afterAll(async () => {
  await core?.close();
  await sim?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('configs on real nginx', () => {
  it('publishes a good change: nginx serves it, history and the activity log record it, the draft is gone', async () => {
    const ri = sim.realInstances[0];
    const t = target(ri);
    const view = await value<ConfigView>('configs.get', t);
    expect(view.live.files.map((f) => f.name)).toContain(ri.confPath);
    expect(view.draft).toBeNull();
    expect(await served(ri)).toContain('initial config');

    const draft = await value<ConfigDraft>('configs.saveDraft', { target: t, files: edit(view, 'initial config', 'published by hangar') });
    expect(draft.baseRevision).toBe(view.live.revision);
    expect(draft.changedFiles).toEqual([ri.confPath]);
    const drafts = await value<{ targetId: string }[]>('configs.drafts', { accountIds: [accountId] });
    expect(drafts.map((d) => d.targetId)).toEqual([t.id]);

    const lint = await value<LintResult>('configs.lint', { target: t });
    expect(lint.problems).toEqual([]);
    const diff = await value<ConfigDiff>('configs.diff', { target: t });
    expect(diff.conflict).toBe(false);
    expect(diff.unified).toContain('-            return 200 "');
    expect(diff.unified).toContain('+            return 200 "');
    expect(diff.files.find((f) => f.name === ri.confPath)).toMatchObject({ change: 'modified', added: 1, removed: 1 });

    events.length = 0;
    const result = await value<PublishResult>('configs.publish', { target: t });
    expect(result.deployment.status).toBe('succeeded');
    expect(await served(ri)).toContain('published by hangar');
    expect(result.liveRevision).not.toBe(view.live.revision);
    const progress = events.filter((e) => e.type === 'deployment.progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect((progress[0] as Extract<HangarEvent, { type: 'deployment.progress' }>).deployment.status).toBe('pending');
    expect((progress.at(-1) as Extract<HangarEvent, { type: 'deployment.progress' }>).deployment.status).toBe('succeeded');

    expect((await value<ConfigView>('configs.get', t)).draft).toBeNull();
    const history = await value<ConfigRevision[]>('configs.history', { target: t });
    expect(history.map((h) => `${h.source}:${h.result}`)).toEqual(['publish:succeeded', 'observed:observed']);
    expect(history[0].actor).toMatch(/\(app\)$/);
    const activity = core.activity.list({ offset: 0, limit: 10, kinds: ['config'] });
    expect(activity.rows[0]).toMatchObject({ action: 'configs.publish', outcome: 'ok', targetId: t.id });
  });

  it('a broken change: lint catches it locally; with lint bypassed the deployment fails with nginx\'s message and nginx keeps serving', async () => {
    const ri = sim.realInstances[1];
    const t = target(ri);
    const view = await value<ConfigView>('configs.get', t);
    const before = await served(ri);
    const broken = edit(view, 'worker_connections 64;', 'worker_connections 64;\n}');
    await value('configs.saveDraft', { target: t, files: broken });
    const lint = await value<LintResult>('configs.lint', { target: t });
    expect(lint.ok).toBe(false);
    expect(lint.problems[0]).toMatchObject({ rule: 'syntax', file: ri.confPath, message: 'unexpected "}"' });
    expect(lint.problems[0].line).toBeGreaterThan(1);
    expect(lint.problems[0].column).toBeGreaterThan(0);

    const refused = await failure('configs.publish', { target: t });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain('lint error');

    const result = await value<PublishResult>('configs.publish', { target: t, skipLint: true });
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.failures[0].message).toMatch(/\[emerg\] unexpected "}" in .*nginx\.conf:\d+/);
    expect(result.revision).toMatchObject({ result: 'failed', source: 'publish' });
    expect(result.revision.message).toContain('test failed');
    expect(await served(ri)).toBe(before);
    // The draft stays so the user can fix it.
    expect((await value<ConfigView>('configs.get', t)).draft).not.toBeNull();
    const activity = core.activity.list({ offset: 0, limit: 1, kinds: ['config'] });
    expect(activity.rows[0]).toMatchObject({ action: 'configs.publish', outcome: 'error' });
    expect(activity.rows[0].message).toContain('[emerg]');
    expect((await value<{ discarded: boolean }>('configs.discardDraft', { target: t })).discarded).toBe(true);
  });

  it('the live config changed behind the draft: CONFLICT and a correct three-way merge; the merged draft publishes', async () => {
    const ri = sim.realInstances[2];
    const t = target(ri);
    const view = await value<ConfigView>('configs.get', t);
    // The draft changes the return text; someone else changes worker_connections (and updateTime) meanwhile.
    await value('configs.saveDraft', { target: t, files: edit(view, 'initial config', 'draft text') });
    const live = view.live.files.find((f) => f.name === ri.confPath)!;
    const res = await fetch(`${sim.baseUrl}/api/platform/v1/systems/${ri.systemUid}/instances/${ri.uid}/config`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        configFiles: { rootDir: view.live.rootDir, files: [{ name: ri.confPath, contents: Buffer.from(live.contents.replace('worker_connections 64;', 'worker_connections 32;')).toString('base64') }] },
        ignoreConflict: true,
      }),
    });
    expect(res.status).toBe(202);
    const { deploymentUID } = (await res.json()) as { deploymentUID: string };
    let d = await value<{ status: string }>('configs.deployment', { accountId, id: deploymentUID });
    for (let i = 0; i < 400 && d.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      d = await value<{ status: string }>('configs.deployment', { accountId, id: deploymentUID });
    }
    expect(d.status).toBe('succeeded');

    const diff = await value<ConfigDiff>('configs.diff', { target: t });
    expect(diff.conflict).toBe(true);
    expect(diff.merge!.conflicts).toBe(0);
    const merged = diff.merge!.files.find((f) => f.name === ri.confPath)!;
    expect(merged.conflict).toBe(false);
    expect(merged.merged).toContain('worker_connections 32;');
    expect(merged.merged).toContain('draft text');

    const refused = await failure('configs.publish', { target: t });
    expect(refused.code).toBe('CONFLICT');
    expect(await served(ri)).toContain('initial config');

    // A real conflict: both sides changed the same line.
    await value('configs.saveDraft', { target: t, files: (await value<ConfigView>('configs.get', t)).draft!.files.map((f) => ({ ...f, contents: f.contents.replace('worker_connections 64;', 'worker_connections 16;') })) });
    const both = await value<ConfigDiff>('configs.diff', { target: t });
    const region = both.merge!.files.find((f) => f.name === ri.confPath)!;
    expect(region.conflict).toBe(true);
    expect(region.merged).toMatch(/<<<<<<< draft\n\s+worker_connections 16;\n\|\|\|\|\|\|\| base\n\s+worker_connections 64;\n=======\n\s+worker_connections 32;\n>>>>>>> live/);

    // Resolve with the clean merge, rebased on the live revision: publishes.
    await value('configs.saveDraft', { target: t, files: diff.merge!.files.map((f) => ({ name: f.name, contents: f.merged })), baseRevision: diff.liveRevision });
    const published = await value<PublishResult>('configs.publish', { target: t });
    expect(published.deployment.status).toBe('succeeded');
    expect(await served(ri)).toContain('draft text');
  });

  it('rolls back to the previous revision through the same path: the old config is live again', async () => {
    const ri = sim.realInstances[0];
    const t = target(ri);
    expect(await served(ri)).toContain('published by hangar');
    const result = await value<PublishResult>('configs.rollback', { target: t, to: 'previous' });
    expect(result.deployment.status).toBe('succeeded');
    expect(await served(ri)).toContain('initial config');
    const history = await value<ConfigRevision[]>('configs.history', { target: t });
    expect(history[0]).toMatchObject({ source: 'rollback', result: 'succeeded' });
    const cmp = await value<{ unified: string }>('configs.compare', { accountId, from: history[1].seq, to: history[0].seq });
    expect(cmp.unified).toContain('published by hangar');
    const activity = core.activity.list({ offset: 0, limit: 1, kinds: ['config'] });
    expect(activity.rows[0]).toMatchObject({ action: 'configs.rollback', outcome: 'ok' });
  });

  it('production needs the name typed', async () => {
    const ri = sim.realInstances[0];
    const t = target(ri, prodAccountId);
    const view = await value<ConfigView>('configs.get', t);
    expect(view.production).toBe(true);
    await value('configs.saveDraft', { target: t, files: edit(view, 'initial config', 'prod text') });
    const refused = await failure('configs.publish', { target: t });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain(`type the name "${ri.displayName}"`);
    const wrong = await failure('configs.publish', { target: t, confirm: 'something else' });
    expect(wrong.code).toBe('VALIDATION');
    const ok = await value<PublishResult>('configs.publish', { target: t, confirm: ri.displayName });
    expect(ok.deployment.status).toBe('succeeded');
    expect(await served(ri)).toContain('prod text');
  });

  it('publishes to an instance group with each member\'s result', async () => {
    const a = sim.realInstances[1];
    const groups = await value<{ id: string; name: string }[]>('configs.groups', { accountId });
    const group = groups[0];
    // One real member, one simulated member online and one offline (the simulator's real members share a host and
    // its ports, so only one of them can take a group config's listen address).
    const all = await fetch(`${sim.baseUrl}/api/platform/v1/instances?pageSize=0`, {
      headers: { authorization: `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64')}` },
    }).then((r) => r.json() as Promise<{ items: { uid: string; displayName: string }[] }>);
    const [online, offline] = all.items.filter((i) => !sim.realInstances.some((r) => r.uid === i.uid));
    sim.setGroupMembers(group.id, [a.uid, online.uid, offline.uid]);
    const state = await fetch(`${sim.baseUrl}/__sim/instances/${offline.uid}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'offline' }),
    });
    expect(state.status).toBe(200);

    const t = { accountId, kind: 'group' as const, id: group.id };
    const view = await value<ConfigView>('configs.get', t);
    expect(view.name).toBe(group.name);
    const files = view.live.files.map((f) => (f.name.endsWith('/nginx.conf') ? { ...f, contents: f.contents.replace(/return 200 "[^"]*"/, 'return 200 "group config\\n"') } : f));
    expect(files.some((f) => f.contents.includes('group config'))).toBe(true);
    await value('configs.saveDraft', { target: t, files });
    const result = await value<PublishResult>('configs.publish', { target: t });
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.succeeded.sort()).toEqual([a.displayName, online.displayName].sort());
    expect(result.deployment.failures).toEqual([{ name: offline.displayName, message: expect.stringContaining('offline') }]);
    expect(await served(a)).toContain('group config');
    const history = await value<ConfigRevision[]>('configs.history', { target: t });
    expect(history[0]).toMatchObject({ result: 'failed' });
    expect(history[0].message).toContain(offline.displayName);
  });
});

describe('staged configs', () => {
  it('saves a draft as a staged config, edits it as a document, and publishes it to a real instance through a draft', async () => {
    const ri = sim.realInstances[1];
    const t = target(ri);
    const view = await value<ConfigView>('configs.get', t);
    const files = view.live.files.map((f) => ({ ...f, contents: f.contents.replace(/return 200 "[^"]*"/, 'return 200 "from a staged config\\n"') }));
    expect(files.some((f) => f.contents.includes('from a staged config'))).toBe(true);
    await value('configs.saveDraft', { target: t, files });
    const staged = await value<{ id: string; name: string }>('configs.stage', { target: t, name: 'hangar-staged' });
    expect((await value<{ id: string }[]>('configs.staged', { accountId })).map((s) => s.id)).toContain(staged.id);
    await value('configs.discardDraft', { target: t });

    // The staged config is a document of its own: edit and save it.
    const st = { accountId, kind: 'staged' as const, id: staged.id };
    const sv = await value<ConfigView>('configs.get', st);
    expect(sv.name).toBe('hangar-staged');
    await value('configs.saveDraft', { target: st, files: edit(sv, 'from a staged config', 'from the staged config, edited') });
    const saved = await value<PublishResult>('configs.publish', { target: st });
    expect(saved.deployment.status).toBe('succeeded');

    // Published to the instance: a draft from the staged files, then the usual publish.
    const draft = await value<ConfigDraft>('configs.fromStaged', { target: t, stagedId: staged.id });
    expect(draft.changedFiles).toEqual([ri.confPath]);
    const published = await value<PublishResult>('configs.publish', { target: t });
    expect(published.deployment.status).toBe('succeeded');
    expect(await served(ri)).toContain('from the staged config, edited');
  });
});
