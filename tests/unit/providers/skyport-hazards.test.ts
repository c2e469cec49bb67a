/**
 * The Skyport panel's ContainerId hazards (apis.md Q4, §3.6b), end to end against the simulator in quirks mode:
 * what the real panel does, and what the provider refuses or reports instead of a false success.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SkyportProvider } from '../../../electron/main/core/providers/skyport/index';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport/index';
import { caught, providerContext } from '../../support/provider-context';

let sim: SkyportSimulator;
let provider: SkyportProvider;

/** Deploys an instance that stays INSTALLING (no ContainerId) until the test settles it. */
function installing(name: string, nodeId?: string): string {
  const node = nodeId ?? sim.store.listNodes().find((n) => n?.status === 'Online')!.id;
  const r = sim.store.deploy(
    { image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', memory: 1024, cpu: 1, ports: '25565:30001', nodeId: node, name, user: sim.store.users[0].userId, primary: 0 },
    Date.now(),
  );
  if (r.kind !== 'ok') throw new Error(`deploy failed: ${r.kind}`);
  return r.id;
}

const listed = () => new Set(sim.store.listInstances().map((i) => i.Id));
const ready = () => sim.store.listInstances().filter((i) => i.InternalState === 'READY' && i.Node.status === 'Online' && !i.suspended);

beforeEach(async () => {
  sim = await startSkyportSimulator({ seed: 'hazards', instances: 12, nodes: 4, rateLimit: false, installMs: 3_600_000 });
  // Seeded installs settle now, so the only instances without a container are the ones a test deploys.
  sim.store.settle(Number.POSITIVE_INFINITY);
  provider = new SkyportProvider(providerContext('skyport', sim.account, { id: 'acc-sky', http: { backoffMs: 20 } }).ctx);
});

afterEach(async () => {
  await provider.close();
  await sim.close();
});

describe('the simulator reproduces the real panel', () => {
  it('deleting an instance without a ContainerId calls /instances/undefined/delete and drops every such instance; its record survives', async () => {
    const a = installing('a');
    const b = installing('b');
    const del = await fetch(`${sim.baseUrl}/api/instance/delete`, {
      method: 'DELETE',
      headers: { 'x-api-key': sim.account.secrets.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ id: a }),
    });
    expect(del.status).toBe(200);
    expect(listed().has(a)).toBe(false);
    expect(listed().has(b)).toBe(false);
    expect(sim.store.daemonDeletes.get('/instances/undefined/delete')).toBe(1);
    expect(sim.store.instanceRecord(a)).toBeDefined();
    const again = await fetch(`${sim.baseUrl}/api/instance/delete`, {
      method: 'DELETE',
      headers: { 'x-api-key': sim.account.secrets.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ id: a }),
    });
    expect(again.status).toBe(200);
    expect(sim.store.daemonDeletes.get('/instances/undefined/delete')).toBe(2);
  });

  it('suspend flags the per-id record, and in the global list the first entry with the same ContainerId', async () => {
    const a = installing('a');
    const b = installing('b');
    const res = await fetch(`${sim.baseUrl}/api/instances/suspend/${b}`, { method: 'POST', headers: { 'x-api-key': sim.account.secrets.apiKey } });
    expect(res.status).toBe(500);
    expect(sim.store.instanceRecord(b)!.suspended).toBe(true);
    const global = new Map(sim.store.listInstances().map((i) => [i.Id, i]));
    expect(global.get(b)!.suspended).toBeFalsy();
    expect(global.get(a)!.suspended).toBe(true);
  });

  it('a daemon registering makes a node "Configured"', async () => {
    const unconfigured = sim.store.listNodes().find((n) => n?.status === 'Unconfigured')!;
    const res = await fetch(`${sim.baseUrl}/nodes/configure?configureKey=${unconfigured.configureKey}&accessKey=k-123`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(sim.store.listNodes().find((n) => n?.id === unconfigured.id)).toMatchObject({ status: 'Configured', apiKey: 'k-123', configureKey: null });
  });
});

