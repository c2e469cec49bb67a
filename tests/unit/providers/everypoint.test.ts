import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEveryPointProvider } from '../../../electron/main/core/providers/everypoint';
import { codeForEveryPointError } from '../../../electron/main/core/providers/everypoint/errors';
import type { Provider } from '../../../electron/main/core/providers/types';
import { startEveryPointSimulator } from '../../../electron/simulators/everypoint';
import type { RunningSimulator, SimAccount } from '../../../electron/simulators/kit/types';
import { caught, providerContext, type ProviderContextOverrides } from '../../support/provider-context';

const KEY = 'ep-key-under-test';
const SECRET = 'ep-secret-under-test-0123456789';

function contextFor(sim: SimAccount, overrides: ProviderContextOverrides = {}) {
  return providerContext('everypoint', sim, { id: 'acct-ep', http: { retries: 0 }, ...overrides });
}

let sim: RunningSimulator;
const open: Provider[] = [];
function provider(overrides?: ProviderContextOverrides) {
  const made = contextFor(sim.account, overrides);
  const p = createEveryPointProvider(made.ctx);
  open.push(p);
  return { p, lines: made.lines };
}

beforeAll(async () => {
  sim = await startEveryPointSimulator({ seed: 'provider', instances: 40, key: KEY, secret: SECRET });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});
afterAll(() => sim.close());

