import { z } from 'zod';
import { ENVIRONMENTS } from '../model';
import { channel, id, noInput } from './define';

import { ALERT_KINDS, ALERT_STATES, ALERT_TARGET_KINDS, METRIC_RANGE_NAMES, type AlertKind, type AlertState, type MetricRange, type MonitorMetric } from '../monitor';

export { ALERT_KINDS, ALERT_STATES, ALERT_TARGET_KINDS, METRIC_RANGES, METRIC_RANGE_NAMES, MONITOR_METRICS } from '../monitor';
export type { AlertKind, AlertState, MetricRange, MonitorMetric } from '../monitor';

/** One metric over a range, downsampled in SQL: parallel arrays, at most `maxPoints` long. */
export interface SeriesColumn {
  metric: MonitorMetric;
  unit: string;
  /** Bucket start times (ms). */
  t: number[];
  avg: number[];
  min: number[];
  max: number[];
}

/**
 * `ok`: samples; `empty`: offered but nothing collected yet; `not_offered`: this API reports no
 * metrics about nodes (not an error).
 */
export type SeriesState = 'ok' | 'empty' | 'not_offered';

export interface NodeSeries {
  accountId: string;
  nodeId: string;
  range: MetricRange;
  fromMs: number;
  toMs: number;
  bucketMs: number;
  state: SeriesState;
  /** Metrics the API offers for nodes (Skyport: status and instance count only). */
  offered: MonitorMetric[];
  series: SeriesColumn[];
  /** When the last sample was collected (ISO), or null. */
  lastSampleAt: string | null;
}

export interface WorstNode {
  accountId: string;
  accountName: string;
  environment: string;
  provider: string;
  nodeId: string;
  name: string;
  status: string;
  cpu: number | null;
  memory: number | null;
  instanceCount: number | null;
  /** 0–100+: offline nodes score highest, then the highest of CPU and memory. */
  score: number;
  /** Thresholds currently crossed on this node. */
  breaches: MonitorMetric[];
  metricsOffered: boolean;
}

export type AlertSeverity = 'info' | 'warning' | 'error';

export interface Alert {
  id: number;
  at: string;
  accountId: string | null;
  accountName: string | null;
  kind: AlertKind;
  severity: AlertSeverity;
  targetKind: 'instance' | 'node' | 'account' | 'deployment' | null;
  targetId: string | null;
  targetName: string | null;
  title: string;
  message: string;
  /** The route a click opens (e.g. `/fleet?focus=…`). */
  route: string;
  /** Whether it was (or would have been) shown as a native notification. */
  notified: boolean;
  /**
   * `open` while its condition lasts (the instance is still down, the threshold still crossed, the account
   * still unreachable); `resolved` once it ended — recoveries and deployment outcomes are resolved when raised.
   */
  state: AlertState;
  /** When it was resolved (ISO), or null while open. */
  resolvedAt: string | null;
}


const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const thresholdSchema = z
  .object({
    id: z.string().trim().min(1).max(80),
    metric: z.enum(['cpu', 'memory', 'load', 'requests', 'connections']),
    /** Fires when the value goes above this… */
    above: z.number().finite(),
    /** …and re-arms only once it has gone back below this (hysteresis); default 90 % of `above`. */
    clearBelow: z.number().finite().optional(),
    /** No account = every account; a node id needs its account. */
    accountId: id.optional(),
    nodeId: id.optional(),
  })
  .strict()
  .refine((t) => !t.nodeId || t.accountId, { message: 'A node threshold needs its account', path: ['accountId'] })
  .refine((t) => t.clearBelow === undefined || t.clearBelow <= t.above, { message: 'clearBelow must not exceed above', path: ['clearBelow'] });
export type Threshold = z.output<typeof thresholdSchema>;

export const monitorSettingsSchema = z
  .object({
    thresholds: z.array(thresholdSchema).max(500),
    /** Which alert kinds become notifications, per account id; `*` for accounts not listed. */
    subscriptions: z.record(z.string().min(1).max(200), z.array(z.enum(ALERT_KINDS)).max(ALERT_KINDS.length)),
    quietHours: z.object({ enabled: z.boolean(), start: hhmm, end: hhmm }).strict(),
    /** An account unreachable for longer than this raises an alert. */
    unreachableMinutes: z.number().int().min(1).max(24 * 60),
    closeToTray: z.boolean(),
    /** Background refresh budget, percent of one core. */
    cpuBudgetPercent: z.number().min(0.1).max(50),
  })
  .strict();
export type MonitorSettings = z.output<typeof monitorSettingsSchema>;

export type TrayState = 'ok' | 'warning' | 'error' | 'offline';

export interface AccountSummary {
  accountId: string;
  name: string;
  environment: string;
  provider: string;
  state: TrayState;
  syncState: string;
  instances: number;
  running: number;
  down: number;
  nodes: number;
  nodesOffline: number;
}

export interface MonitorSummary {
  state: TrayState;
  /** One line: "12 accounts · 3 instances down · 1 node offline". */
  headline: string;
  environments: { environment: string; state: TrayState; accounts: number; instances: number; down: number }[];
  accounts: AccountSummary[];
  recentAlerts: Alert[];
}

export const alertFilterSchema = z
  .object({
    accountIds: z.array(id).max(500).optional(),
    environments: z.array(z.enum(ENVIRONMENTS)).max(ENVIRONMENTS.length).optional(),
    kinds: z.array(z.enum(ALERT_KINDS)).max(ALERT_KINDS.length).optional(),
    /** One object's alerts: its kind and its ids (an object an action moved keeps its old ids' alerts). */
    targetKind: z.enum(ALERT_TARGET_KINDS).optional(),
    targetIds: z.array(id).min(1).max(50).optional(),
    state: z.enum(ALERT_STATES).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const monitorChannels = {
  /** One node's metrics over a range, at most `maxPoints` per metric (the chart's pixel width). */
  'monitor.series': channel<NodeSeries>()(
    z
      .object({
        accountId: id,
        nodeId: id,
        range: z.enum(METRIC_RANGE_NAMES as [MetricRange, ...MetricRange[]]).default('1h'),
        maxPoints: z.number().int().min(2).max(4000).default(600),
      })
      .strict(),
  ),
  /** The fleet's nodes, worst first. */
  'monitor.worstNodes': channel<WorstNode[]>()(
    z
      .object({
        accountIds: z.array(id).max(500).optional(),
        environments: z.array(z.enum(ENVIRONMENTS)).max(ENVIRONMENTS.length).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict()
      .optional(),
  ),
  /** Collects metrics now (one account, or all) and returns how many samples were stored. */
  'monitor.collect': channel<{ samples: number; nodes: number }>()(z.object({ accountId: id.optional() }).strict().optional()),
  /** The instances the cache places on a node (for the node's panel, linked to the fleet). */
  'monitor.nodeInstances': channel<{ total: number; rows: { id: string; name: string; status: string }[] }>()(
    z.object({ accountId: id, nodeId: id, limit: z.number().int().min(1).max(500).default(100) }).strict(),
  ),
  /** The tray's and status bar's summary. */
  'monitor.summary': channel<MonitorSummary>()(noInput),
  'alerts.list': channel<{ total: number; rows: Alert[] }>()(alertFilterSchema.optional()),
  'monitor.settings': channel<MonitorSettings>()(noInput),
  /** Replaces the given settings (the rest stay as they are). */
  'monitor.updateSettings': channel<MonitorSettings>()(monitorSettingsSchema.partial().strict()),
} as const;
