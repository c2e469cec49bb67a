import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { MonitorSettings, MonitorSummary } from '../../../shared/contract';
import { toApiError, type ApiError } from '../api/client';
import { useClient } from '../api/inject';

const REFRESH_ON = new Set(['sync.changed', 'sync.state', 'connectivity.changed', 'accounts.changed', 'alert.raised']);

/** The tray's summary for the status bar, the newest alert id (live), and the monitoring settings. */
export const useMonitorStore = defineStore('monitor', () => {
  const client = useClient();
  const summary = shallowRef<MonitorSummary | null>(null);
  const settings = shallowRef<MonitorSettings | null>(null);
  const error = shallowRef<ApiError | null>(null);
  /** Bumped on each alert raised or resolved: lists re-read. */
  const alertVersion = shallowRef(0);
  let stop: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function loadSummary(): Promise<void> {
    try {
      summary.value = await client.call('monitor.summary', undefined);
      error.value = null;
    } catch (e) {
      error.value = toApiError(e);
    }
  }

  async function loadSettings(): Promise<MonitorSettings> {
    settings.value = await client.call('monitor.settings', undefined);
    return settings.value;
  }

  async function saveSettings(patch: Partial<MonitorSettings>): Promise<MonitorSettings> {
    settings.value = await client.call('monitor.updateSettings', patch);
    return settings.value;
  }

  function start(): void {
    if (stop) return;
    void loadSummary();
    stop = client.onEvent((e) => {
      if (e.type === 'alert.raised' || e.type === 'alert.resolved') alertVersion.value++;
      // Changed elsewhere (another window, the CLI): open views show the new settings without a restart.
      if (e.type === 'monitor.settingsChanged') settings.value = e.settings;
      if (!REFRESH_ON.has(e.type) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void loadSummary();
      }, 400);
    });
  }

  function dispose(): void {
    stop?.();
    stop = null;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return { summary, settings, error, alertVersion, start, dispose, loadSummary, loadSettings, saveSettings };
});
