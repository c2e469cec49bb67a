import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startDemoEnvironment, type DemoEnvironment } from '../../../electron/simulators/demo';
import { addDemoAccounts } from '../../../electron/simulators/demo-accounts';
import type { Alert, MonitorSummary, NodeSeries, WorstNode } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';
import type { ProviderId } from '../../../shared/model';

/** The real core against the five simulators, their clocks stepped by hand: alerts follow what the APIs report. */
describe('monitoring against the simulators', () => {
  let demo: DemoEnvironment;
  let core: Core;
  let dir: string;
  let ids: Record<ProviderId, string>;
  const events: HangarEvent[] = [];

  async function value<T>(channel: string, input?: unknown): Promise<T> {
    const res = await core.dispatch(channel as never, input as never);
    if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`);
    return res.value as T;
  }

  beforeAll(async () => {
    demo = await startDemoEnvironment({ instances: 100, nodes: 8, seed: 'monitor', clockMs: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-monitor-'));
    core = createCore({ dataDir: dir, secretStore: new MemorySecretStore() });
    core.events.on((e) => events.push(e));
    core.monitor.alerts.start();
    ids = await addDemoAccounts(core.dispatch, demo, 60);
    await value('sync.refresh');
  });

  afterAll(async () => {
    await core?.close();
    await demo?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('collects NIM metrics and Skyport node status, and answers downsampled series per range', async () => {
    const collected = await value<{ samples: number; nodes: number }>('monitor.collect');
    expect(collected.nodes).toBeGreaterThan(0);
    expect(collected.samples).toBeGreaterThan(0);
    const nodes = await value<WorstNode[]>('monitor.worstNodes', { limit: 50 });
    const nimNode = nodes.find((n) => n.provider === 'nim' && n.status === 'online')!;
    expect(nimNode).toBeDefined();
    for (const range of ['15m', '1h', '24h', '7d'] as const) {
      const s = await value<NodeSeries>('monitor.series', { accountId: nimNode.accountId, nodeId: nimNode.nodeId, range, maxPoints: 40 });
      expect(s.state).toBe('ok');
      const cpu = s.series.find((c) => c.metric === 'cpu')!;
      expect(cpu.t.length).toBeGreaterThan(0);
      expect(cpu.t.length).toBeLessThanOrEqual(40);
      for (const c of s.series) expect(c.t.length).toBe(c.avg.length);
      expect(s.series.map((c) => c.metric)).toEqual(expect.arrayContaining(['cpu', 'memory', 'requests']));
    }
    const sky = nodes.find((n) => n.provider === 'skyport')!;
    const skySeries = await value<NodeSeries>('monitor.series', { accountId: sky.accountId, nodeId: sky.nodeId, range: '1h', maxPoints: 100 });
    expect(skySeries.offered).toEqual(['online', 'instances']);
    expect(skySeries.series.map((c) => c.metric)).toContain('online');
    expect(sky.metricsOffered).toBe(false);
  });

  it('says "not offered" for an API without node metrics, and refuses an unknown account', async () => {
    const s = await value<NodeSeries>('monitor.series', { accountId: ids.zesty, nodeId: 'x', range: '1h' });
    expect(s.state).toBe('not_offered');
    const res = await core.dispatch('monitor.series', { accountId: 'nope', nodeId: 'x', range: '1h' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('NOT_FOUND');
    const bad = await core.dispatch('monitor.series', { accountId: ids.nim, nodeId: 'x', range: '2h' } as never);
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
  });

  it('raises one alert per instance and node transition as the simulators move, each in the activity log', async () => {
    const before = events.length;
    for (let i = 0; i < 6; i++) {
      for (const sim of Object.values(demo.simulators)) sim.clock.tick(6);
      await value('sync.refresh');
    }
    const transitions = events.slice(before).filter((e) => e.type === 'instance.statusChanged' || e.type === 'node.statusChanged');
    const raised = events.slice(before).filter((e): e is Extract<HangarEvent, { type: 'alert.raised' }> => e.type === 'alert.raised');
    expect(transitions.length).toBeGreaterThan(0);
    // Exactly the transitions that go down or come back, once each.
    const expected = transitions.filter((e) =>
      e.type === 'instance.statusChanged'
        ? (e.from === 'running' && ['stopped', 'failed', 'suspended', 'offline'].includes(e.to)) ||
          (['stopped', 'failed', 'suspended', 'offline'].includes(e.from ?? '') && e.to === 'running')
        : (e.from === 'online' && e.to === 'offline') || (e.from === 'offline' && e.to === 'online'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(raised.filter((e) => e.alert.kind === 'instance.status' || e.alert.kind === 'node.status').length).toBe(expected.length);
    const keys = raised.map((e) => `${e.alert.kind}:${e.alert.targetId}:${e.alert.at}:${e.alert.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Replaying the same events stores nothing new.
    for (const e of transitions) core.monitor.alerts.onEvent(e);
    const listed = await value<{ total: number; rows: Alert[] }>('alerts.list', { limit: 1000 });
    expect(listed.total).toBe(raised.length);
    const logged = await value<{ total: number }>('activity.list', { kinds: ['alert'], limit: 1 });
    expect(logged.total).toBe(raised.length);
  });

  it('raises deployment and sign-in alerts, and summarises the fleet for the tray', async () => {
    const at = new Date().toISOString();
    // The event configs/publish.ts emits while it follows a deployment.
    const target = { accountId: ids.nim, kind: 'instance' as const, id: 'web-1' };
    const deployment = { accountId: ids.nim, id: 'd-1', status: 'failed' as const, message: 'nginx -t failed', succeeded: [], failures: [] };
    const dep = { type: 'deployment.progress' as const, accountId: ids.nim, target, deployment, at };
    const first = core.monitor.alerts.onEvent(dep);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'deployment', message: 'nginx -t failed', route: `/configs?account=${ids.nim}&kind=instance&id=web-1` });
    expect(core.monitor.alerts.onEvent(dep)).toHaveLength(0);
    expect(core.monitor.alerts.onEvent({ ...dep, deployment: { ...deployment, id: 'd-2', status: 'pending' as const } })).toHaveLength(0);

    const update = await core.dispatch('accounts.update', { id: ids.skyport, secrets: { apiKey: 'wrong-key' }, verify: false } as never);
    expect(update.ok).toBe(true);
    await value('sync.refresh', { accountId: ids.skyport });
    await value('sync.refresh', { accountId: ids.skyport });
    const auth = await value<{ rows: Alert[] }>('alerts.list', { kinds: ['account.auth'] });
    expect(auth.rows).toHaveLength(1);
    expect(auth.rows[0]!.route).toBe(`/accounts?focus=${ids.skyport}`);

    const summary = await value<MonitorSummary>('monitor.summary');
    expect(summary.accounts).toHaveLength(5);
    expect(summary.accounts.find((a) => a.accountId === ids.skyport)!.state).toBe('error');
    expect(summary.state).toBe('error');
    expect(summary.recentAlerts.length).toBeGreaterThan(0);
  });
});
