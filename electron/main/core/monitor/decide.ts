/**
 * The alert decisions, as plain functions over inputs: which transitions raise an alert, threshold
 * crossings with hysteresis, quiet hours, what to notify, where a click goes.
 */
import type { Alert, AlertKind, MonitorSettings, Threshold } from '../../../../shared/contract/monitor';
import type { HangarEvent } from '../../../../shared/events';
import type { InstanceStatus, NodeStatus } from '../../../../shared/model';

/** An alert before it is stored (the store assigns its id and account name, the engine whether it notifies). */
export type AlertDraft = Omit<Alert, 'id' | 'accountName' | 'notified' | 'state' | 'resolvedAt'> & {
  /** Same key = same alert: stored once. */
  dedupeKey: string;
  /**
   * The condition the alert is about (one instance's status, one threshold on one node…): a new alert of
   * the same condition ends the open one; a warning or error stays open until then (or until the engine
   * sees the condition end), an info alert (a recovery) or one without a condition is over when raised.
   */
  conditionKey?: string;
};

/** Condition keys; the threshold's and outage's are also the engine's state keys. */
export const conditions = {
  instance: (accountId: string, id: string) => `instance:${accountId}:${id}`,
  node: (accountId: string, id: string) => `node:${accountId}:${id}`,
  auth: (accountId: string) => `auth:${accountId}`,
  offline: (accountId: string) => `offline:${accountId}`,
  threshold: (thresholdId: string, accountId: string, nodeId: string) => `th:${thresholdId}:${accountId}:${nodeId}`,
};

/** What the configs work emits while it follows a deployment (configs/publish.ts); only final statuses raise an alert. */
export type DeploymentEvent = Extract<HangarEvent, { type: 'deployment.progress' }>;

const DOWN_INSTANCE: readonly InstanceStatus[] = ['stopped', 'failed', 'suspended', 'offline'];

const q = encodeURIComponent;
export const routes = {
  instance: (accountId: string, id: string, name: string) => `/fleet?account=${q(accountId)}&focus=${q(id)}&search=${q(name)}`,
  node: (accountId: string, id: string) => `/monitor?account=${q(accountId)}&node=${q(id)}`,
  account: (accountId: string) => `/accounts?focus=${q(accountId)}`,
  deployment: (accountId: string, kind: string, id: string) => `/configs?account=${q(accountId)}&kind=${q(kind)}&id=${q(id)}`,
};

export function instanceTransition(e: { accountId: string; id: string; name: string; from: InstanceStatus | null; to: InstanceStatus; at: string }): AlertDraft | undefined {
  if (e.from === null || e.from === e.to) return undefined;
  const wentDown = e.from === 'running' && DOWN_INSTANCE.includes(e.to);
  const cameBack = DOWN_INSTANCE.includes(e.from) && e.to === 'running';
  if (!wentDown && !cameBack) return undefined;
  return {
    at: e.at,
    accountId: e.accountId,
    kind: 'instance.status',
    severity: cameBack ? 'info' : e.to === 'failed' ? 'error' : 'warning',
    targetKind: 'instance',
    targetId: e.id,
    targetName: e.name,
    title: cameBack ? `${e.name} is running again` : `${e.name} is ${e.to}`,
    message: `Instance ${e.name}: ${e.from} → ${e.to}`,
    route: routes.instance(e.accountId, e.id, e.name),
    dedupeKey: `instance:${e.accountId}:${e.id}:${e.from}>${e.to}:${e.at}`,
    conditionKey: conditions.instance(e.accountId, e.id),
  };
}

export function nodeTransition(e: { accountId: string; id: string; name: string; from: NodeStatus | null; to: NodeStatus; at: string }): AlertDraft | undefined {
  if (e.from === null || e.from === e.to) return undefined;
  const wentDown = e.from === 'online' && e.to === 'offline';
  const cameBack = e.from === 'offline' && e.to === 'online';
  if (!wentDown && !cameBack) return undefined;
  return {
    at: e.at,
    accountId: e.accountId,
    kind: 'node.status',
    severity: cameBack ? 'info' : 'error',
    targetKind: 'node',
    targetId: e.id,
    targetName: e.name,
    title: cameBack ? `Node ${e.name} is back online` : `Node ${e.name} went offline`,
    message: `Node ${e.name}: ${e.from} → ${e.to}`,
    route: routes.node(e.accountId, e.id),
    dedupeKey: `node:${e.accountId}:${e.id}:${e.from}>${e.to}:${e.at}`,
    conditionKey: conditions.node(e.accountId, e.id),
  };
}

export function deploymentOutcome(e: DeploymentEvent): AlertDraft | undefined {
  const d = e.deployment;
  if (d.status === 'pending') return undefined;
  const failed = d.status === 'failed';
  const target = e.target.kind === 'group' ? `group ${e.target.id}` : e.target.id;
  const failures = d.failures.map((f) => `${f.name}: ${f.message}`).join('; ');
  return {
    at: e.at,
    accountId: e.accountId,
    kind: 'deployment',
    severity: failed ? 'error' : 'info',
    targetKind: 'deployment',
    targetId: d.id,
    targetName: target,
    title: failed ? `Deployment to ${target} failed` : `Deployment to ${target} finished`,
    message: d.message || failures || (failed ? 'The deployment failed' : 'The deployment finished'),
    route: routes.deployment(e.accountId, e.target.kind, e.target.id),
    dedupeKey: `deployment:${e.accountId}:${d.id}:${d.status}`,
  };
}

