import { defineStore } from 'pinia';
import { reactive } from 'vue';
import type { InstanceQuery, NodeQuery } from '../../../shared/contract';
import type { Environment, InstanceStatus, NodeStatus, ProviderId } from '../../../shared/model';

export type FleetKind = 'instances' | 'nodes';
export type SortKey = NonNullable<InstanceQuery['sort']>;

export interface FleetFilter {
  text: string;
  statuses: string[];
  environments: Environment[];
  providers: ProviderId[];
  accountIds: string[];
  sort: SortKey;
  sortDir: 'asc' | 'desc';
}

export function emptyFilter(): FleetFilter {
  return { text: '', statuses: [], environments: [], providers: [], accountIds: [], sort: 'name', sortDir: 'asc' };
}

export function isFiltered(filter: FleetFilter): boolean {
  return (
    filter.text.trim() !== '' ||
    filter.statuses.length > 0 ||
    filter.environments.length > 0 ||
    filter.providers.length > 0 ||
    filter.accountIds.length > 0
  );
}

/** The windowed query for a filter; empty criteria are left out (they mean "all"). */
export function toQuery(filter: FleetFilter, offset: number, limit: number): InstanceQuery & NodeQuery {
  const query: InstanceQuery & NodeQuery = { offset, limit, sort: filter.sort, sortDir: filter.sortDir };
  const text = filter.text.trim();
  if (text) query.text = text.slice(0, 200);
  if (filter.environments.length) query.environments = [...filter.environments];
  if (filter.providers.length) query.providers = [...filter.providers];
  if (filter.accountIds.length) query.accountIds = [...filter.accountIds];
  return query;
}

export function toInstanceQuery(filter: FleetFilter, offset: number, limit: number): InstanceQuery {
  const query: InstanceQuery = toQuery(filter, offset, limit);
  if (filter.statuses.length) query.statuses = filter.statuses as InstanceStatus[];
  return query;
}

export function toNodeQuery(filter: FleetFilter, offset: number, limit: number): NodeQuery {
  const query: NodeQuery = toQuery(filter, offset, limit);
  if (filter.statuses.length) query.statuses = filter.statuses as NodeStatus[];
  return query;
}

/** Filters and sort of the Fleet and Nodes views; kept here so they survive switching views. */
export const useFleetStore = defineStore('fleet', () => {
  const filters = reactive<Record<FleetKind, FleetFilter>>({ instances: emptyFilter(), nodes: emptyFilter() });

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

  return { filters, clear, toggleSort };
});
