import { createHash } from 'node:crypto';
import { HangarError } from '../../../../shared/errors';
import {
  INSTANCE_STATUSES,
  NODE_STATUSES,
  type Instance,
  type InstanceStatus,
  type NodeInfo,
  type NodeStatus,
  type ProviderId,
} from '../../../../shared/model';
import { naturalKey } from './natural-sort';

export type FleetKind = 'instance' | 'node';

/** A cached row as SQLite returns it. */
export type StoredRow = Record<string, string | number | null>;

/** What the store needs to know about one kind of fleet object: its table, its columns, how to map them. */
export interface FleetTable<T> {
  kind: FleetKind;
  table: 'instances' | 'nodes';
  fts: 'instances_fts' | 'nodes_fts';
  /** Content columns after (account_id, id); written from `toColumns`, read back by `fromRow`. */
  columns: readonly string[];
  statuses: readonly string[];
  toColumns(item: T): (string | number | null)[];
  fromRow(row: StoredRow, accountId: string, provider: ProviderId): T;
}

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parse = (v: string | number | null): unknown => {
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
};
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function statusOf<S extends string>(value: unknown, allowed: readonly S[]): S {
  return (allowed as readonly unknown[]).includes(value) ? (value as S) : ('unknown' as S);
}

export const INSTANCE_TABLE: FleetTable<Instance> = {
  kind: 'instance',
  table: 'instances',
  fts: 'instances_fts',
  columns: ['name', 'status', 'raw_status', 'node_id', 'address', 'version', 'description', 'labels_json', 'raw_json', 'updated_at', 'search', 'name_key'],
  statuses: INSTANCE_STATUSES,
  toColumns: (i) => [
    nameOf(i),
    statusOf<InstanceStatus>(i.status, INSTANCE_STATUSES),
    str(i.rawStatus),
    str(i.nodeId),
    str(i.address),
    str(i.version),
    str(i.description),
    json(i.labels),
    json(i.raw ?? null),
    str(i.updatedAt),
    searchText(i),
    naturalKey(nameOf(i)),
  ],
  fromRow: (r, accountId, provider) => ({
    accountId,
    provider,
    id: String(r.id),
    name: String(r.name),
    status: statusOf<InstanceStatus>(r.status, INSTANCE_STATUSES),
    rawStatus: opt(r.raw_status as string | null),
    nodeId: opt(r.node_id as string | null),
    address: opt(r.address as string | null),
    version: opt(r.version as string | null),
    description: opt(r.description as string | null),
    labels: parse(r.labels_json) as Record<string, string> | undefined,
    updatedAt: opt(r.updated_at as string | null),
    raw: parse(r.raw_json) ?? null,
  }),
};

export const NODE_TABLE: FleetTable<NodeInfo> = {
  kind: 'node',
  table: 'nodes',
  fts: 'nodes_fts',
  columns: ['name', 'status', 'raw_status', 'address', 'cpu', 'memory_mb', 'disk_mb', 'instance_count', 'labels_json', 'raw_json', 'updated_at', 'search', 'name_key'],
  statuses: NODE_STATUSES,
  toColumns: (n) => [
    nameOf(n),
    statusOf<NodeStatus>(n.status, NODE_STATUSES),
    str(n.rawStatus),
    str(n.address),
    num(n.cpu),
    num(n.memoryMb),
    num(n.diskMb),
    num(n.instanceCount),
    json(n.labels),
    json(n.raw ?? null),
    str(n.updatedAt),
    searchText(n),
    naturalKey(nameOf(n)),
  ],
  fromRow: (r, accountId, provider) => ({
    accountId,
    provider,
    id: String(r.id),
    name: String(r.name),
    status: statusOf<NodeStatus>(r.status, NODE_STATUSES),
    rawStatus: opt(r.raw_status as string | null),
    address: opt(r.address as string | null),
    cpu: opt(r.cpu as number | null),
    memoryMb: opt(r.memory_mb as number | null),
    diskMb: opt(r.disk_mb as number | null),
    instanceCount: opt(r.instance_count as number | null),
    labels: parse(r.labels_json) as Record<string, string> | undefined,
    updatedAt: opt(r.updated_at as string | null),
    raw: parse(r.raw_json) ?? null,
  }),
};

/** The object's id, or BAD_RESPONSE: a snapshot with an object that has no id cannot be trusted. */
export function idOf(item: { id?: unknown }, kind: FleetKind): string {
  if ((typeof item?.id !== 'string' && typeof item?.id !== 'number') || String(item.id) === '') {
    throw new HangarError('BAD_RESPONSE', `The API returned a ${kind} without an id; the cached snapshot was kept.`);
  }
  return String(item.id);
}

function nameOf(item: { id: unknown; name?: unknown }): string {
  return typeof item.name === 'string' && item.name !== '' ? item.name : String(item.id);
}

/** Separates the fields of `search` so a match never spans two of them. */
export const SEARCH_SEPARATOR = '\u001f';

function searchText(item: { id: unknown; name?: unknown; address?: unknown }): string {
  return [nameOf(item), String(item.id), str(item.address) ?? ''].join(SEARCH_SEPARATOR).toLowerCase();
}

export function fingerprint(values: readonly (string | number | null)[]): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('base64');
}
