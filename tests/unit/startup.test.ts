import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { startCore, type Started } from '../../electron/main/startup';

const opened: Started[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-startup-'));

describe('startCore', () => {
  it('opens on the demo environment when no account exists, and the demo fleet syncs', async () => {
    const dataDir = tmp();
    const s = await startCore({ dataDir, secretStore: new MemorySecretStore(), demo: 'auto', demoInstances: 50 });
    opened.push(s);
    expect(s.demo).toBeDefined();
    const info = await s.core.dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'demo' } });
    const accounts = s.core.accounts.list();
    expect(accounts.map((a) => a.provider).sort()).toEqual(['everypoint', 'kianda', 'nim', 'skyport', 'zesty']);
    expect(new Set(accounts.map((a) => a.environment))).toEqual(new Set(['dev', 'staging', 'prod']));
    const report = await s.core.dispatch('sync.refresh', {});
    expect(report.ok).toBe(true);
    const page = await s.core.dispatch('instances.query', { limit: 5 });
    expect(page).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
    if (page.ok) expect((page.value as { total: number }).total).toBeGreaterThan(20);
    // The user's own data folder is left as it was: the demo lives in a temp folder.
    expect(fs.readdirSync(dataDir).filter((f) => !f.startsWith('hangar.db'))).toEqual([]);
  });

  it('opens the user’s own accounts when there are some, and never starts the demo with --no-demo', async () => {
    const dataDir = tmp();
    const off = await startCore({ dataDir, secretStore: new MemorySecretStore(), demo: 'off' });
    expect(off.demo).toBeUndefined();
    await off.core.dispatch('accounts.add', {
      name: 'Mine',
      provider: 'everypoint',
      environment: 'prod',
      baseUrl: 'http://127.0.0.1:9/v3',
      authMethod: 'basic',
      fields: { username: 'k' },
      secrets: { password: 's' },
      verify: false,
    });
    await off.close();
    const auto = await startCore({ dataDir, secretStore: new MemorySecretStore(), demo: 'auto' });
    opened.push(auto);
    expect(auto.demo).toBeUndefined();
    expect(auto.core.accounts.list().map((a) => a.name)).toEqual(['Mine']);
  });
});
