import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/main/core/cache/db';
import { SnapshotStore } from '../../../electron/main/core/cache/snapshot-store';
import { createCore, DB_FILE } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import type { AppInfo } from '../../../shared/contract';
import { insertAccount, instance, quietLog, tempDir } from './support/fleet';

/** A cache with one account and 2,000 instances, closed cleanly. */
function populatedCache(dir: string): string {
  const file = path.join(dir, DB_FILE);
  const opened = openDatabase(file, quietLog);
  insertAccount(opened.db, { id: 'a1' });
  const instances = Array.from({ length: 2000 }, (_, i) => instance('a1', `i-${i}`, 'running', { raw: { pad: 'y'.repeat(300) } }));
  new SnapshotStore(opened.db).write({ id: 'a1', provider: 'skyport', environment: 'prod' }, { instances, nodes: [] }, new Date());
  opened.close();
  return file;
}

function scribble(file: string, offset: number, length: number): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  fs.closeSync(fd);
}

describe('a corrupted cache file', () => {
  it('is backed up and replaced, and app.info says so', async () => {
    const dir = tempDir('hangar-corrupt-');
    const file = populatedCache(dir);
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('this is not a database '), Buffer.alloc(original.length, 0x42)]));
    const garbage = fs.readFileSync(file);

    const core = createCore({ dataDir: dir, secretStore: new MemorySecretStore() });
    try {
      const res = await core.dispatch('app.info', undefined);
      expect(res.ok).toBe(true);
      const info = (res as { value: AppInfo }).value;
      expect(info.cacheRecovery).toMatchObject({ reason: expect.stringMatching(/not a database|malformed|integrity/i) });
      const backup = info.cacheRecovery!.backupPath;
      expect(path.dirname(backup)).toBe(dir);
      expect(fs.readFileSync(backup).equals(garbage)).toBe(true);
      // The fresh cache works: schema in place, empty.
      const page = await core.dispatch('instances.query', {});
      expect(page).toMatchObject({ ok: true, value: { total: 0, rows: [], asOf: null, stale: false } });
    } finally {
      await core.close();
    }
    const again = createCore({ dataDir: dir, secretStore: new MemorySecretStore() });
    const info = (await again.dispatch('app.info', undefined)) as { value: AppInfo };
    expect(info.value.cacheRecovery).toBeUndefined();
    await again.close();
  });

  it('is caught by the page check when pages in the middle are damaged', () => {
    const dir = tempDir('hangar-corrupt-');
    const file = populatedCache(dir);
    const size = fs.statSync(file).size;
    scribble(file, Math.floor(size / 2 / 4096) * 4096, 3 * 4096);
    const opened = openDatabase(file, quietLog);
    try {
      expect(opened.recovered?.reason).toMatch(/integrity check failed|malformed/i);
      expect(fs.existsSync(opened.recovered!.backupPath)).toBe(true);
    } finally {
      opened.close();
    }
  });

  it('a large file with a damaged header is caught by the cheap check too', () => {
    const dir = tempDir('hangar-corrupt-');
    const file = populatedCache(dir);
    scribble(file, 0, 100);
    const opened = openDatabase(file, quietLog, undefined, { fullCheckMaxBytes: 0 });
    try {
      expect(opened.recovered).toBeDefined();
      expect((opened.db.prepare('SELECT count(*) AS n FROM instances').get() as { n: number }).n).toBe(0);
    } finally {
      opened.close();
    }
  });

  it('a healthy large file opens without the full check and keeps its data', () => {
    const dir = tempDir('hangar-corrupt-');
    const file = populatedCache(dir);
    const opened = openDatabase(file, quietLog, undefined, { fullCheckMaxBytes: 0 });
    try {
      expect(opened.recovered).toBeUndefined();
      expect((opened.db.prepare('SELECT count(*) AS n FROM instances').get() as { n: number }).n).toBe(2000);
    } finally {
      opened.close();
    }
  });
});
