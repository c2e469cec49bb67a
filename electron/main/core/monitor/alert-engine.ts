import type { Alert, MonitorMetric } from '../../../../shared/contract/monitor';
import type { HangarEvent } from '../../../../shared/events';
import type { ActivityLog } from '../activity/store';
import type { Disposable, Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import type { AlertStore } from './alert-store';
import {
  conditions,
  deploymentOutcome,
  instanceTransition,
  localMinutes,
  nodeTransition,
  shouldNotify,
  signInFailed,
  thresholdApplies,
  thresholdCrossed,
  thresholdStep,
  unreachableFor,
  type AlertDraft,
} from './decide';

export interface AlertEngineDeps {
  store: AlertStore;
  events: Emitter<HangarEvent>;
  activity?: ActivityLog;
  accountName(accountId: string): string | null;
  nodeName(accountId: string, nodeId: string): string | null;
  now(): number;
  /** Local minutes since midnight for quiet hours (default: the machine's time zone). */
  localMinutes?(nowMs: number): number;
  log: Logger;
}

/**
 * Turns events (status transitions, sync states, reachability, deployments) and metric readings into
 * stored, de-duplicated alerts; each new alert goes to the activity log and out as `alert.raised`,
 * marked `notified` when the user's subscriptions and quiet hours let it through.
 */
export class AlertEngine {
  private subscription: Disposable | undefined;

  constructor(private readonly deps: AlertEngineDeps) {}

  start(): void {
    this.subscription ??= this.deps.events.on((e) => {
      try {
        this.onEvent(e);
      } catch (err) {
        this.deps.log.error('alert handling failed', { type: e.type, error: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  stop(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
  }

  onEvent(e: HangarEvent): Alert[] {
    const raised: Alert[] = [];
    const push = (d: AlertDraft | undefined) => {
      const a = d && this.raise(d);
      if (a) raised.push(a);
    };
    const ev = e;
    switch (ev.type) {
      case 'deployment.progress':
        push(deploymentOutcome(ev));
        break;
      case 'instance.statusChanged': {
        const d = instanceTransition(ev);
        push(d);
        // Back to running by another path (stopped → starting → running): its open alert is over all the same.
        if (!d && ev.from !== null && ev.to === 'running') this.resolve(conditions.instance(ev.accountId, ev.id), ev.at);
        break;
      }
      case 'node.statusChanged': {
        const d = nodeTransition(ev);
        push(d);
        if (!d && ev.from !== null && ev.to === 'online') this.resolve(conditions.node(ev.accountId, ev.id), ev.at);
        break;
      }
      case 'sync.state': {
        const key = `auth:${ev.accountId}`;
        if (ev.state === 'auth_failed') {
          if (!this.deps.store.state(key)) {
            const since = new Date(this.deps.now()).toISOString();
            this.deps.store.setState(key, since);
            push(signInFailed(ev.accountId, this.deps.accountName(ev.accountId) ?? ev.accountId, since, ev.message));
          }
        } else if (ev.state === 'ok') {
          this.deps.store.setState(key, undefined);
          this.resolve(conditions.auth(ev.accountId));
        }
        if (ev.state === 'offline') this.markOffline(ev.accountId, ev.message);
        if (ev.state === 'ok') this.backOnline(ev.accountId);
        raised.push(...this.tick());
        break;
      }
      case 'connectivity.changed':
        if (ev.online) this.backOnline(ev.accountId);
        else this.markOffline(ev.accountId, ev.message);
        break;
      default:
        break;
    }
    return raised;
  }

  /** Raises "unreachable for longer than N minutes" for accounts offline that long (once per outage). */
  tick(): Alert[] {
    const now = this.deps.now();
    const minutes = this.deps.store.settings().unreachableMinutes;
    const out: Alert[] = [];
    for (const { key, value } of this.offlineStates()) {
      const accountId = key.slice('offline:'.length);
      const { since, message } = JSON.parse(value) as { since: number; message?: string };
      const d = unreachableFor(accountId, this.deps.accountName(accountId) ?? accountId, since, now, minutes, message);
      const a = d && this.raise(d);
      if (a) out.push(a);
    }
    return out;
  }

  /** Checks a node's latest readings against the thresholds that apply to it. */
  onReadings(accountId: string, nodeId: string, latest: Partial<Record<MonitorMetric, number>>): Alert[] {
    const settings = this.deps.store.settings();
    const out: Alert[] = [];
    for (const t of settings.thresholds) {
      const value = latest[t.metric];
      if (value === undefined || !thresholdApplies(t, accountId, nodeId)) continue;
      const key = `th:${t.id}:${accountId}:${nodeId}`;
      const armed = this.deps.store.state(key) === undefined;
      const step = thresholdStep(armed, value, t);
      if (step.armed !== armed) this.deps.store.setState(key, step.armed ? undefined : 'crossed');
      if (step.armed && !armed) this.resolve(conditions.threshold(t.id, accountId, nodeId));
      if (step.fire) {
        const at = new Date(this.deps.now()).toISOString();
        // Crossings are numbered, so two within the same millisecond are still two.
        const n = Number(this.deps.store.state(`thn:${key}`) ?? 0) + 1;
        this.deps.store.setState(`thn:${key}`, String(n));
        const draft = thresholdCrossed(t, accountId, nodeId, this.deps.nodeName(accountId, nodeId) ?? nodeId, Math.round(value * 10) / 10, at);
        const a = this.raise({ ...draft, dedupeKey: `${draft.dedupeKey}#${n}` });
        if (a) out.push(a);
      }
    }
    return out;
  }

  /** Whether a threshold is crossed (not re-armed) now on this node. */
  crossed(accountId: string, nodeId: string): MonitorMetric[] {
    return this.deps.store
      .settings()
      .thresholds.filter((t) => thresholdApplies(t, accountId, nodeId) && this.deps.store.state(`th:${t.id}:${accountId}:${nodeId}`) !== undefined)
      .map((t) => t.metric);
  }

  private backOnline(accountId: string): void {
    this.deps.store.setState(conditions.offline(accountId), undefined);
    this.resolve(conditions.offline(accountId));
  }

  /** Ends a condition's open alerts, and says so to the views when there were some. */
  private resolve(conditionKey: string, at = new Date(this.deps.now()).toISOString()): void {
    for (const r of this.deps.store.resolve(conditionKey, at)) this.deps.events.emit({ type: 'alert.resolved', ...r, at });
  }

  private markOffline(accountId: string, message: string | undefined): void {
    const key = `offline:${accountId}`;
    if (this.deps.store.state(key)) return;
    this.deps.store.setState(key, JSON.stringify({ since: this.deps.now(), message }));
  }

  private offlineStates(): { key: string; value: string }[] {
    return this.deps.store.statesWithPrefix('offline:');
  }

  private raise(d: AlertDraft): Alert | undefined {
    const settings = this.deps.store.settings();
    const now = this.deps.now();
    const minutes = this.deps.localMinutes ? this.deps.localMinutes(now) : localMinutes(now);
    const notify = shouldNotify(d, settings, minutes);
    const accountName = d.accountId ? this.deps.accountName(d.accountId) : null;
    const alert = this.deps.store.add(d, accountName, notify);
    if (!alert) return undefined;
    try {
      this.deps.activity?.record({
        at: new Date(d.at),
        accountId: d.accountId,
        accountName,
        kind: 'alert',
        action: `alert.${d.kind}`,
        targetKind: d.targetKind === 'deployment' ? 'config' : d.targetKind,
        targetId: d.targetId,
        targetName: d.targetName,
        summary: d.title,
        outcome: d.severity === 'error' ? 'error' : 'info',
        message: d.message,
        details: { severity: d.severity, route: d.route, notified: notify },
      });
    } catch (e) {
      this.deps.log.warn('could not record the alert in the activity log', { error: e instanceof Error ? e.message : String(e) });
    }
    this.deps.events.emit({ type: 'alert.raised', alert });
    return alert;
  }
}
