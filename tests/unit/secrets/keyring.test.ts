import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors';
import { createSecretStore, KeyringSecretStore, MemorySecretStore } from '../../../electron/main/core/secrets';

// These tests talk to a real Secret Service: run them through tests/support/with-keyring.sh.
const FIXTURES = path.join(__dirname, 'fixtures');
const PROBE = path.join(FIXTURES, 'keychain-probe.ts');

const created: string[] = [];
function accountId(): string {
  const id = `test-${randomUUID()}`;
  created.push(id);
  return id;
}

afterEach(async () => {
  const store = new KeyringSecretStore();
  for (const id of created.splice(0)) await store.delete(id).catch(() => undefined);
});

interface ProbeLine {
  op: string;
  ok: boolean;
  found?: boolean;
  code?: string;
  message?: string;
  ms: number;
}

function runProbe(command: string, args: string[], env: NodeJS.ProcessEnv): ProbeLine[] {
  // A probe that hangs is killed by spawnSync's timeout and fails on r.error (ETIMEDOUT).
  const r = spawnSync(command, args, { env, encoding: 'utf8', timeout: 20_000 });
  expect(r.error, r.stderr).toBeUndefined();
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ProbeLine);
  expect(lines.map((l) => l.op), r.stderr).toEqual(['set', 'get', 'delete']);
  return lines;
}

describe('KeyringSecretStore (real Secret Service)', () => {
  it('round-trips secrets: set, get, overwrite, delete', async () => {
    const store = new KeyringSecretStore();
    const id = accountId();
    expect(await store.get(id)).toBeNull();
    await store.set(id, { password: 'hunter2-very-secret', extra: 'ünïcödé ✓' });
    expect(await store.get(id)).toEqual({ password: 'hunter2-very-secret', extra: 'ünïcödé ✓' });
    await store.set(id, { token: 'replaced' });
    expect(await store.get(id)).toEqual({ token: 'replaced' });
    await store.delete(id);
    expect(await store.get(id)).toBeNull();
    await store.delete(id); // deleting what is not there is not an error
  });

  it('keeps accounts apart', async () => {
    const store = new KeyringSecretStore();
    const a = accountId();
    const b = accountId();
    await store.set(a, { apiKey: 'key-a' });
    await store.set(b, { apiKey: 'key-b' });
    await store.delete(a);
    expect(await store.get(a)).toBeNull();
    expect(await store.get(b)).toEqual({ apiKey: 'key-b' });
  });

  it('writes one Secret Service entry per account under the service "Hangar", valued with the JSON of the fields', async () => {
    const store = new KeyringSecretStore();
    const id = accountId();
    await store.set(id, { username: 'ignored-not-here', password: 'pw-123456' });
    const entry = new AsyncEntry('Hangar', id, { linux: { store: 'secret-service' } });
    expect(JSON.parse((await entry.getPassword()) ?? 'null')).toEqual({ username: 'ignored-not-here', password: 'pw-123456' });
    // The kernel keyring (the library's fallback) holds nothing: the entry lives in the Secret Service only.
    const kernel = new AsyncEntry('Hangar', id, { linux: { store: 'keyutils' } });
    expect(await kernel.getPassword().catch(() => null)).toBeNull();
  });

  it('reports an entry it did not write as KEYCHAIN, without echoing its content', async () => {
    const id = accountId();
    await new AsyncEntry('Hangar', id, { linux: { store: 'secret-service' } }).setPassword('not json: s3cr3t-value');
    const err = await new KeyringSecretStore().get(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HangarError);
    expect((err as HangarError).code).toBe('KEYCHAIN');
    expect((err as HangarError).message).not.toContain('s3cr3t-value');
  });

  it('is what createSecretStore gives by default; memory only when asked', () => {
    expect(createSecretStore({})).toBeInstanceOf(KeyringSecretStore);
    expect(createSecretStore({}).kind).toBe('Secret Service');
    expect(createSecretStore({ HANGAR_SECRET_STORE: 'memory' })).toBeInstanceOf(MemorySecretStore);
  });
});

describe('KeyringSecretStore without a usable keychain (child processes)', () => {
  const node = [process.execPath, ['--import', 'tsx', PROBE]] as const;

  it('a session bus address that leads nowhere: every call fails fast with KEYCHAIN and advice', () => {
    const lines = runProbe(node[0], [...node[1]], { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    for (const l of lines) {
      expect(l).toMatchObject({ ok: false, code: 'KEYCHAIN' });
      expect(l.message).toMatch(/Secret Service/);
      expect(l.message).toMatch(/unlocked, then try again/);
      expect(l.message).not.toContain('probe-secret-value');
      // "Fast" against D-Bus's own 25 s method-call timeout, which a hanging client would wait out.
      expect(l.ms).toBeLessThan(12_500);
    }
  });

  it('no bus at all: KEYCHAIN, not a crash', () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const lines = runProbe(node[0], [...node[1]], env);
    for (const l of lines) expect(l).toMatchObject({ ok: false, code: 'KEYCHAIN' });
  });

  it('a bus with no Secret Service on it: KEYCHAIN', () => {
    const lines = runProbe(
      'dbus-run-session',
      [`--config-file=${path.join(FIXTURES, 'no-secret-service.conf')}`, '--', ...[node[0], ...node[1]]],
      process.env,
    );
    for (const l of lines) {
      expect(l).toMatchObject({ ok: false, code: 'KEYCHAIN' });
      expect(l.message).toMatch(/org\.freedesktop\.secrets/);
    }
  });

  it('a Secret Service that was never unlocked: saving fails with KEYCHAIN (nothing written in plain text)', () => {
    const lines = runProbe(
      'dbus-run-session',
      [
        `--config-file=${path.join(FIXTURES, 'no-secret-service.conf')}`,
        '--',
        'bash',
        path.join(FIXTURES, 'locked-keyring.sh'),
        node[0],
        ...node[1],
      ],
      process.env,
    );
    expect(lines[0]).toMatchObject({ op: 'set', ok: false, code: 'KEYCHAIN' });
    // Nothing was stored anywhere the next read could find.
    expect(lines[1]).toMatchObject({ op: 'get', ok: true, found: false });
  });
});
