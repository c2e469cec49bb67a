import type { UpdateChannel, UpdateStatus } from '../../../../shared/contract/updates';
import type { HangarEvent } from '../../../../shared/events';
import type { Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import type { UpdaterPort } from './port';
import type { UpdateSettings } from './settings';

/** Checks run at start and then every six hours. */
export const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

export interface UpdateClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemUpdateClock: UpdateClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    t.unref?.();
    return t;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface UpdateManagerDeps {
  /** Absent where there is no updater (development builds, the browser harness, the CLI). */
  port?: UpdaterPort;
  /** Why there is no port, shown in Settings. */
  unsupportedReason?: string;
  settings: UpdateSettings;
  currentVersion: string;
  log: Logger;
  events: Emitter<HangarEvent>;
  clock?: UpdateClock;
}

/**
 * The update decisions: check at start and every 6 hours, download only when the user asks, install
 * ("restart to update") only a downloaded release, stable or beta channel. A failure is logged and kept
 * in the status; it never throws into the app.
 */
export class UpdateManager {
  private state: UpdateStatus;
  private timer: unknown;
  private inFlight: Promise<UpdateStatus> | undefined;
  private readonly clock: UpdateClock;

  constructor(private readonly deps: UpdateManagerDeps) {
    this.clock = deps.clock ?? systemUpdateClock;
    this.state = {
      phase: deps.port ? 'idle' : 'unsupported',
      currentVersion: deps.currentVersion,
      channel: deps.settings.channel(),
      ...(deps.port ? {} : { reason: deps.unsupportedReason ?? 'Updates are installed by the packaged app.' }),
    };
  }

  status(): UpdateStatus {
    return { ...this.state };
  }

  /** First check now, then every six hours (the app calls it once it is up). */
  start(): void {
    if (!this.deps.port || this.timer !== undefined) return;
    void this.check();
    this.timer = this.clock.setInterval(() => void this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Asks the feed. A download under way or a release waiting to be installed is not disturbed. */
  check(): Promise<UpdateStatus> {
    const port = this.deps.port;
    if (!port) return Promise.resolve(this.status());
    if (this.state.phase === 'downloading' || this.state.phase === 'ready') return Promise.resolve(this.status());
    this.inFlight ??= (async () => {
      const channel = this.state.channel;
      this.set({ phase: 'checking' });
      const at = new Date(this.clock.now()).toISOString();
      try {
        const found = await port.check(channel);
        if (found.available && found.version) {
          this.set({
            phase: 'available',
            reason: undefined,
            lastCheck: { at, ok: true },
            available: { version: found.version, releaseNotes: found.releaseNotes ?? '', ...(found.releaseDate ? { releaseDate: found.releaseDate } : {}) },
          });
          this.deps.log.info('update available', { version: found.version, channel });
        } else {
          this.set({ phase: 'up-to-date', reason: undefined, lastCheck: { at, ok: true }, available: undefined });
          this.deps.log.info('no update', { channel });
        }
      } catch (e) {
        const error = messageOf(e);
        this.set({ phase: 'error', reason: `The update check failed: ${error}`, lastCheck: { at, ok: false, error } });
        this.deps.log.warn('update check failed', { channel, error });
      }
      return this.status();
    })().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Downloads the release a check found; only when the user asks. */
  async download(): Promise<UpdateStatus> {
    const port = this.deps.port;
    if (!port || this.state.phase !== 'available') return this.status();
    this.set({ phase: 'downloading', percent: 0, reason: undefined });
    try {
      await port.download((percent) => this.set({ percent: Math.max(0, Math.min(100, Math.round(percent))) }));
      this.set({ phase: 'ready', percent: 100 });
      this.deps.log.info('update downloaded', { version: this.state.available?.version });
    } catch (e) {
      const error = messageOf(e);
      // Still available: the user may try again.
      this.set({ phase: 'available', percent: undefined, reason: `The download failed: ${error}` });
      this.deps.log.warn('update download failed', { error });
    }
    return this.status();
  }

  /** Restart to update: only a downloaded release. */
  install(): UpdateStatus {
    if (!this.deps.port || this.state.phase !== 'ready') return this.status();
    this.deps.log.info('installing update', { version: this.state.available?.version });
    try {
      this.deps.port.install();
    } catch (e) {
      this.set({ phase: 'error', reason: `The update could not be installed: ${messageOf(e)}` });
      this.deps.log.error('update install failed', { error: messageOf(e) });
    }
    return this.status();
  }

  /** Saves the channel and, where updates work, checks that channel at once. */
  async setChannel(channel: UpdateChannel): Promise<UpdateStatus> {
    this.deps.settings.setChannel(channel);
    if (channel === this.state.channel) return this.status();
    const busy = this.state.phase === 'downloading' || this.state.phase === 'ready';
    this.set({ channel, ...(busy ? {} : { available: undefined }) });
    return busy ? this.status() : this.check();
  }

  private set(patch: Partial<UpdateStatus>): void {
    const next = { ...this.state, ...patch };
    for (const key of Object.keys(next) as (keyof UpdateStatus)[]) if (next[key] === undefined) delete next[key];
    this.state = next;
    this.deps.events.emit({ type: 'updates.changed', status: this.status() });
  }
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
}
