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
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Nothing is asserted inside the stream callback (a throw there would be an uncaught exception, not a
    // failed test): the callback only settles the promise, with what it saw, and the test asserts on that.
    const mid = await new Promise<{ killed: boolean; walBytes: number | null }>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        fn();
      };
      const timeout = setTimeout(() => settle(() => reject(new Error(`writer never reached the middle: ${out} ${err}`))), 60_000);
      child.once('exit', (code) => settle(() => reject(new Error(`writer exited (${code}) before the middle: ${out} ${err}`))));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!out.includes('MID')) return;
        settle(() => {
          try {
            // Mid-commit, half of the big snapshot is written (spilled into the WAL), the commit is not.
            const walBytes = phase === 'commit' ? fs.statSync(`${file}-wal`).size : null;
            resolve({ killed: child.kill('SIGKILL'), walBytes });
          } catch (e) {
            child.kill('SIGKILL');
            reject(e);
          }
        });
      });
    });
    await exited;
    const killedMidway = mid.killed;
    if (phase === 'commit') expect(mid.walBytes).toBeGreaterThan(1_000_000);
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

describe('a process killed in the middle of a first sync committed page by page', () => {
  it('leaves a consistent cache holding the pages committed so far, marked as a partial first sync', async () => {
    const file = path.join(tempDir('hangar-crash-first-'), 'hangar.db');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'first-sync-writer.ts'), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const killed = await new Promise<boolean>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`writer never reached the middle: ${out} ${err}`)), 60_000);
      let reachedMiddle = false;
      child.once('exit', (code) => {
        clearTimeout(timeout);
        if (!reachedMiddle) reject(new Error(`writer exited (${code}) before the middle: ${out} ${err}`));
      });
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (reachedMiddle || !out.includes('MID')) return;
        reachedMiddle = true;
        clearTimeout(timeout);
        resolve(child.kill('SIGKILL'));
      });
    });
    await exited;
    expect(killed).toBe(true);
    expect(child.signalCode).toBe('SIGKILL');
    expect(out).not.toContain('COMMITTED');

    const opened = openDatabase(file, quietLog);
    try {
      expect(opened.recovered).toBeUndefined();
      const { db } = opened;
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      // Pages one and two (and the node page) were committed; the half-written third page was rolled back.
      expect(db.prepare('SELECT count(*) AS n, max(id) AS last FROM instances').get()).toEqual({ n: 2000, last: 'first-999' });
      expect(db.prepare('SELECT id FROM nodes').all()).toEqual([{ id: 'n-first' }]);
      expect(db.prepare('SELECT state, last_success_at, first_sync_partial, instance_count, node_count FROM sync_state').get()).toEqual({
        state: 'never',
        last_success_at: null,
        first_sync_partial: 1,
        instance_count: 2000,
        node_count: 1,
      });
      expect(db.prepare(`SELECT count(*) AS n FROM instances_fts WHERE instances_fts MATCH '"first-instance"'`).get()).toEqual({ n: 2000 });
    } finally {
      opened.close();
    }
  }, 90_000);
});