describe('EveryPoint provider', () => {
  it('tests the connection and lists every instance with its details', async () => {
    const { p } = provider();
    expect((await p.test()).summary).toBe('40 instances');
    const list = await p.listInstances();
    expect(list).toHaveLength(40);
    const def = list.find((i) => i.id === 'default')!;
    expect(def).toMatchObject({
      accountId: 'acct-ep',
      provider: 'everypoint',
      name: 'default',
      status: 'running',
      description: 'The default instance provided by the API.',
      address: '/instances/default',
      raw: { uri: '/instances/default', name: 'default' },
    });
    for (const i of list) expect(i.description).toBeTruthy();
  });

  it('lists 2,000 instances through bounded concurrency', async () => {
    const big = await startEveryPointSimulator({ seed: 'big', instances: 2000 });
    try {
      const { ctx } = contextFor(big.account);
      const p = createEveryPointProvider(ctx);
      open.push(p);
      const list = await p.listInstances();
      expect(list).toHaveLength(2000);
      expect(new Set(list.map((i) => i.id)).size).toBe(2000);
    } finally {
      await big.close();
    }
  });

  it('creates, renames, updates and deletes an instance', async () => {
    const { p } = provider();
    const created = await p.actInstance('create', undefined, { name: 'prov-test', description: 'made by the test' });
    expect(created.instance).toMatchObject({ id: 'prov-test', description: 'made by the test' });

    const renamed = await p.actInstance('rename', 'prov-test', { name: 'prov-test-2' });
    expect(renamed.instance).toMatchObject({ id: 'prov-test-2', address: '/instances/prov-test-2' });
    expect((await caught(p.getInstance('prov-test'))).code).toBe('NOT_FOUND');

    const updated = await p.actInstance('update', 'prov-test-2', { description: 'changed' });
    expect(updated.instance?.description).toBe('changed');
    expect((await p.getInstance('prov-test-2')).description).toBe('changed');

    const deleted = await p.actInstance('delete', 'prov-test-2', {});
    expect(deleted.message).toMatch(/Deleted/);
    expect((await caught(p.getInstance('prov-test-2'))).code).toBe('NOT_FOUND');
  });

  it('maps API refusals to typed errors', async () => {
    const { p } = provider();
    expect((await caught(p.actInstance('create', undefined, { name: 'Bad Name', description: 'x' }))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('create', undefined, { name: 'ok-name' }))).code).toBe('VALIDATION');
    await p.actInstance('create', undefined, { name: 'taken', description: 'x' });
    const dup = await caught(p.actInstance('create', undefined, { name: 'taken', description: 'again' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toMatch(/already exists.*1003/);
    expect((await caught(p.actInstance('delete', 'default', {}))).code).toBe('FORBIDDEN');
    expect((await caught(p.actInstance('rename', 'default', { name: 'primary' }))).code).toBe('FORBIDDEN');
    expect((await caught(p.getInstance('no-such-instance'))).code).toBe('NOT_FOUND');
    expect((await caught(p.getInstance('../etc'))).code).toBe('VALIDATION');
    expect((await caught(p.actInstance('suspend', 'default', {}))).code).toBe('UNSUPPORTED');
  });

  it('maps the documented codes (and status refinements) to shared codes', () => {
    expect(codeForEveryPointError(1000, 401)).toBe('AUTH');
    expect(codeForEveryPointError(1001, 401)).toBe('AUTH');
    expect(codeForEveryPointError(1002, 404)).toBe('NOT_FOUND');
    expect(codeForEveryPointError(1003, 400)).toBe('VALIDATION');
    expect(codeForEveryPointError(1003, 409)).toBe('CONFLICT');
    expect(codeForEveryPointError(1004, 405)).toBe('UNSUPPORTED');
    expect(codeForEveryPointError(2001, 404)).toBe('NOT_FOUND');
    expect(codeForEveryPointError(2001, 403)).toBe('FORBIDDEN');
    expect(codeForEveryPointError(2000, 400)).toBe('CONFLICT');
    expect(codeForEveryPointError(9999, 500)).toBe('SERVER');
  });

  it('answers AUTH for a wrong secret, without the secret in the error or the logs', async () => {
    const wrong = 'totally-wrong-secret-value';
    const { p, lines } = provider({ secrets: { password: wrong } });
    const err = await caught(p.test());
    expect(err.code).toBe('AUTH');
    expect(err.message).toMatch(/1001/);
    const b64 = Buffer.from(`${KEY}:${wrong}`).toString('base64');
    for (const text of [err.message, JSON.stringify(err.toInfo()), ...lines]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(b64);
      expect(text).not.toContain(SECRET);
    }
    expect(lines.length).toBeGreaterThan(0);
  });

  it('answers AUTH when the secret is missing, before any request', async () => {
    const { p } = provider({ secrets: {} });
    expect((await caught(p.listInstances())).code).toBe('AUTH');
  });

  it('treats a {success:false} body as an error even with status 200, and a bad shape as BAD_RESPONSE', async () => {
    const http = await import('node:http');
    const bodies = [
      JSON.stringify({ success: false, code: 1001, message: 'Incorrect Authorization header' }),
      JSON.stringify({ ok: true }),
      JSON.stringify({ success: true, data: { instances: [42] } }),
    ];
    let n = 0;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bodies[n++ % bodies.length]);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as import('node:net').AddressInfo).port;
      const { p } = provider({ baseUrl: `http://127.0.0.1:${port}/v3` });
      expect((await caught(p.listInstances())).code).toBe('AUTH');
      expect((await caught(p.listInstances())).code).toBe('BAD_RESPONSE');
      expect((await caught(p.listInstances())).code).toBe('BAD_RESPONSE');
    } finally {
      server.close();
    }
  });

  it('leaves out an instance deleted between the list and its detail call', async () => {
    const churn = await startEveryPointSimulator({ seed: 'churn', instances: 30 });
    try {
      const { ctx } = contextFor(churn.account);
      const auth = `Basic ${Buffer.from(`${churn.account.fields.username}:${churn.account.secrets.password}`).toString('base64')}`;
      const uris = ((await (await fetch(`${churn.baseUrl}/instances`, { headers: { authorization: auth } })).json()) as any).data.instances as string[];
      const victim = uris[uris.length - 1];
      // Real HTTP throughout; the test only deletes the victim on the server right after the list call went out.
      let requests = 0;
      const http = ctx.http;
      ctx.http = (o) =>
        http({
          ...o,
          auth: {
            apply: async (headers) => {
              if (++requests === 2) await fetch(`${churn.baseUrl}${victim}`, { method: 'DELETE', headers: { authorization: auth } });
              await o.auth!.apply(headers);
            },
          },
        });
      const p = createEveryPointProvider(ctx);
      open.push(p);
      const list = await p.listInstances();
      expect(requests).toBe(31);
      expect(list.map((i) => i.address)).not.toContain(victim);
      expect(list.length).toBe(29);
    } finally {
      await churn.close();
    }
  });
});
