import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstanceDetail, NodeDetail } from '../../../shared/contract';
import type { Account, ActionResult, Instance, MetricSeries, Ref } from '../../../shared/model';
import type { ActionDone } from '../../../electron/main/core/fleet/handlers';
import { startHarness, type Harness, type HarnessOptions } from './support/harness';
import { startTinyApi, tinyFactories, type TinyApi, type TinyFactoryOptions } from './support/tiny-api';

// instances.* / nodes.* live through the provider pool, gated by capabilities; real SQLite, keychain, loopback API.

let api: TinyApi;
let h: Harness;
let actions: ActionDone[];

async function setUp(options: Partial<HarnessOptions> = {}, factoryOptions: TinyFactoryOptions = {}) {
  h = startHarness({
    factories: tinyFactories(['nim', 'skyport', 'everypoint'], factoryOptions),
    afterAction: (d) => actions.push(d),
    ...options,
  });
}

beforeEach(async () => {
  api = await startTinyApi({ username: 'admin', password: `pw-${randomUUID()}`, apiKey: `key-${randomUUID()}`, token: `tok-${randomUUID()}` });
  actions = [];
});

afterEach(async () => {
  await h?.close();
  await api.close();
});

async function addAccount(provider: 'nim' | 'skyport' | 'everypoint'): Promise<Account> {
  const auth =
    provider === 'skyport'
      ? { authMethod: 'apiKey', fields: {}, secrets: { apiKey: api.credentials.apiKey } }
      : { authMethod: 'basic', fields: { username: 'admin' }, secrets: { password: api.credentials.password } };
  return h.value<Account>('accounts.add', { name: provider, provider, baseUrl: api.baseUrl, environment: 'dev', ...auth });
}

