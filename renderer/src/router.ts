import FleetView from './views/FleetView.vue';
import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router';

export interface NavItem {
  name: string;
  path: string;
  title: string;
  /** What the view is for, shown under its title in the header. */
  subtitle: string;
  icon: string;
}

/** The sidebar, in order: Ctrl/Cmd+1…6 follow this order. */
export const NAV: NavItem[] = [
  { name: 'fleet', path: '/fleet', title: 'Fleet', subtitle: 'Every instance across your accounts', icon: 'fleet' },
  { name: 'nodes', path: '/nodes', title: 'Nodes', subtitle: 'The hosts your instances run on', icon: 'nodes' },
  { name: 'monitor', path: '/monitor', title: 'Monitoring', subtitle: 'How your nodes are doing, worst first', icon: 'monitor' },
  { name: 'configs', path: '/configs', title: 'Configs', subtitle: 'Edit, check and publish configurations', icon: 'configs' },
  { name: 'activity', path: '/activity', title: 'Activity', subtitle: 'What changed, and who changed it', icon: 'activity' },
  { name: 'alerts', path: '/alerts', title: 'Alerts', subtitle: 'State changes and thresholds, and what notifies you', icon: 'alerts' },
  { name: 'accounts', path: '/accounts', title: 'Accounts', subtitle: 'The APIs Hangar talks to', icon: 'accounts' },
  { name: 'settings', path: '/settings', title: 'Settings', subtitle: 'About this installation', icon: 'settings' },
];

// The fleet is where the app opens: it comes with the entry chunk (fetched in parallel with it) instead of a
// second round of requests after the entry has run. The other views load when first opened.
const VIEWS: Record<string, RouteRecordRaw['component']> = {
  fleet: FleetView,
  nodes: () => import('./views/NodesView.vue'),
  configs: () => import('./views/ConfigsView.vue'),
  activity: () => import('./views/ActivityView.vue'),
  monitor: () => import('./views/MonitorView.vue'),
  alerts: () => import('./views/AlertsView.vue'),
  accounts: () => import('./views/AccountsView.vue'),
  settings: () => import('./views/SettingsView.vue'),
};

export function createAppRouter(): Router {
  return createRouter({
    // The app is loaded from files: hash history needs no server.
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/fleet' },
      ...NAV.map((item) => ({ path: item.path, name: item.name, component: VIEWS[item.name]!, meta: { nav: item } })),
      { path: '/:rest(.*)*', redirect: '/fleet' },
    ],
  });
}
