import type { InstanceStatus, NodeStatus } from './model';
import type { AccountSyncState, SyncProgress } from './contract/sync';

/** Events main → renderer (and to CLI watchers), all on one channel. */
export type HangarEvent =
  /** `partial`: pages of a never-synced account's first sync were committed (throttled); asOf is then null. */
  | { type: 'sync.changed'; accountId: string; instances: number; nodes: number; asOf: string | null; partial?: boolean }
  | { type: 'sync.state'; accountId: string; state: AccountSyncState; message?: string }
  /** Pages staged during a sync (at most a few per second per account, plus one at the start). */
  | ({ type: 'sync.progress'; accountId: string } & SyncProgress)
  | { type: 'connectivity.changed'; accountId: string; online: boolean; message?: string }
  | {
      type: 'instance.statusChanged';
      accountId: string;
      id: string;
      name: string;
      from: InstanceStatus | null;
      to: InstanceStatus;
      at: string;
    }
  | {
      type: 'node.statusChanged';
      accountId: string;
      id: string;
      name: string;
      from: NodeStatus | null;
      to: NodeStatus;
      at: string;
    }
  | { type: 'accounts.changed' }
  | { type: 'updates.changed'; status: import('./contract/updates').UpdateStatus }
  | { type: 'activity.recorded'; entry: import('./contract/activity').ActivityEntry }
  | {
      type: 'deployment.progress';
      accountId: string;
      target: import('./contract/configs').ConfigTarget;
      deployment: import('./model').Deployment;
      at: string;
    }
  | { type: 'configs.draftsChanged'; accountId: string }
  | { type: 'alert.raised'; alert: import('./contract/monitor').Alert }
  /** An object's open alerts ended without a new alert (threshold re-armed, account back, instance running again). */
  | { type: 'alert.resolved'; accountId: string | null; targetKind: import('./contract/monitor').Alert['targetKind']; targetId: string | null; at: string }
  /** The monitoring settings changed (in this process, or in another one on the same data, e.g. the CLI). */
  | { type: 'monitor.settingsChanged'; settings: import('./contract/monitor').MonitorSettings }
  /** Main asks the window to show a route (a tray item or a notification was clicked). */
  | { type: 'app.navigate'; route: string };

export type HangarEventType = HangarEvent['type'];

/** What window.hangar is: the same object in Electron's preload and in the browser harness. */
export interface HangarBridge {
  invoke(channel: string, input?: unknown): Promise<import('./errors').Envelope<unknown>>;
  onEvent(listener: (event: HangarEvent) => void): () => void;
}
