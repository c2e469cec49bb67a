/** Monitoring constants without zod, so the renderer can import them (zod probes eval, which the CSP forbids). */

/** The chart ranges the Monitoring view offers. */
export const METRIC_RANGES = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type MetricRange = keyof typeof METRIC_RANGES;
export const METRIC_RANGE_NAMES = Object.keys(METRIC_RANGES) as MetricRange[];

/** Canonical metric names, whatever the API calls them. */
export const MONITOR_METRICS = ['cpu', 'memory', 'load', 'requests', 'connections', 'net_in', 'net_out', 'online', 'instances'] as const;
export type MonitorMetric = (typeof MONITOR_METRICS)[number];

export const ALERT_KINDS = ['instance.status', 'node.status', 'deployment', 'account.auth', 'account.unreachable', 'threshold'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** `open` while an alert's condition lasts, `resolved` once it ended. */
export const ALERT_STATES = ['open', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
/** What an alert is about. */
export const ALERT_TARGET_KINDS = ['instance', 'node', 'account', 'deployment'] as const;
