import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ts|vue|mts|cts|js)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

/** Every module specifier a file imports or requires (static, dynamic, re-export). */
function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of src.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return specs;
}

const rel = (f: string) => path.relative(ROOT, f);

describe('architecture', () => {
  it('keeps electron/main/core free of Electron, so it runs and is tested under plain Node', () => {
    const files = sourceFiles('electron/main/core');
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/') || s === 'electron-updater'));
    expect(offenders.map(rel)).toEqual([]);
  });

  it('keeps the core from reaching into the shell, the preload or the renderer', () => {
    const offenders = sourceFiles('electron/main/core').filter((f) =>
      importsOf(f).some((s) => s.startsWith('.') && /(\/shell\/|\/preload\/|\/renderer\/)/.test(path.resolve(path.dirname(f), s) + '/')),
    );
    expect(offenders.map(rel)).toEqual([]);
  });

  it('lets the renderer import only shared code and browser packages, never main or Node built-ins', () => {
    const offenders = sourceFiles('renderer').filter((f) =>
      importsOf(f).some((s) => s.startsWith('node:') || s === 'electron' || (s.startsWith('.') && path.resolve(path.dirname(f), s).startsWith(path.join(ROOT, 'electron')))),
    );
    expect(offenders.map(rel)).toEqual([]);
  });

  it('imports the SQLite driver from one module only', () => {
    const users = [...sourceFiles('electron'), ...sourceFiles('shared')].filter((f) => importsOf(f).some((s) => s === '@photostructure/sqlite' || s === 'node:sqlite'));
    expect(users.map(rel)).toEqual(['electron/main/core/cache/sqlite.ts']);
  });
});
