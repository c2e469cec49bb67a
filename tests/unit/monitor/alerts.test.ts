import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../../electron/main/core/activity/store';
import { openDatabase, type OpenedDatabase } from '../../../electron/main/core/cache/db';
import { AlertEngine } from '../../../electron/main/core/monitor/alert-engine';
import { AlertStore } from '../../../electron/main/core/monitor/alert-store';
import { inQuietHours, localMinutes, shouldNotify, subscribed, thresholdStep } from '../../../electron/main/core/monitor/decide';
import { Emitter } from '../../../electron/main/core/util/emitter';
import { createLogger, silentSink } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';
import type { HangarEvent } from '../../../shared/events';
import { insertAccount } from '../cache/support/fleet';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('alert decisions', () => {
  it('thresholds fire once per crossing, re-arming only below the hysteresis line', () => {
    const t = { above: 90, clearBelow: 80 };
    let armed = true;
    const fired: number[] = [];
    for (const v of [50, 91, 95, 89, 92, 85, 81, 93, 79, 91, 99]) {
      const s = thresholdStep(armed, v, t);
      armed = s.armed;
      if (s.fire) fired.push(v);
    }
    expect(fired).toEqual([91, 91]);
  });

  it('quiet hours wrap midnight; equal ends mean none', () => {
    const q = { enabled: true, start: '22:00', end: '07:00' };
    expect(inQuietHours(23 * 60, q)).toBe(true);
    expect(inQuietHours(3 * 60, q)).toBe(true);
    expect(inQuietHours(7 * 60, q)).toBe(false);
    expect(inQuietHours(12 * 60, q)).toBe(false);
    expect(inQuietHours(12 * 60, { ...q, start: '09:00', end: '17:00' })).toBe(true);
    expect(inQuietHours(23 * 60, { ...q, enabled: false })).toBe(false);
    expect(inQuietHours(23 * 60, { ...q, start: '07:00' })).toBe(false);
    expect(localMinutes(Date.parse('2026-03-01T23:30:00Z'), 60)).toBe(30);
    expect(localMinutes(Date.parse('2026-03-01T00:30:00Z'), -60)).toBe(23 * 60 + 30);
  });

  it('subscriptions per account override the "*" list', () => {
    const settings = {
      subscriptions: { '*': ['node.status' as const], a1: ['instance.status' as const] },
      quietHours: { enabled: true, start: '22:00', end: '07:00' },
    };
    expect(subscribed(settings, 'a1', 'instance.status')).toBe(true);
    expect(subscribed(settings, 'a1', 'node.status')).toBe(false);
    expect(subscribed(settings, 'a2', 'node.status')).toBe(true);
    expect(subscribed(settings, null, 'instance.status')).toBe(false);
    expect(shouldNotify({ accountId: 'a2', kind: 'node.status' }, settings, 12 * 60)).toBe(true);
    expect(shouldNotify({ accountId: 'a2', kind: 'node.status' }, settings, 23 * 60)).toBe(false);
  });
});

