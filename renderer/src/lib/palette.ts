import type { Row } from '../../../shared/contract';
import { PROVIDER_LABELS, type Account, type Capability, type Instance, type NodeInfo } from '../../../shared/model';
import { PROVIDERS } from '../../../shared/providers';
import type { NavItem } from '../router';
import type { SavedView } from '../stores/savedViews';
import type { Scope } from '../stores/scope';
import { availableActions, type FleetAction } from './actions';
import { scopeTree } from './scopeTree';

/** What choosing an entry does; the palette component carries it out. */
export type PaletteCommand =
  | { kind: 'route'; path: string }
  | { kind: 'scope'; scope: Scope }
  | { kind: 'savedView'; view: SavedView }
  | { kind: 'action'; target: 'instances' | 'nodes'; row: Row<Instance> | Row<NodeInfo>; action: string }
  | { kind: 'open'; target: 'instances' | 'nodes'; row: Row<Instance> | Row<NodeInfo> }
  | { kind: 'refresh' }
  | { kind: 'search' };

export interface PaletteEntry {
  id: string;
  group: string;
  label: string;
  detail?: string;
  shortcut?: string;
  command: PaletteCommand;
  /** Destructive actions are marked. */
  danger?: boolean;
}

/** The palette's fixed entries: views, scopes, saved views, the current object's actions, app commands. */
export function staticEntries(input: {
  nav: NavItem[];
  accounts: Account[];
  views: SavedView[];
  current: { kind: 'instances' | 'nodes'; row: Row<Instance> | Row<NodeInfo> } | null;
  mod: string;
}): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  const current = input.current;
  if (current) {
    const caps = PROVIDERS[current.row.provider].capabilities as Capability[];
    const actions: FleetAction[] = availableActions(current.kind, current.row, caps);
    for (const a of actions) {
      out.push({
        id: `action:${a.action}`,
        group: `Actions on ${current.row.name}`,
        label: `${a.label} ${current.row.name}`,
        detail: current.row.accountName,
        command: { kind: 'action', target: current.kind, row: current.row, action: a.action },
        danger: a.destructive,
      });
    }
  }
  input.nav.forEach((item, i) =>
    out.push({ id: `view:${item.name}`, group: 'Views', label: `Go to ${item.title}`, detail: item.subtitle, shortcut: `${input.mod}${i + 1}`, command: { kind: 'route', path: item.path } }),
  );
  out.push({ id: 'scope:all', group: 'Scope', label: 'All accounts', command: { kind: 'scope', scope: { kind: 'all' } } });
  for (const env of scopeTree(input.accounts, {})) {
    out.push({
      id: `scope:env:${env.environment}`,
      group: 'Scope',
      label: `Environment ${env.label}`,
      detail: `${env.accounts.length} ${env.accounts.length === 1 ? 'account' : 'accounts'}`,
      command: { kind: 'scope', scope: { kind: 'environment', environment: env.environment } },
    });
    for (const a of env.accounts) {
      out.push({
        id: `scope:account:${a.id}`,
        group: 'Scope',
        label: `Account ${a.name}`,
        detail: `${PROVIDER_LABELS[a.provider]} · ${env.label}`,
        command: { kind: 'scope', scope: { kind: 'account', accountId: a.id } },
      });
    }
  }
  for (const v of input.views) {
    out.push({ id: `saved:${v.id}`, group: 'Saved views', label: v.name, detail: v.kind === 'nodes' ? 'Nodes' : 'Fleet', command: { kind: 'savedView', view: v } });
  }
  out.push({ id: 'cmd:refresh', group: 'Commands', label: 'Refresh every account', shortcut: 'F5', command: { kind: 'refresh' } });
  out.push({ id: 'cmd:search', group: 'Commands', label: 'Search this view', shortcut: '/', command: { kind: 'search' } });
  return out;
}

/** Entries whose words all appear in the label or detail (any order, any case); the current object's actions first. */
export function filterEntries(entries: PaletteEntry[], text: string): PaletteEntry[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((e) => {
    const hay = `${e.label} ${e.detail ?? ''} ${e.group}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
