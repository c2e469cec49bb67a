import path from 'node:path';
import { app, Menu, nativeImage, Tray, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MonitorSummary } from '../../../shared/contract/monitor';
import type { HangarEvent } from '../../../shared/events';
import type { Core } from '../core/core';
import { buildTrayModel, routeFor, type TrayAction, type TrayMenuItem, type TrayModel } from '../core/monitor/tray-model';
import { showAlertNotifications } from './notifications';

export interface TrayShellDeps {
  core: Pick<Core, 'dispatch' | 'events' | 'monitor'>;
  /** resources/tray (from the checkout) or <resources>/tray (packaged). */
  iconDir: string;
  /** The window, created again if it was closed. */
  window(): BrowserWindow | undefined;
  /** Quits for real (not to the tray). */
  quit(): void;
  /** Keeps background refresh running while hidden for as long as the tray lives (ActivityGate.subscribe). */
  keepRefreshing?: () => () => void;
  platform?: string;
  /** Coalesces bursts of events into one menu rebuild. */
  debounceMs?: number;
}

const REBUILD_ON: HangarEvent['type'][] = ['sync.changed', 'sync.state', 'connectivity.changed', 'accounts.changed', 'alert.raised'];

/** Electron menu template from the core's menu model; each action goes to `onAction`. */
export function menuTemplate(items: readonly TrayMenuItem[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.separator) return { type: 'separator' as const };
    const action = item.action;
    return {
      id: item.id,
      label: item.label,
      enabled: item.enabled,
      ...(item.submenu ? { submenu: menuTemplate(item.submenu, onAction) } : {}),
      ...(action ? { click: () => onAction(action) } : {}),
    };
  });
}

/**
 * Monitoring in the app: starts the core's monitor (metrics rounds, alerts), and shows the tray — icon
 * for the worst state, the menu model rendered with Menu — native notifications for subscribed alerts,
 * and close-to-tray. One call from main; returns the teardown.
 */
export function installTray(deps: TrayShellDeps): () => void {
  const { core } = deps;
  const platform = deps.platform ?? process.platform;
  let quitting = false;
  const markQuitting = () => {
    quitting = true;
  };
  app.on('before-quit', markQuitting);
  core.monitor.start();
  const icon = (file: string) => nativeImage.createFromPath(path.join(deps.iconDir, file));
  const tray = new Tray(icon(buildTrayModel(emptySummary(), platform).icon));
  let current: TrayModel | undefined;
  let release: (() => void) | undefined;

  const open = (route?: string) => {
    const win = deps.window();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    if (route) core.events.emit({ type: 'app.navigate', route });
  };
  const onAction = (a: TrayAction) => {
    if (a.type === 'quit') {
      quitting = true;
      deps.quit();
    } else if (a.type === 'refresh') {
      void core.dispatch('sync.refresh', undefined);
    } else {
      open(routeFor(a));
    }
  };

  let rebuilding: Promise<void> | undefined;
  const rebuild = async () => {
    const res = await core.dispatch('monitor.summary', undefined);
    if (!res.ok) return;
    const model = buildTrayModel(res.value as MonitorSummary, platform);
    if (current?.icon !== model.icon) tray.setImage(icon(model.icon));
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.menu, onAction)));
    current = model;
    holdRefresh();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      rebuilding = (rebuilding ?? Promise.resolve()).then(rebuild).catch(() => undefined);
    }, deps.debounceMs ?? 500);
  };
  const subscription = core.events.on((e) => {
    if (REBUILD_ON.includes(e.type)) schedule();
  });
  void rebuild().catch(() => undefined);
  tray.on('click', () => open());

  const stopNotifications = showAlertNotifications(core.events, (route) => open(route));
  // Refresh keeps running while the window is hidden only when some alert kind is subscribed (someone
  // wants notifications); otherwise it pauses as without a tray.
  function holdRefresh(): void {
    const wanted = Object.values(core.monitor.store.settings().subscriptions).some((kinds) => kinds.length > 0);
    if (wanted && !release) release = deps.keepRefreshing?.();
    if (!wanted && release) {
      release();
      release = undefined;
    }
  }
  holdRefresh();

  // Close to tray: closing the window hides it while the preference is on, unless the app is quitting.
  const onClose = (event: { preventDefault(): void }) => {
    if (quitting || !core.monitor.store.settings().closeToTray) return;
    event.preventDefault();
    deps.window()?.hide();
  };
  const win = deps.window();
  win?.on('close', onClose);

  return () => {
    quitting = true;
    app.removeListener('before-quit', markQuitting);
    void core.monitor.stop();
    if (timer) clearTimeout(timer);
    subscription.dispose();
    stopNotifications();
    release?.();
    win?.removeListener('close', onClose);
    tray.destroy();
  };
}

function emptySummary(): MonitorSummary {
  return { state: 'ok', headline: 'starting…', environments: [], accounts: [], recentAlerts: [] };
}
