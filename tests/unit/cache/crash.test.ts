import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/main/core/cache/db';
import { quietLog, tempDir } from './support/fleet';

const WRITER = path.join(__dirname, 'fixtures', 'crash-writer.ts');

describe('a process killed in the middle of a snapshot write', () => {
  it.each(['staging', 'commit'] as const)('leaves a consistent cache holding the last good snapshot (killed while %s)', async (phase) => {
    const file = path.join(tempDir('hangar-crash-'), 'hangar.db');
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, '60000', phase], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const killedMidway = await new Promise<boolean>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`writer never reached the middle: ${out} ${err}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('MID')) {
          clearTimeout(timeout);
          // Mid-commit, half of the big snapshot is written (spilled into the WAL), the commit is not.
          if (phase === 'commit') expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);
          resolve(child.kill('SIGKILL'));
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(killedMidway).toBe(true);
    expect(child.signalCode).toBe('SIGKILL');
    expect(out).not.toContain('COMMITTED');

    const opened = openDatabase(file, quietLog);
    try {
      expect(opened.recovered).toBeUndefined();
      const { db } = opened;
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(db.prepare("SELECT count(*) AS n, sum(id LIKE 'good-%') AS good FROM instances").get()).toEqual({ n: 1000, good: 1000 });
      expect(db.prepare('SELECT id FROM nodes').all()).toEqual([{ id: 'n-good' }]);
      expect(db.prepare('SELECT last_success_at, instance_count FROM sync_state').get()).toEqual({
        last_success_at: '2026-03-01T10:00:00.000Z',
        instance_count: 1000,
      });
      expect(db.prepare(`SELECT count(*) AS n FROM instances_fts WHERE instances_fts MATCH '"inst-good"'`).get()).toEqual({ n: 1000 });
      expect(db.prepare(`SELECT count(*) AS n FROM instances_fts WHERE instances_fts MATCH '"big-inst"'`).get()).toEqual({ n: 0 });
    } finally {
      opened.close();
    }
  }, 90_000);
});