describe('instances.get', () => {
  it('reads live through the provider and lists the provider’s capabilities', async () => {
    await setUp();
    const sky = await addAccount('skyport');
    const detail = await h.value<InstanceDetail>('instances.get', { accountId: sky.id, id: 'i-2' });
    expect(detail).toMatchObject({ source: 'live', instance: { id: 'i-2', name: 'web-2', status: 'running', accountId: sky.id } });
    expect(detail.capabilities).toContain('instances.suspend');
    expect(detail.asOf).toMatch(/^\d{4}-/);
    expect(await h.call('instances.get', { accountId: sky.id, id: 'i-404' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.call('instances.get', { accountId: 'nope', id: 'i-1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers from the optional cache fallback when the API cannot be reached, and only then', async () => {
    const asked: Ref[] = [];
    await setUp({
      cachedInstance: async (ref) => {
        asked.push(ref);
        if (ref.id !== 'i-1') return undefined;
        const instance: Instance = { accountId: ref.accountId, provider: 'nim', id: 'i-1', name: 'cached web-1', status: 'running', raw: {} };
        return { value: instance, asOf: '2026-01-01T00:00:00.000Z' };
      },
    });
    const nim = await addAccount('nim');
    expect(await h.value<InstanceDetail>('instances.get', { accountId: nim.id, id: 'i-1' })).toMatchObject({ source: 'live' });
    api.credentials.password = 'changed';
    // A refused sign-in is not hidden behind the cache.
    expect(await h.call('instances.get', { accountId: nim.id, id: 'i-1' })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    expect(asked).toEqual([]);

    await api.close();
    const cached = await h.value<InstanceDetail>('instances.get', { accountId: nim.id, id: 'i-1' });
    expect(cached).toEqual({
      instance: expect.objectContaining({ name: 'cached web-1' }),
      capabilities: expect.arrayContaining(['configs.publish']),
      source: 'cache',
      asOf: '2026-01-01T00:00:00.000Z',
    });
    // Not in the cache either: the live error stands.
    expect(await h.call('instances.get', { accountId: nim.id, id: 'i-9' })).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(asked.map((r) => r.id)).toEqual(['i-1', 'i-9']);
  });
});

describe('instances.act', () => {
  it('runs a supported action and tells the afterAction hook', async () => {
    await setUp();
    const sky = await addAccount('skyport');
    const res = await h.value<ActionResult>('instances.act', { accountId: sky.id, id: 'i-1', action: 'suspend' });
    expect(res.instance).toMatchObject({ id: 'i-1', status: 'suspended' });
    expect(api.instances.get('i-1')?.status).toBe('suspended');
    expect(actions).toEqual([expect.objectContaining({ accountId: sky.id, kind: 'instance', action: 'suspend', id: 'i-1' })]);

    const created = await h.value<ActionResult>('instances.act', {
      accountId: sky.id,
      action: 'deploy',
      params: { name: 'new', image: 'i', imagename: 'n', nodeId: '1', user: 'u', memory: 512, cpu: 1, ports: '80:8080', primary: '8080' },
    });
    expect(created.instance).toMatchObject({ name: 'new', status: 'installing' });
  });

  it('an action the provider does not offer is UNSUPPORTED before any call to the API', async () => {
    await setUp({}, { without: ['instances.delete'] });
    const ep = await addAccount('everypoint');
    const before = api.server.requestCount;
    // Not in the EveryPoint descriptor at all:
    expect(await h.call('instances.act', { accountId: ep.id, id: 'i-1', action: 'suspend' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED', message: expect.stringContaining('instances.suspend') },
    });
    // In the descriptor, but this provider build does not declare it:
    expect(await h.call('instances.act', { accountId: ep.id, id: 'i-1', action: 'delete' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });
    expect(api.server.requestCount).toBe(before);
    expect(api.instances.has('i-1')).toBe(true);
    expect(actions).toEqual([]);
  });

  it('create/deploy take no id, the rest need one, and required parameters are named (VALIDATION, no call)', async () => {
    await setUp();
    const ep = await addAccount('everypoint');
    const before = api.server.requestCount;
    expect(await h.call('instances.act', { accountId: ep.id, id: 'i-1', action: 'create', params: { name: 'x', description: 'y' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('takes no id') },
    });
    expect(await h.call('instances.act', { accountId: ep.id, action: 'delete' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('needs the id') },
    });
    expect(await h.call('instances.act', { accountId: ep.id, action: 'create', params: { name: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('"description"') },
    });
    expect(await h.call('instances.act', { accountId: ep.id, action: 'explode', id: 'i-1' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(api.server.requestCount).toBe(before);

    await h.value('instances.act', { accountId: ep.id, action: 'delete', id: 'i-3' });
    expect(api.instances.has('i-3')).toBe(false);
  });
});

describe('nodes', () => {
  it('get, create, delete through the provider; metrics gated by capability', async () => {
    await setUp();
    const sky = await addAccount('skyport');
    const node = await h.value<NodeDetail>('nodes.get', { accountId: sky.id, id: 'n-1' });
    expect(node).toMatchObject({ source: 'live', node: { id: 'n-1', status: 'online' } });
    expect(node.capabilities).toContain('nodes.create');

    expect(await h.value<ActionResult>('nodes.act', { accountId: sky.id, action: 'create', params: { name: 'edge' } })).toMatchObject({
      node: { id: 'n-new', name: 'edge' },
    });
    expect(await h.call('nodes.act', { accountId: sky.id, action: 'create', id: 'n-1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await h.call('nodes.act', { accountId: sky.id, action: 'delete' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await h.value('nodes.act', { accountId: sky.id, action: 'delete', id: 'n-1' })).toMatchObject({ message: 'deleted node n-1' });
    expect(actions.map((a) => `${a.kind}:${a.action}`)).toEqual(['node:create', 'node:delete']);

    const before = api.server.requestCount;
    expect(await h.call('nodes.metrics', { accountId: sky.id, id: 'n-1' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(api.server.requestCount).toBe(before);

    const nim = await addAccount('nim');
    const series = await h.value<MetricSeries[]>('nodes.metrics', { accountId: nim.id, id: 'n-1', rangeMinutes: 30 });
    expect(series).toEqual([{ name: 'cpu', unit: '%', points: [{ t: 1, v: 0.5 }, { t: 2, v: 0.75 }] }]);
    expect(await h.call('nodes.act', { accountId: nim.id, action: 'create' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });

    const ep = await addAccount('everypoint');
    expect(await h.call('nodes.get', { accountId: ep.id, id: 'n-1' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});
