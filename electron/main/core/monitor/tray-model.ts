/** What the tray shows and does, as data: the shell only renders it with Tray and Menu. */
import type { Alert, MonitorSummary, TrayState } from '../../../../shared/contract/monitor';
import { plural } from '../util/text';

export type TrayAction =
  | { type: 'open' }
  | { type: 'quit' }
  | { type: 'refresh' }
  | { type: 'openAccount'; accountId: string }
  | { type: 'openRoute'; route: string };

export interface TrayMenuItem {
  id: string;
  label: string;
  enabled: boolean;
  /** The state dot shown before the label (rendered as text by the shell). */
  state?: TrayState;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
  separator?: boolean;
}

export interface TrayModel {
  state: TrayState;
  /** File name under resources/tray/ (the @2x sibling is picked by Electron on high-DPI screens). */
  icon: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

const MARK: Record<TrayState, string> = { ok: '●', warning: '▲', error: '✖', offline: '○' };
const RECENT_ALERTS = 5;

/** macOS and Windows draw tray icons at 16 pt; Linux panels at 22–24 px, so the 32 px one scaled down. */
export function trayIconFile(state: TrayState, platform: string = process.platform): string {
  return `${state}-${platform === 'linux' ? 32 : 16}.png`;
}

const sep = (id: string): TrayMenuItem => ({ id, label: '', enabled: false, separator: true });

function countsLine(instances: number, down: number, nodesOffline = 0): string {
  const parts = [plural(instances, 'instance')];
  if (down) parts.push(`${down} down`);
  if (nodesOffline) parts.push(`${plural(nodesOffline, 'node')} offline`);
  return parts.join(', ');
}

/** The tray menu: each environment with its accounts (counts, state), recent alerts, refresh, open, quit. */
export function buildTrayModel(summary: MonitorSummary, platform: string = process.platform): TrayModel {
  const menu: TrayMenuItem[] = [{ id: 'headline', label: `Hangar — ${summary.headline}`, enabled: false, state: summary.state }, sep('sep-envs')];
  for (const env of summary.environments) {
    const accounts = summary.accounts.filter((a) => a.environment === env.environment);
    menu.push({
      id: `env:${env.environment}`,
      label: `${MARK[env.state]} ${env.environment} — ${plural(env.accounts, 'account')}, ${countsLine(env.instances, env.down)}`,
      enabled: true,
      state: env.state,
      submenu: accounts.map((a) => ({
        id: `account:${a.accountId}`,
        label: `${MARK[a.state]} ${a.name} — ${a.state === 'offline' ? 'unreachable' : a.state === 'error' ? a.syncState.replace('_', ' ') : countsLine(a.instances, a.down, a.nodesOffline)}`,
        enabled: true,
        state: a.state,
        action: { type: 'openAccount', accountId: a.accountId },
      })),
    });
  }
  if (summary.environments.length === 0) menu.push({ id: 'no-accounts', label: 'No accounts yet', enabled: false });
  menu.push(sep('sep-alerts'));
  const recent = summary.recentAlerts.slice(0, RECENT_ALERTS);
  menu.push({
    id: 'alerts',
    label: recent.length ? 'Recent alerts' : 'No recent alerts',
    enabled: recent.length > 0,
    submenu: recent.length
      ? [
          ...recent.map((a) => ({ id: `alert:${a.id}`, label: alertLabel(a), enabled: true, action: { type: 'openRoute', route: a.route } as TrayAction })),
          sep('sep-all-alerts'),
          { id: 'all-alerts', label: 'All alerts…', enabled: true, action: { type: 'openRoute', route: '/alerts' } },
        ]
      : undefined,
  });
  menu.push(sep('sep-actions'));
  menu.push({ id: 'refresh', label: 'Refresh all', enabled: summary.accounts.length > 0, action: { type: 'refresh' } });
  menu.push({ id: 'open', label: 'Open Hangar', enabled: true, action: { type: 'open' } });
  menu.push({ id: 'quit', label: 'Quit', enabled: true, action: { type: 'quit' } });
  return { state: summary.state, icon: trayIconFile(summary.state, platform), tooltip: `Hangar — ${summary.headline}`, menu };
}

function alertLabel(a: Alert): string {
  const time = a.at.slice(11, 16);
  const text = `${time} ${a.title}`;
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

/** Where an action or a notification click takes the window. */
export function routeFor(action: TrayAction | { type: 'alert'; alert: Pick<Alert, 'route'> }): string | undefined {
  switch (action.type) {
    case 'openAccount':
      return `/fleet?account=${encodeURIComponent(action.accountId)}`;
    case 'openRoute':
      return action.route;
    case 'alert':
      return action.alert.route;
    default:
      return undefined;
  }
}

/** What a native notification shows for an alert. */
export function notificationFor(a: Alert): { title: string; body: string; route: string; urgency: 'low' | 'normal' | 'critical' } {
  return {
    title: a.title,
    body: [a.accountName, a.message].filter(Boolean).join(' — '),
    route: a.route,
    urgency: a.severity === 'error' ? 'critical' : a.severity === 'warning' ? 'normal' : 'low',
  };
}