export function signInFailed(accountId: string, accountName: string, since: string, message: string | undefined): AlertDraft {
  return {
    at: since,
    accountId,
    kind: 'account.auth',
    severity: 'error',
    targetKind: 'account',
    targetId: accountId,
    targetName: accountName,
    title: `Sign-in to ${accountName} failed`,
    message: message ?? 'The API refused the credentials',
    route: routes.account(accountId),
    dedupeKey: `auth:${accountId}:${since}`,
    conditionKey: conditions.auth(accountId),
  };
}

/** An account offline since `sinceMs`: an alert once it has been so for longer than `minutes`. */
export function unreachableFor(
  accountId: string,
  accountName: string,
  sinceMs: number,
  nowMs: number,
  minutes: number,
  message: string | undefined,
): AlertDraft | undefined {
  if (nowMs - sinceMs <= minutes * 60_000) return undefined;
  const since = new Date(sinceMs).toISOString();
  return {
    at: new Date(nowMs).toISOString(),
    accountId,
    kind: 'account.unreachable',
    severity: 'error',
    targetKind: 'account',
    targetId: accountId,
    targetName: accountName,
    title: `${accountName} unreachable for over ${minutes} min`,
    message: message ?? `No answer since ${since}`,
    route: routes.account(accountId),
    dedupeKey: `unreachable:${accountId}:${since}`,
    conditionKey: conditions.offline(accountId),
  };
}

/** Whether a threshold applies to a node of an account (node > account > everywhere). */
export function thresholdApplies(t: Threshold, accountId: string, nodeId: string): boolean {
  if (t.accountId && t.accountId !== accountId) return false;
  if (t.nodeId && t.nodeId !== nodeId) return false;
  return true;
}

/**
 * One step of a threshold's state: it fires when the value rises above `above` while armed, and re-arms
 * only once the value is back below `clearBelow` (default 90 % of `above`), so noise around the line
 * gives one alert per crossing.
 */
export function thresholdStep(armed: boolean, value: number, t: Pick<Threshold, 'above' | 'clearBelow'>): { armed: boolean; fire: boolean } {
  const clear = t.clearBelow ?? t.above * 0.9;
  if (armed && value > t.above) return { armed: false, fire: true };
  if (!armed && value < clear) return { armed: true, fire: false };
  return { armed, fire: false };
}

export function thresholdCrossed(
  t: Threshold,
  accountId: string,
  nodeId: string,
  nodeName: string,
  value: number,
  at: string,
): AlertDraft {
  return {
    at,
    accountId,
    kind: 'threshold',
    severity: 'warning',
    targetKind: 'node',
    targetId: nodeId,
    targetName: nodeName,
    title: `${nodeName}: ${t.metric} ${value} above ${t.above}`,
    message: `${t.metric} on ${nodeName} is ${value} (threshold ${t.above}, clears below ${t.clearBelow ?? Math.round(t.above * 90) / 100})`,
    route: routes.node(accountId, nodeId),
    dedupeKey: `threshold:${t.id}:${accountId}:${nodeId}:${at}`,
    conditionKey: conditions.threshold(t.id, accountId, nodeId),
  };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Quiet hours over local minutes since midnight; a window may wrap midnight (22:00–07:00). */
export function inQuietHours(localMinutes: number, quiet: MonitorSettings['quietHours']): boolean {
  if (!quiet.enabled) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? localMinutes >= start && localMinutes < end : localMinutes >= start || localMinutes < end;
}

/** Minutes since local midnight (`offsetMinutes` east of UTC; the app passes the machine's own). */
export function localMinutes(atMs: number, offsetMinutes = -new Date(atMs).getTimezoneOffset()): number {
  const m = Math.floor((atMs / 60_000 + offsetMinutes) % 1440);
  return m < 0 ? m + 1440 : m;
}

/** Whether an alert kind is subscribed for an account: the account's own list, else the `*` list. */
export function subscribed(settings: Pick<MonitorSettings, 'subscriptions'>, accountId: string | null, kind: AlertKind): boolean {
  const list = (accountId !== null ? settings.subscriptions[accountId] : undefined) ?? settings.subscriptions['*'] ?? [];
  return list.includes(kind);
}

/** A native notification is shown for a subscribed alert outside quiet hours (errors included: quiet means quiet). */
export function shouldNotify(
  alert: { accountId: string | null; kind: AlertKind },
  settings: Pick<MonitorSettings, 'subscriptions' | 'quietHours'>,
  nowLocalMinutes: number,
): boolean {
  return subscribed(settings, alert.accountId, alert.kind) && !inQuietHours(nowLocalMinutes, settings.quietHours);
}