describe('AlertEngine', () => {
  let opened: OpenedDatabase | undefined;
  let dir: string | undefined;
  afterEach(() => {
    opened?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup(localMinutesAt = 12 * 60) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-alerts-'));
    opened = openDatabase(path.join(dir, 'hangar.db'), createLogger({ sink: silentSink, redactor: new Redactor() }));
    insertAccount(opened.db, { id: 'a1', name: 'Prod NIM', provider: 'nim', environment: 'prod', pollIntervalSec: 60 });
    insertAccount(opened.db, { id: 'a2', name: 'Dev panel', provider: 'skyport', environment: 'dev', pollIntervalSec: 60 });
    const store = new AlertStore(opened.db);
    const events = new Emitter<HangarEvent>();
    const raised: HangarEvent[] = [];
    events.on((e) => e.type === 'alert.raised' && raised.push(e));
    let now = T0;
    let local = localMinutesAt;
    const activity = new ActivityLog(opened.db, new Redactor());
    const engine = new AlertEngine({
      store,
      events,
      activity,
      accountName: (id) => (id === 'a1' ? 'Prod NIM' : 'Dev panel'),
      nodeName: (_a, n) => `node ${n}`,
      now: () => now,
      localMinutes: () => local,
      log: createLogger({ sink: silentSink, redactor: new Redactor() }),
    });
    engine.start();
    return {
      store,
      events,
      engine,
      activity,
      raised,
      advance: (ms: number) => (now += ms),
      setLocal: (m: number) => (local = m),
      at: () => new Date(now).toISOString(),
    };
  }

  it('alerts on every instance transition kind, down and back, and never on neutral ones', () => {
    const { events, raised, at } = setup();
    const t = (from: string | null, to: string) =>
      events.emit({ type: 'instance.statusChanged', accountId: 'a1', id: 'i1', name: 'web-1', from: from as never, to: to as never, at: at() });
    for (const to of ['stopped', 'failed', 'suspended']) {
      t('running', to);
      t(to, 'running');
    }
    t(null, 'running');
    t('installing', 'running');
    t('stopped', 'failed');
    const alerts = raised.map((e) => (e as Extract<HangarEvent, { type: 'alert.raised' }>).alert);
    expect(alerts.map((a) => a.message)).toEqual([
      'Instance web-1: running → stopped',
      'Instance web-1: stopped → running',
      'Instance web-1: running → failed',
      'Instance web-1: failed → running',
      'Instance web-1: running → suspended',
      'Instance web-1: suspended → running',
    ]);
    expect(alerts.map((a) => a.severity)).toEqual(['warning', 'info', 'error', 'info', 'warning', 'info']);
    expect(alerts[0]!.route).toBe('/fleet?account=a1&focus=i1&search=web-1');
  });

  it('node online ↔ offline, once per transition even when the event repeats', () => {
    const { events, raised, at, store } = setup();
    const e = { type: 'node.statusChanged' as const, accountId: 'a2', id: 'n1', name: 'edge-1', from: 'online' as const, to: 'offline' as const, at: at() };
    events.emit(e);
    events.emit(e);
    events.emit({ ...e, from: 'offline', to: 'online' });
    expect(raised).toHaveLength(2);
    expect(store.list({ offset: 0, limit: 10 }).total).toBe(2);
  });

  it('an account unreachable longer than N minutes alerts once per outage; sign-in failure once per streak', () => {
    const { events, engine, raised, advance, store } = setup();
    store.updateSettings({ unreachableMinutes: 10 });
    events.emit({ type: 'connectivity.changed', accountId: 'a1', online: false, message: 'connect ECONNREFUSED' });
    advance(9 * 60_000);
    expect(engine.tick()).toHaveLength(0);
    advance(2 * 60_000);
    expect(engine.tick()).toHaveLength(1);
    advance(5 * 60_000);
    expect(engine.tick()).toHaveLength(0);
    events.emit({ type: 'connectivity.changed', accountId: 'a1', online: true });
    events.emit({ type: 'connectivity.changed', accountId: 'a1', online: false });
    advance(11 * 60_000);
    expect(engine.tick()).toHaveLength(1);

    events.emit({ type: 'sync.state', accountId: 'a2', state: 'auth_failed', message: 'API key refused' });
    events.emit({ type: 'sync.state', accountId: 'a2', state: 'syncing' });
    events.emit({ type: 'sync.state', accountId: 'a2', state: 'auth_failed', message: 'API key refused' });
    events.emit({ type: 'sync.state', accountId: 'a2', state: 'ok' });
    advance(1000);
    events.emit({ type: 'sync.state', accountId: 'a2', state: 'auth_failed' });
    const kinds = raised.map((e) => (e as Extract<HangarEvent, { type: 'alert.raised' }>).alert.kind);
    expect(kinds).toEqual(['account.unreachable', 'account.unreachable', 'account.auth', 'account.auth']);
  });

  it('thresholds per account and per node fire once per crossing, and say which are crossed', () => {
    const { engine, store, raised } = setup();
    store.updateSettings({
      thresholds: [
        { id: 'cpu-all', metric: 'cpu', above: 80, clearBelow: 70 },
        { id: 'mem-n2', metric: 'memory', above: 50, accountId: 'a1', nodeId: 'n2' },
      ],
    });
    for (const v of [50, 85, 90, 75, 88, 60, 95]) engine.onReadings('a1', 'n1', { cpu: v, memory: 99 });
    expect(raised).toHaveLength(2);
    expect(engine.crossed('a1', 'n1')).toEqual(['cpu']);
    engine.onReadings('a1', 'n2', { memory: 60 });
    engine.onReadings('a1', 'n2', { memory: 61 });
    engine.onReadings('a2', 'n2', { memory: 99 });
    expect(raised).toHaveLength(3);
    const alert = (raised[2] as Extract<HangarEvent, { type: 'alert.raised' }>).alert;
    expect(alert.title).toBe('node n2: memory 60 above 50');
    expect(alert.route).toBe('/monitor?account=a1&node=n2');
  });

  it('marks alerts notified only when subscribed and outside quiet hours; every alert reaches the activity log', () => {
    const { events, raised, store, setLocal, at, activity } = setup();
    store.updateSettings({ subscriptions: { '*': ['node.status'], a1: [] }, quietHours: { enabled: true, start: '22:00', end: '07:00' } });
    const node = (accountId: string, id: string) =>
      events.emit({ type: 'node.statusChanged', accountId, id, name: id, from: 'online', to: 'offline', at: at() });
    node('a2', 'n1');
    node('a1', 'n2');
    setLocal(23 * 60);
    node('a2', 'n3');
    events.emit({ type: 'instance.statusChanged', accountId: 'a2', id: 'i', name: 'i', from: 'running', to: 'failed', at: at() });
    const notified = raised.map((e) => (e as Extract<HangarEvent, { type: 'alert.raised' }>).alert.notified);
    expect(notified).toEqual([true, false, false, false]);
    const log = activity.list({ kinds: ['alert'], offset: 0, limit: 10 });
    expect(log.total).toBe(4);
    expect(log.rows.map((r) => r.action)).toContain('alert.node.status');
  });
});
