import { defineStore } from 'pinia';
import { reactive, shallowRef } from 'vue';
import type { InstanceQuery, NodeQuery, Row } from '../../../shared/contract';
import type { Environment, Instance, InstanceStatus, NodeInfo, NodeStatus, ProviderId } from '../../../shared/model';
import type { ScopeFilter } from './scope';

export type FleetKind = 'instances' | 'nodes';
export type SortKey = NonNullable<InstanceQuery['sort']>;

export interface FleetFilter {
  text: string;
  statuses: string[];
  environments: Environment[];
  providers: ProviderId[];
  accountIds: string[];
  label?: (NonNullable<InstanceQuery['label']> & { title: string; shown: string }) | null; // the drawer's owner/image links
  sort: SortKey;
  sortDir: 'asc' | 'desc';
}

export function emptyFilter(): FleetFilter {
  return { text: '', statuses: [], environments: [], providers: [], accountIds: [], label: null, sort: 'name', sortDir: 'asc' };
}

export function isFiltered(filter: FleetFilter): boolean {
  return (
    filter.text.trim() !== '' ||
    filter.statuses.length > 0 ||
    filter.environments.length > 0 ||
    filter.providers.length > 0 ||
    filter.accountIds.length > 0 ||
    !!filter.label
  );
}

/**
 * The windowed query for a filter inside the app's scope; empty criteria are left out (they mean "all").
 * The scope wins over the same criterion of the filter (the view hides that filter while scoped).
 */
export function toQuery(filter: FleetFilter, offset: number, limit: number, scope: ScopeFilter = {}): InstanceQuery & NodeQuery {
  const query: InstanceQuery & NodeQuery = { offset, limit, sort: filter.sort, sortDir: filter.sortDir };
  const text = filter.text.trim();
  if (text) query.text = text.slice(0, 200);
  const environments = scope.environments ?? (scope.accountIds ? [] : filter.environments);
  const accountIds = scope.accountIds ?? filter.accountIds;
  if (environments.length) query.environments = [...environments];
  if (filter.providers.length) query.providers = [...filter.providers];
  if (accountIds.length) query.accountIds = [...accountIds];
  return query;
}

/** Rows per page of the fleet tables: about what one screen shows (less to carry per keystroke). */
export const FLEET_PAGE_SIZE = 50;

export function toInstanceQuery(filter: FleetFilter, offset: number, limit: number, scope: ScopeFilter = {}): InstanceQuery {
  const query: InstanceQuery = toQuery(filter, offset, limit, scope);
  if (filter.statuses.length) query.statuses = filter.statuses as InstanceStatus[];
  if (filter.label) query.label = { accountId: filter.label.accountId, key: filter.label.key, value: filter.label.value };
  return query;
}

export function toNodeQuery(filter: FleetFilter, offset: number, limit: number, scope: ScopeFilter = {}): NodeQuery {
  const query: NodeQuery = toQuery(filter, offset, limit, scope);
  if (filter.statuses.length) query.statuses = filter.statuses as NodeStatus[];
  return query;
}

/** Which columns a table shows and how wide (px) the user dragged them. */
export interface ColumnState {
  hidden: string[];
  widths: Record<string, number>;
}

export function defaultColumns(): ColumnState {
  return { hidden: [], widths: {} };
}

/** Filters, sort and columns of the Fleet and Nodes views; kept here so they survive switching views. */
export const useFleetStore = defineStore('fleet', () => {
  const filters = reactive<Record<FleetKind, FleetFilter>>({ instances: emptyFilter(), nodes: emptyFilter() });
  const columns = reactive<Record<FleetKind, ColumnState>>({ instances: defaultColumns(), nodes: defaultColumns() });

  /** Puts a saved view's filter and columns in place (a copy: later edits do not change the saved view). */
  function apply(kind: FleetKind, filter: FleetFilter, cols: ColumnState): void {
    Object.assign(filters[kind], emptyFilter(), JSON.parse(JSON.stringify(filter)) as FleetFilter);
    Object.assign(columns[kind], defaultColumns(), JSON.parse(JSON.stringify(cols)) as ColumnState);
  }

  /** An object to open in its view's drawer (a link from another drawer, the palette); the view takes it. */
  const pendingOpen = shallowRef<{ kind: FleetKind; row: Row<Instance> | Row<NodeInfo>; action?: string } | null>(null);
  function openLater(kind: FleetKind, row: Row<Instance> | Row<NodeInfo>, action?: string): void {
    pendingOpen.value = { kind, row, action };
  }

  /** The object the user is on (open in a drawer, or selected): what the palette's actions apply to. */
  const current = shallowRef<{ kind: FleetKind; row: Row<Instance> | Row<NodeInfo> } | null>(null);

  function toggleColumn(kind: FleetKind, key: string): void {
    const c = columns[kind];
    c.hidden = c.hidden.includes(key) ? c.hidden.filter((k) => k !== key) : [...c.hidden, key];
  }

  function clear(kind: FleetKind): void {
    const { sort, sortDir } = filters[kind];
    Object.assign(filters[kind], emptyFilter(), { sort, sortDir });
  }

  function toggleSort(kind: FleetKind, key: SortKey): void {
    const f = filters[kind];
    if (f.sort === key) f.sortDir = f.sortDir === 'asc' ? 'desc' : 'asc';
    else {
      f.sort = key;
      f.sortDir = 'asc';
    }
  }

  return { filters, columns, pendingOpen, current, clear, toggleSort, apply, toggleColumn, openLater };
});
