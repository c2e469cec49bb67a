import { describe, expect, it } from 'vitest';
import { accountState, buildSummary, worstState } from '../../../electron/main/core/monitor/summary';
import { buildTrayModel, notificationFor, routeFor, type TrayMenuItem } from '../../../electron/main/core/monitor/tray-model';
import type { Alert } from '../../../shared/contract';

const alert = (id: number, over: Partial<Alert> = {}): Alert => ({
  id,
  at: '2026-03-01T10:15:00.000Z',
  accountId: 'a1',
  accountName: 'Prod NIM',
  kind: 'node.status',
  severity: 'error',
  targetKind: 'node',
  targetId: 'n1',
  targetName: 'edge-1',
  title: 'Node edge-1 went offline',
  message: 'Node edge-1: online → offline',
  route: '/monitor?account=a1&node=n1',
  notified: true,
  state: 'open',
  resolvedAt: null,
  ...over,
});

const zero = { instances: 0, running: 0, down: 0, failed: 0, nodes: 0, nodesOffline: 0 };

describe('tray state', () => {
  it('ranks account states and takes the worst; offline only when every account is', () => {
    expect(accountState('ok', { failed: 0, nodesOffline: 0 })).toBe('ok');
    expect(accountState('stale', { failed: 0, nodesOffline: 0 })).toBe('warning');
    expect(accountState('ok', { failed: 1, nodesOffline: 0 })).toBe('warning');
    expect(accountState('ok', { failed: 0, nodesOffline: 2 })).toBe('warning');
    expect(accountState('auth_failed', { failed: 0, nodesOffline: 0 })).toBe('error');
    expect(accountState('offline', { failed: 0, nodesOffline: 0 })).toBe('offline');
    expect(worstState([])).toBe('ok');
    expect(worstState(['ok', 'warning'])).toBe('warning');
    expect(worstState(['ok', 'offline'])).toBe('error');
    expect(worstState(['warning', 'error', 'ok'])).toBe('error');
    expect(worstState(['offline', 'offline'])).toBe('offline');
  });
});

describe('tray menu', () => {
  const accounts = [
    { id: 'a1', name: 'Prod NIM', environment: 'prod', provider: 'nim' },
    { id: 'a2', name: 'Prod panel', environment: 'prod', provider: 'skyport' },
    { id: 'a3', name: 'Dev EP', environment: 'dev', provider: 'everypoint' },
  ];
  const summary = buildSummary(
    accounts,
    new Map([
      ['a1', 'ok'],
      ['a2', 'offline'],
      ['a3', 'ok'],
    ]),
    new Map([
      ['a1', { ...zero, instances: 12, running: 10, down: 2, failed: 1, nodes: 3, nodesOffline: 1 }],
      ['a3', { ...zero, instances: 4, running: 4 }],
    ]),
    [alert(3), alert(2, { title: 'web-1 is stopped', route: '/fleet?account=a1&focus=i1&search=web-1' })],
  );

  it('summarises mixed states: each environment with its accounts, counts and state', () => {
    expect(summary.state).toBe('error');
    expect(summary.headline).toBe('3 accounts · 1 unreachable · 2 instances down · 1 node offline');
    const model = buildTrayModel(summary, 'darwin');
    expect(model.icon).toBe('error-16.png');
    expect(buildTrayModel(summary, 'linux').icon).toBe('error-32.png');
    const labels = (items: TrayMenuItem[]) => items.map((i) => (i.separator ? '---' : i.label));
    expect(labels(model.menu)).toEqual([
      'Hangar — 3 accounts · 1 unreachable · 2 instances down · 1 node offline',
      '---',
      '✖ prod — 2 accounts, 12 instances, 2 down',
      '● dev — 1 account, 4 instances',
      '---',
      'Recent alerts',
      '---',
      'Refresh all',
      'Open Hangar',
      'Quit',
    ]);
    const prod = model.menu.find((i) => i.id === 'env:prod')!;
    expect(labels(prod.submenu!)).toEqual(['▲ Prod NIM — 12 instances, 2 down, 1 node offline', '○ Prod panel — unreachable']);
    expect(prod.submenu![1]!.action).toEqual({ type: 'openAccount', accountId: 'a2' });
    const recent = model.menu.find((i) => i.id === 'alerts')!.submenu!;
    expect(labels(recent)).toEqual(['10:15 Node edge-1 went offline', '10:15 web-1 is stopped', '---', 'All alerts…']);
    expect(routeFor(recent[1]!.action!)).toBe('/fleet?account=a1&focus=i1&search=web-1');
    expect(routeFor({ type: 'openAccount', accountId: 'a2' })).toBe('/fleet?account=a2');
    expect(routeFor({ type: 'quit' })).toBeUndefined();
  });

  it('with no accounts: ok, nothing to refresh, no alerts', () => {
    const model = buildTrayModel(buildSummary([], new Map(), new Map(), []));
    expect(model.state).toBe('ok');
    expect(model.menu.find((i) => i.id === 'refresh')!.enabled).toBe(false);
    expect(model.menu.find((i) => i.id === 'alerts')!.label).toBe('No recent alerts');
  });

  it('a notification carries the alert and the route its click opens', () => {
    expect(notificationFor(alert(1))).toEqual({
      title: 'Node edge-1 went offline',
      body: 'Prod NIM — Node edge-1: online → offline',
      route: '/monitor?account=a1&node=n1',
      urgency: 'critical',
    });
    expect(routeFor({ type: 'alert', alert: alert(1) })).toBe('/monitor?account=a1&node=n1');
  });
});
