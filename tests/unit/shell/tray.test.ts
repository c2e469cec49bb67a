import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import type { HangarEvent } from '../../../shared/events';

// A mocked electron: records what the shell asks of Tray, Menu, nativeImage and Notification.
const h = vi.hoisted(() => {
  type Listener = (...a: unknown[]) => void;
  const state = {
    trays: [] as { images: string[]; tooltips: string[]; menus: unknown[][]; listeners: Map<string, Listener>; destroyed: boolean }[],
    notifications: [] as { options: Record<string, unknown>; shown: boolean; listeners: Map<string, Listener> }[],
    appListeners: new Map<string, Listener[]>(),
  };
  return state;
});

vi.mock('electron', () => {
  class Tray {
    state = { images: [] as string[], tooltips: [] as string[], menus: [] as unknown[][], listeners: new Map(), destroyed: false };
    constructor(image: { file: string }) {
      this.state.images.push(image.file);
      h.trays.push(this.state);
    }
    setImage(image: { file: string }) {
      this.state.images.push(image.file);
    }
    setToolTip(t: string) {
      this.state.tooltips.push(t);
    }
    setContextMenu(m: unknown[]) {
      this.state.menus.push(m);
    }
    on(event: string, fn: (...a: unknown[]) => void) {
      this.state.listeners.set(event, fn);
    }
    destroy() {
      this.state.destroyed = true;
    }
  }
  class Notification {
    state = { options: {} as Record<string, unknown>, shown: false, listeners: new Map() };
    static isSupported() {
      return true;
    }
    constructor(options: Record<string, unknown>) {
      this.state.options = options;
      h.notifications.push(this.state);
    }
    on(event: string, fn: (...a: unknown[]) => void) {
      this.state.listeners.set(event, fn);
    }
    show() {
      this.state.shown = true;
    }
  }
  return {
    app: {
      on: (e: string, fn: (...a: unknown[]) => void) => h.appListeners.set(e, [...(h.appListeners.get(e) ?? []), fn]),
      removeListener: (e: string, fn: unknown) => h.appListeners.set(e, (h.appListeners.get(e) ?? []).filter((f) => f !== fn)),
    },
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown[]) => template },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
  };
});

const { installTray, menuTemplate } = await import('../../../electron/main/shell/tray');

interface FakeWindow {
  calls: string[];
  listeners: Map<string, (e: { preventDefault(): void }) => void>;
}

function fakeWindow(): FakeWindow & Record<string, unknown> {
  const w: FakeWindow & Record<string, unknown> = {
    calls: [],
    listeners: new Map(),
  };
  Object.assign(w, {
    isMinimized: () => false,
    restore: () => w.calls.push('restore'),
    show: () => w.calls.push('show'),
    focus: () => w.calls.push('focus'),
    hide: () => w.calls.push('hide'),
    on: (e: string, fn: (e: { preventDefault(): void }) => void) => w.listeners.set(e, fn),
    removeListener: (e: string) => w.listeners.delete(e),
  });
  return w;
}

