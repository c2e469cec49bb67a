import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors';
import { PROVIDER_IDS } from '../../../shared/model';
import { spread, startDemoEnvironment, type DemoEnvironment } from '../../../electron/simulators/demo';
import type { SimAccount } from '../../../electron/simulators/kit/types';

const ROOT = path.resolve(__dirname, '../../..');
const basic = (a: SimAccount) => `Basic ${Buffer.from(`${a.fields.username}:${a.secrets.password}`).toString('base64')}`;

/** One authenticated call per API, with exactly the credentials the demo handed out. */
async function callEachProvider(providers: DemoEnvironment['providers']): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const nim = providers.nim.account;
  const nimRes = await fetch(`${nim.baseUrl}/api/platform/v1/instances`, { headers: { authorization: basic(nim) } });
  expect(nimRes.status).toBe(200);
  counts.nim = ((await nimRes.json()) as any).count;

  const sky = providers.skyport.account;
  const skyRes = await fetch(`${sky.baseUrl}/api/instances`, { headers: { 'x-api-key': sky.secrets.apiKey } });
  expect(skyRes.status).toBe(200);
  counts.skyport = ((await skyRes.json()) as any[]).length;

  const zesty = providers.zesty.account;
  const form = new FormData();
  form.append('email', zesty.fields.email);
  form.append('password', zesty.secrets.password);
  const login = await fetch(`${zesty.fields.authUrl}/login`, { method: 'POST', body: form });
  expect(login.status).toBe(200);
  const token = ((await login.json()) as any).meta.token;
  const zRes = await fetch(`${zesty.baseUrl}/instances`, { headers: { authorization: `Bearer ${token}` } });
  expect(zRes.status).toBe(200);
  counts.zesty = ((await zRes.json()) as any).data.length;

  const ep = providers.everypoint.account;
  const epRes = await fetch(`${ep.baseUrl}/instances`, { headers: { authorization: basic(ep) } });
  expect(epRes.status).toBe(200);
  counts.everypoint = ((await epRes.json()) as any).data.instances.length;

  const k = providers.kianda.account;
  const tokenRes = await fetch(`${k.baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: k.fields.username, password: k.secrets.password, scope: k.fields.subscriptionId, grant_type: 'password' }),
  });
  expect(tokenRes.status).toBe(200);
  const bearer = ((await tokenRes.json()) as any).access_token;
  const first = k.fields.watch.split(',')[0].replace(/\{(\d+)\.\.\d+\}$/, '$1');
  const kRes = await fetch(`${k.baseUrl}/api/instances/${first}/fields`, { headers: { authorization: `Bearer ${bearer}` } });
  expect(kRes.status).toBe(200);
  counts.kianda = k.fields.watch.split(',').reduce((n, part) => {
    const m = /\{(\d+)\.\.(\d+)\}$/.exec(part);
    return n + (m ? Number(m[2]) - Number(m[1]) + 1 : 1);
  }, 0);
  return counts;
}

function portIsClosed(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('spread', () => {
  it('splits a total into near-equal shares that add up', () => {
    expect(spread(12, 5)).toEqual([3, 3, 2, 2, 2]);
    expect(spread(3, 5)).toEqual([1, 1, 1, 0, 0]);
    expect(spread(20_000, 5)).toEqual([4000, 4000, 4000, 4000, 4000]);
  });
});

describe('startDemoEnvironment', () => {
  let env: DemoEnvironment | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('starts the five simulators with the instances spread across them', async () => {
    env = await startDemoEnvironment({ instances: 23, nodes: 5, seed: 'demo-test', clockMs: 0 });
    expect(Object.keys(env.providers).sort()).toEqual([...PROVIDER_IDS].sort());
    const counts = await callEachProvider(env.providers);
    expect(counts).toEqual({ nim: 5, skyport: 5, zesty: 5, everypoint: 4, kianda: 4 });
    const state = (await (await fetch(`${env.simulators.skyport.server.baseUrl}/__sim/state`)).json()) as any;
    expect(state.nodes).toBe(2);
    const urls = PROVIDER_IDS.map((id) => env!.providers[id].account.baseUrl);
    await env.close();
    for (const u of urls) expect(await portIsClosed(u)).toBe(true);
  });

  it('listens on the requested ports, and refuses a taken one after closing what it started', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await startDemoEnvironment({ instances: 5, clockMs: 0, ports: { kianda: taken } }).then(
        () => undefined,
        (e) => e,
      );
      expect(err).toBeInstanceOf(HangarError);
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain(String(taken));
    } finally {
      blocker.close();
    }
    const free = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    env = await startDemoEnvironment({ instances: 5, clockMs: 0, ports: { everypoint: free } });
    expect(env.providers.everypoint.baseUrl).toBe(`http://127.0.0.1:${free}/v3`);
  });

  it('refuses negative or fractional sizes', async () => {
    await expect(startDemoEnvironment({ instances: -1 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(startDemoEnvironment({ nodes: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('hangar demo serve (black box)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints the providers as one JSON line, serves them, and shuts everything down on SIGTERM', async () => {
    child = spawn(process.execPath, ['bin/hangar.cjs', 'demo', 'serve', '--json', '--instances', '25', '--nodes', '4', '--nginx', '1', '--clock-ms', '200'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const firstLine = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child!.stdout! });
      rl.once('line', (l) => {
        rl.close();
        resolve(l);
      });
      void exited.then((e) => reject(new Error(`exited early (${JSON.stringify(e)}): ${stderr}`)));
    });
    const out = JSON.parse(firstLine) as DemoEnvironment['providers'] & { nginx: { pid: number; url: string }[] };
    for (const id of PROVIDER_IDS) {
      expect(out[id].baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(out[id].account).toMatchObject({ baseUrl: expect.any(String), authMethod: expect.any(String), fields: expect.any(Object), secrets: expect.any(Object) });
    }
    const counts = await callEachProvider(out);
    expect(counts).toEqual({ nim: 5, skyport: 5, zesty: 5, everypoint: 5, kianda: 5 });

    // nginx is installed on the machines this project is tested on (Debian's nginx-light).
    expect(out.nginx).toHaveLength(1);
    expect((await fetch(out.nginx[0].url)).status).toBeLessThan(500);
    expect(isAlive(out.nginx[0].pid)).toBe(true);

    // A shutdown that hangs fails on the test's own timeout.
    child.kill('SIGTERM');
    const { code, signal } = await exited;
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const urls = [...PROVIDER_IDS.map((id) => out[id].account.baseUrl), ...out.nginx.map((n) => n.url)];
    for (const u of urls) expect(await portIsClosed(u)).toBe(true);
    for (const n of out.nginx) expect(isAlive(n.pid)).toBe(false);
  }, 90_000);
});
