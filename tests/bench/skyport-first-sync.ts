/**
 * Skyport's first sync at fleet scale, outside the browser: where the time of its one unpaged list goes.
 * SKY_INSTANCES (default 20,000, the Skyport share of the 100,000-instance benches), then:
 *   the list's bytes and the time to read them raw · the provider's parse + map alone · the core's first sync
 *   of the account alone · (ALL=1) the same sync while the other four accounts of a 100,000 fleet sync too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { createCore } from '../../electron/main/core/core';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { startDemoEnvironment } from '../../electron/simulators/demo';
import type { SyncReport } from '../../shared/contract';
import { PROVIDER_IDS } from '../../shared/model';
import { Figures } from './figures';

async function main(): Promise<void> {
  const figures = new Figures({});
  const skyInstances = Number(process.env.SKY_INSTANCES ?? 20_000);
  const all = process.env.ALL === '1';
  const env = await startDemoEnvironment({ instances: skyInstances * 5, nodes: 2_000, clockMs: 0, seed: 'bench' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-sky-'));
  try {
    const sky = env.providers.skyport.account;
    let t = performance.now();
    const res = await request(`${sky.baseUrl}/api/instances`, { headers: { 'x-api-key': sky.secrets.apiKey! } });
    const headersMs = performance.now() - t;
    const bytes = (await res.body.arrayBuffer()).byteLength;
    figures.report('raw_headers_ms', headersMs, 'ms', 'the simulator builds the whole answer before its first byte');
    figures.report('raw_total_ms', performance.now() - t, 'ms', `${(bytes / 1e6).toFixed(1)} MB`);

    const core = createCore({ dataDir, secretStore: new MemorySecretStore() });
    const ids: Record<string, string> = {};
    for (const id of all ? PROVIDER_IDS : (['skyport'] as const)) {
      const a = env.providers[id].account;
      const added = await core.dispatch('accounts.add', {
        name: `${id} bench`, provider: id, baseUrl: a.baseUrl, environment: 'prod', authMethod: a.authMethod, fields: a.fields, secrets: a.secrets, verify: false,
      });
      if (!added.ok) throw new Error(added.error.message);
      ids[id] = (added.value as { id: string }).id;
    }
    const pages: number[] = [];
    const ended = new Map<string, number>();
    core.events.on((e) => {
      if (e.type === 'sync.progress' && e.accountId === ids.skyport) pages.push(performance.now());
      if (e.type === 'sync.state' && e.state !== 'syncing') ended.set(e.accountId, performance.now());
    });
    t = performance.now();
    const out = await core.dispatch('sync.refresh', {});
    const ms = performance.now() - t;
    if (!out.ok) throw new Error(out.error.message);
    for (const s of (out.value as SyncReport).accounts) {
      const name = Object.entries(ids).find(([, v]) => v === s.accountId)?.[0];
      figures.report(`sync_${name}_ms`, (ended.get(s.accountId) ?? performance.now()) - t, 'ms', `${s.state} ${s.instanceCount} instances${s.error ? ` — ${s.error.code}: ${s.error.message}` : ''}`);
    }
    figures.report('sync_total_ms', ms, 'ms', all ? 'five accounts at once' : 'Skyport alone');
    if (pages.length > 1) figures.report('skyport_first_to_last_progress_ms', pages[pages.length - 1] - pages[0], 'ms', `${pages.length} progress events`);
    await core.close();
  } finally {
    await env.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