describe('tray and notifications shell (mocked electron)', () => {
  let core: Core;
  let dir: string;
  let teardown: (() => void) | undefined;
  const seen: HangarEvent[] = [];

  beforeEach(() => {
    h.trays.length = 0;
    h.notifications.length = 0;
    h.appListeners.clear();
    seen.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-tray-'));
    core = createCore({ dataDir: dir, secretStore: new MemorySecretStore() });
    core.events.on((e) => seen.push(e));
  });
  afterEach(async () => {
    teardown?.();
    teardown = undefined;
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const settle = () => new Promise((r) => setTimeout(r, 30));

  it('renders the menu model, routes its actions, and quits for real from the menu', async () => {
    const win = fakeWindow();
    let quit = 0;
    let held = 0;
    teardown = installTray({
      core,
      iconDir: '/res/tray',
      window: () => win as never,
      quit: () => quit++,
      keepRefreshing: () => {
        held++;
        return () => held--;
      },
      platform: 'linux',
      debounceMs: 1,
    });
    await settle();
    const tray = h.trays[0]!;
    expect(tray.images[0]).toBe('/res/tray/ok-32.png');
    expect(tray.tooltips.at(-1)).toBe('Hangar — 0 accounts');
    const menu = tray.menus.at(-1) as { id?: string; label?: string; click?: () => void; type?: string }[];
    expect(menu.map((i) => i.type ?? i.label)).toEqual(['Hangar — 0 accounts', 'separator', 'No accounts yet', 'separator', 'No recent alerts', 'separator', 'Refresh all', 'Open Hangar', 'Quit']);
    expect(held).toBe(1);

    menu.find((i) => i.id === 'open')!.click!();
    expect(win.calls).toEqual(['show', 'focus']);

    // Close to tray (on by default): closing hides; after Quit the close goes through.
    let prevented = 0;
    win.listeners.get('close')!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    expect(win.calls.at(-1)).toBe('hide');
    await core.dispatch('monitor.updateSettings', { closeToTray: false });
    win.listeners.get('close')!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    await core.dispatch('monitor.updateSettings', { closeToTray: true });
    // Nothing subscribed: refresh may pause while hidden again (checked at the next rebuild).
    await core.dispatch('monitor.updateSettings', { subscriptions: { '*': [] } });
    core.events.emit({ type: 'accounts.changed' });
    await settle();
    expect(held).toBe(0);
    await core.dispatch('monitor.updateSettings', { subscriptions: { '*': ['node.status'] } });
    core.events.emit({ type: 'accounts.changed' });
    await settle();
    expect(held).toBe(1);
    menu.find((i) => i.id === 'quit')!.click!();
    expect(quit).toBe(1);
    win.listeners.get('close')!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);

    teardown();
    teardown = undefined;
    expect(tray.destroyed).toBe(true);
    expect(held).toBe(0);
  });

  it('notifies subscribed alerts only, and a click opens the alert’s route in the window', async () => {
    const win = fakeWindow();
    teardown = installTray({ core, iconDir: '/res/tray', window: () => win as never, quit: () => {}, platform: 'darwin', debounceMs: 1 });
    await core.dispatch('monitor.updateSettings', { subscriptions: { '*': ['node.status'] } });
    const at = new Date().toISOString();
    core.events.emit({ type: 'node.statusChanged', accountId: 'a1', id: 'n1', name: 'edge-1', from: 'online', to: 'offline', at });
    core.events.emit({ type: 'instance.statusChanged', accountId: 'a1', id: 'i1', name: 'web-1', from: 'running', to: 'stopped', at });
    expect(h.notifications).toHaveLength(1);
    const n = h.notifications[0]!;
    expect(n.shown).toBe(true);
    expect(n.options).toMatchObject({ title: 'Node edge-1 went offline', urgency: 'critical' });
    n.listeners.get('click')!();
    expect(win.calls).toEqual(['show', 'focus']);
    expect(seen.filter((e) => e.type === 'app.navigate')).toEqual([{ type: 'app.navigate', route: '/monitor?account=a1&node=n1' }]);
    await settle();
    // The menu was rebuilt with the recent alerts.
    const menu = h.trays[0]!.menus.at(-1) as { id?: string; submenu?: { label: string }[] }[];
    expect(menu.find((i) => i.id === 'alerts')!.submenu!.map((i) => i.label).slice(0, 2)).toEqual([
      expect.stringContaining('web-1 is stopped'),
      expect.stringContaining('Node edge-1 went offline'),
    ]);
  });

  it('menuTemplate keeps separators, submenus and clicks', () => {
    const clicked: unknown[] = [];
    const t = menuTemplate(
      [
        { id: 'a', label: 'A', enabled: true, submenu: [{ id: 'b', label: 'B', enabled: true, action: { type: 'openAccount', accountId: 'x' } }] },
        { id: 's', label: '', enabled: false, separator: true },
      ],
      (a) => clicked.push(a),
    );
    expect(t[1]).toEqual({ type: 'separator' });
    (t[0]!.submenu as { click: () => void }[])[0]!.click();
    expect(clicked).toEqual([{ type: 'openAccount', accountId: 'x' }]);
  });
});
