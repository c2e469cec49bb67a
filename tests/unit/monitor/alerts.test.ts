import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../../electron/main/core/activity/store';
import { openDatabase, type OpenedDatabase } from '../../../electron/main/core/cache/db';
import { MIGRATIONS } from '../../../electron/main/core/cache/migrations';
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

  it('an alert stays open while its condition lasts and is listed by object, open first when asked', () => {
    const { events, engine, store, advance, at } = setup();
    const resolved: HangarEvent[] = [];
    events.on((e) => e.type === 'alert.resolved' && resolved.push(e));
    const inst = (id: string, from: string, to: string) =>
      events.emit({ type: 'instance.statusChanged', accountId: 'a1', id, name: id, from: from as never, to: to as never, at: at() });
    inst('i1', 'running', 'stopped');
    advance(60_000);
    inst('i2', 'running', 'failed');
    const byObject = (ids: string[], state?: 'open' | 'resolved') =>
      store.list({ accountIds: ['a1'], targetKind: 'instance', targetIds: ids, ...(state ? { state } : {}), offset: 0, limit: 10 });
    expect(byObject(['i1']).rows.map((a) => [a.message, a.state, a.resolvedAt])).toEqual([['Instance i1: running → stopped', 'open', null]]);
    expect(byObject(['i1', 'i2']).total).toBe(2);
    expect(byObject(['i1'], 'resolved').total).toBe(0);

    advance(60_000);
    const backAt = at();
    inst('i1', 'stopped', 'running');
    const i1 = byObject(['i1']).rows;
    expect(i1.map((a) => [a.message, a.state])).toEqual([
      ['Instance i1: stopped → running', 'resolved'],
      ['Instance i1: running → stopped', 'resolved'],
    ]);
    expect(i1[1]!.resolvedAt).toBe(backAt);
    // Running again through a neutral step raises nothing and still ends the open alert.
    inst('i2', 'failed', 'starting');
    expect(byObject(['i2'], 'open').total).toBe(1);
    advance(1000);
    inst('i2', 'starting', 'running');
    expect(byObject(['i2'], 'open').total).toBe(0);
    expect(resolved).toEqual([{ type: 'alert.resolved', accountId: 'a1', targetKind: 'instance', targetId: 'i2', at: at() }]);

    // A threshold alert is open until the value goes back under the hysteresis line; a node's alerts are its own.
    store.updateSettings({ thresholds: [{ id: 'cpu', metric: 'cpu', above: 80, clearBelow: 70 }] });
    engine.onReadings('a1', 'n1', { cpu: 90 });
    const node = () => store.list({ accountIds: ['a1'], targetKind: 'node', targetIds: ['n1'], offset: 0, limit: 10 }).rows;
    expect(node().map((a) => a.state)).toEqual(['open']);
    engine.onReadings('a1', 'n1', { cpu: 75 });
    expect(node().map((a) => a.state)).toEqual(['open']);
    engine.onReadings('a1', 'n1', { cpu: 60 });
    expect(node().map((a) => a.state)).toEqual(['resolved']);

    // Unreachable: open until the account answers again; a deployment outcome is never open.
    store.updateSettings({ unreachableMinutes: 1 });
    events.emit({ type: 'connectivity.changed', accountId: 'a2', online: false });
    advance(2 * 60_000);
    engine.tick();
    const account = () => store.list({ targetKind: 'account', targetIds: ['a2'], offset: 0, limit: 10 }).rows.map((a) => a.state);
    expect(account()).toEqual(['open']);
    events.emit({ type: 'sync.state', accountId: 'a2', state: 'ok' });
    expect(account()).toEqual(['resolved']);
  });
});

describe('alerts stored before conditions were tracked (migration 10)', () => {
  it('recoveries, deployments and thresholds are resolved; a down alert is open unless a later alert of the same object followed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-alerts-mig-'));
    const file = path.join(dir, 'hangar.db');
    const log = createLogger({ sink: silentSink, redactor: new Redactor() });
    let opened: OpenedDatabase | undefined;
    try {
      const before = openDatabase(file, log, MIGRATIONS.slice(0, 9));
      const add = before.db.prepare(
        `INSERT INTO alerts (at, account_id, kind, severity, target_kind, target_id, title, message, route, dedupe_key) VALUES (?, 'a1', ?, ?, ?, ?, 't', 'm', '/', ?)`,
      );
      add.run('2026-03-01T10:00:00.000Z', 'instance.status', 'warning', 'instance', 'i1', 'k1');
      add.run('2026-03-01T10:05:00.000Z', 'instance.status', 'info', 'instance', 'i1', 'k2');
      add.run('2026-03-01T10:06:00.000Z', 'instance.status', 'error', 'instance', 'i2', 'k3');
      add.run('2026-03-01T10:07:00.000Z', 'deployment', 'error', 'deployment', 'd1', 'k4');
      add.run('2026-03-01T10:08:00.000Z', 'threshold', 'warning', 'node', 'n1', 'k5');
      before.close();
      opened = openDatabase(file, log);
      const rows = new AlertStore(opened.db).list({ offset: 0, limit: 10 }).rows.reverse();
      expect(rows.map((r) => [r.targetId, r.state, r.resolvedAt])).toEqual([
        ['i1', 'resolved', '2026-03-01T10:05:00.000Z'],
        ['i1', 'resolved', '2026-03-01T10:05:00.000Z'],
        ['i2', 'open', null],
        ['d1', 'resolved', '2026-03-01T10:07:00.000Z'],
        ['n1', 'resolved', '2026-03-01T10:08:00.000Z'],
      ]);
    } finally {
      opened?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
