import { z } from 'zod';
import {
  ENVIRONMENTS,
  INSTANCE_ACTIONS,
  INSTANCE_STATUSES,
  NODE_ACTIONS,
  NODE_STATUSES,
  PROVIDER_IDS,
  type ActionResult,
  type Capability,
  type Instance,
  type MetricSeries,
  type NodeInfo,
  OPTION_LISTS,
  type OptionEntry,
} from '../model';
import { channel, id, refInput } from './define';

export const actionParamsSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(100_000), z.number(), z.boolean()]))
  .refine((p) => Object.keys(p).length <= 100, { message: 'at most 100 parameters' });

const common = {
  accountIds: z.array(id).max(500).optional(),
  environments: z.array(z.enum(ENVIRONMENTS)).max(ENVIRONMENTS.length).optional(),
  providers: z.array(z.enum(PROVIDER_IDS)).max(PROVIDER_IDS.length).optional(),
  text: z.string().max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  sortDir: z.enum(['asc', 'desc']).default('asc'),
};

/** Label keys an instance can be filtered by (the drawer's owner/image/… links): owner and image ids are per account. */
export const INSTANCE_LABEL_FILTERS = ['user', 'image', 'createdBy', 'process', 'blueprint', 'ecosystem', 'instanceGroup'] as const;
export type InstanceLabelKey = (typeof INSTANCE_LABEL_FILTERS)[number];

export const instanceQuerySchema = z
  .object({
    ...common,
    /** Instances of one account whose label `key` is exactly `value` (e.g. a Skyport owner's user id). */
    label: z.object({ accountId: id, key: z.enum(INSTANCE_LABEL_FILTERS), value: z.string().min(1).max(500) }).strict().optional(),
    statuses: z.array(z.enum(INSTANCE_STATUSES)).max(INSTANCE_STATUSES.length).optional(),
    /** Instances on this node (give its account in accountIds too: node ids are per account). */
    nodeId: id.optional(),
    sort: z.enum(['name', 'status', 'account', 'provider', 'environment', 'updatedAt']).default('name'),
  })
  .strict();
export type InstanceQuery = z.input<typeof instanceQuerySchema>;

export const nodeQuerySchema = z
  .object({
    ...common,
    statuses: z.array(z.enum(NODE_STATUSES)).max(NODE_STATUSES.length).optional(),
    sort: z.enum(['name', 'status', 'account', 'provider', 'environment', 'updatedAt']).default('name'),
  })
  .strict();
export type NodeQuery = z.input<typeof nodeQuerySchema>;

/** A row of a windowed query: the object (with `raw: null` — instances.get/nodes.get carry the raw object) plus what the fleet table shows beside it. */
export type Row<T> = T & {
  accountName: string;
  environment: string;
  envColor: string;
  confirmedAt: string;
  /** Set when an action wrote the row since the last refresh: confirmed by the API's answer or by a re-read. */
  confirmedBy?: 'api' | 'reread';
};

export interface Page<T> {
  total: number;
  offset: number;
  rows: Row<T>[];
  /** Oldest successful sync among the accounts in the answer (ISO), or null when never synced. */
  asOf: string | null;
  /** True when any account in the answer is older than its poll interval allows, or failing. */
  stale: boolean;
  /** True when an account in the answer has rows from a first sync that has not completed (running, or failed midway). */
  partial?: boolean;
}

export interface InstanceDetail {
  instance: Instance;
  capabilities: Capability[];
  /** 'live' when just read from the API, 'cache' when the API could not be reached. */
  source: 'live' | 'cache';
  asOf: string | null;
}

export interface NodeDetail {
  node: NodeInfo;
  capabilities: Capability[];
  source: 'live' | 'cache';
  asOf: string | null;
}

/** One recorded status change of an object; `from` is null when it first appeared, `to` null when it went away. */
export interface StatusChange {
  name: string;
  from: string | null;
  to: string | null;
  at: string;
}

const historyInput = refInput.extend({ limit: z.number().int().min(1).max(500).default(50) }).strict();

export const instanceChannels = {
  'instances.query': channel<Page<Instance>>()(instanceQuerySchema),
  'instances.get': channel<InstanceDetail>()(refInput),
  /** create/deploy take no id; every other action needs one. Gated by the provider's capabilities. */
  'instances.act': channel<ActionResult>()(
    z
      .object({
        accountId: id,
        id: id.optional(),
        action: z.enum(INSTANCE_ACTIONS),
        params: actionParamsSchema.default({}),
      })
      .strict(),
  ),
  /** The status timeline the cache recorded for an instance, newest first. */
  'instances.history': channel<StatusChange[]>()(historyInput),
  /** A catalogue a create/deploy form picks from, read live from the account's API (e.g. Skyport images, users). */
  'instances.options': channel<OptionEntry[]>()(z.object({ accountId: id, list: z.enum(OPTION_LISTS) }).strict()),
  'nodes.query': channel<Page<NodeInfo>>()(nodeQuerySchema),
  'nodes.history': channel<StatusChange[]>()(historyInput),
  'nodes.get': channel<NodeDetail>()(refInput),
  'nodes.act': channel<ActionResult>()(
    z
      .object({
        accountId: id,
        id: id.optional(),
        action: z.enum(NODE_ACTIONS),
        params: actionParamsSchema.default({}),
      })
      .strict(),
  ),
  'nodes.metrics': channel<MetricSeries[]>()(
    refInput.extend({ rangeMinutes: z.number().int().min(1).max(60 * 24 * 30).default(60) }).strict(),
  ),
} as const;