describe('delete', () => {
  it('refuses an instance without a ContainerId, naming the others the panel would remove; nothing is sent', async () => {
    const a = installing('web-a');
    const b = installing('web-b');
    const e = await caught(provider.actInstance('delete', a, {}));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('/instances/undefined/delete');
    expect(e.message).toContain(`web-b (${b})`);
    expect(e.message).toMatch(/--force/);
    expect(e.details).toMatchObject({ reason: 'NO_CONTAINER_ID', force: 'force', count: 1, wouldAlsoRemove: [{ id: b, name: 'web-b' }] });
    expect(listed().has(a) && listed().has(b)).toBe(true);
    expect(sim.store.daemonDeletes.size).toBe(0);
  });

  it('with force, deletes and reports every other instance that disappeared', async () => {
    const a = installing('web-a');
    const b = installing('web-b');
    const c = installing('web-c');
    const r = await provider.actInstance('delete', a, { force: true });
    expect(r.deletedId).toBe(a);
    expect(r.confirmedBy).toBe('reread');
    expect(new Set(r.removedIds)).toEqual(new Set([b, c]));
    expect(r.warning).toMatch(/also removed 2 other instances/);
    expect(r.message).toContain(`web-b (${b})`);
    expect(r.message).toContain(`web-c (${c})`);
  });

  it('a READY instance is deleted without force; deleting it again is NOT_FOUND and the daemon is not called again', async () => {
    const target = ready()[0];
    const r = await provider.actInstance('delete', target.Id, {});
    expect(r).toMatchObject({ deletedId: target.Id, confirmedBy: 'reread' });
    expect(r.removedIds).toBeUndefined();
    expect(r.warning).toBeUndefined();
    const calls = sim.store.daemonDeletes.get(`/instances/${target.ContainerId}/delete`);
    expect(calls).toBe(1);
    const again = await caught(provider.actInstance('delete', target.Id, {}));
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toMatch(/not in the panel's instance list/);
    expect(sim.store.daemonDeletes.get(`/instances/${target.ContainerId}/delete`)).toBe(1);
  });
});

describe('suspend / unsuspend', () => {
  it('reports the mismatch when the panel flags another installing instance, naming it', async () => {
    const a = installing('first');
    const b = installing('second');
    const r = await provider.actInstance('suspend', b, {});
    expect(r.mismatch).toMatchObject({ what: 'suspended flag', record: 'suspended', list: 'not suspended', instead: [{ id: a, name: 'first' }] });
    expect(r.confirmedByReread).toBeUndefined();
    expect(r.warning).toContain(`first (${a})`);
    expect(r.warning).toMatch(/records disagree/);
    expect(r.message).toBe(r.warning);
    // The result carries the state the list (and so sync) shows: b not suspended, a suspended.
    expect(r.instance).toMatchObject({ id: b, status: 'installing' });
    expect(r.affected?.map((i) => [i.id, i.status])).toEqual([[a, 'suspended']]);
  });

  it('confirms against both the record and the list when they agree', async () => {
    const target = ready()[0];
    const s = await provider.actInstance('suspend', target.Id, {});
    expect(s.mismatch).toBeUndefined();
    expect(s).toMatchObject({ confirmedBy: 'reread', confirmedByReread: true, instance: { id: target.Id, status: 'suspended' } });
    const u = await provider.actInstance('unsuspend', target.Id, {});
    expect(u.mismatch).toBeUndefined();
    expect(u.instance?.status).toBe('running');
  });

  it('unsuspend of the wrong entry is reported too', async () => {
    const a = installing('first');
    const b = installing('second');
    await provider.actInstance('suspend', a, {});
    const r = await provider.actInstance('unsuspend', b, {});
    // b was never suspended in the list; the panel unflagged a's list entry instead.
    expect(r.mismatch?.instead).toEqual([{ id: a, name: 'first' }]);
    expect(r.affected?.[0]).toMatchObject({ id: a, status: 'installing' });
  });
});

describe('nodes', () => {
  it('refuses to delete a node that still has instances, naming them; force deletes and warns', async () => {
    const nodes = await provider.listNodes();
    const busy = nodes.find((n) => sim.store.listInstances().some((i) => i.Node.id === n.id))!;
    const on = sim.store.listInstances().filter((i) => i.Node.id === busy.id);
    const e = await caught(provider.actNode('delete', busy.id, {}));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain(`still has ${on.length} instance`);
    expect(e.message).toContain(on[0].Id);
    expect(e.details).toMatchObject({ reason: 'NODE_HAS_INSTANCES', count: on.length });
    expect(sim.store.listNodes().some((n) => n?.id === busy.id)).toBe(true);
    const r = await provider.actNode('delete', busy.id, { force: true });
    expect(r).toMatchObject({ deletedId: busy.id, confirmedBy: 'reread' });
    expect(r.warning).toMatch(/still point at the deleted node/);
    expect(sim.store.listNodes().some((n) => n?.id === busy.id)).toBe(false);
  });

  it('a node without instances is deleted without force', async () => {
    const idle = sim.store.listNodes().find((n) => n && !sim.store.listInstances().some((i) => i.Node.id === n.id))!;
    const r = await provider.actNode('delete', idle.id, {});
    expect(r.deletedId).toBe(idle.id);
    expect(r.warning).toBeUndefined();
  });

  it('"Configured" (the daemon registered, not checked since) is not shown as unconfigured', async () => {
    const unconfigured = sim.store.listNodes().find((n) => n?.status === 'Unconfigured')!;
    sim.store.configureNode(unconfigured.configureKey!, 'daemon-key-1');
    const node = (await provider.listNodes()).find((n) => n.id === unconfigured.id)!;
    expect(node.status).not.toBe('unconfigured');
    expect(node).toMatchObject({ status: 'unknown', rawStatus: 'Configured' });
    expect(JSON.stringify(node)).not.toContain('daemon-key-1');
  });
});
