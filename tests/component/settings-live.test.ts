import { mount } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import NotificationSettings from '../../renderer/src/components/monitor/NotificationSettings.vue';
import { CLIENT_KEY } from '../../renderer/src/api/inject';
import { useMonitorStore } from '../../renderer/src/stores/monitor';
import type { MonitorSettings } from '../../shared/contract';
import { startRealCore, type RealCore } from './real-core';

const CORE_MODULE = '../../electron/main/core/core';
const SECRETS_MODULE = '../../electron/main/core/secrets/memory';

interface SecondCore {
  dispatch(channel: string, payload: unknown): Promise<unknown>;
  close(): Promise<void>;
}
interface AppCore {
  database: { file: string };
  monitor: { store: { refreshSettings(): boolean } };
}

/** The Notifications panel follows settings another process (here a second core on the same file, as the CLI is) changed. */
describe('NotificationSettings follows settings changed elsewhere', () => {
  let real: RealCore;
  let other: SecondCore;
  beforeEach(async () => {
    real = await startRealCore();
    const { createCore } = (await import(/* @vite-ignore */ CORE_MODULE)) as { createCore(o: unknown): SecondCore };
    const { MemorySecretStore } = (await import(/* @vite-ignore */ SECRETS_MODULE)) as { MemorySecretStore: new () => unknown };
    const dataDir = (real.core as unknown as AppCore).database.file.replace(/[/\\][^/\\]+$/, '');
    other = createCore({ dataDir, secretStore: new MemorySecretStore(), surface: 'cli' });
  });
  afterEach(async () => {
    await other.close();
    await real.close();
  });

  function mountPanel() {
    const monitor = useMonitorStore(real.pinia);
    monitor.start();
    const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(NotificationSettings) }) });
    const wrapper = mount(Host, { global: { plugins: [real.pinia], provide: { [CLIENT_KEY as symbol]: real.client } } });
    return { monitor, wrapper };
  }
  const change = async (patch: Partial<MonitorSettings>) => {
    await other.dispatch('monitor.updateSettings', patch);
    // What the monitor's tick does in the app.
    expect((real.core as unknown as AppCore).monitor.store.refreshSettings()).toBe(true);
  };
  const value = (wrapper: ReturnType<typeof mountPanel>['wrapper'], id: string) =>
    (wrapper.find(`[data-testid="${id}"] input`).element as HTMLInputElement).value;

  it('shows the new values at once when the form is untouched', async () => {
    const { monitor, wrapper } = mountPanel();
    await monitor.loadSettings();
    await vi.waitFor(() => expect(value(wrapper, 'quiet-start')).toBe('22:00'));
    await change({ quietHours: { enabled: true, start: '21:15', end: '06:00' }, unreachableMinutes: 25 });
    await vi.waitFor(() => expect(value(wrapper, 'quiet-start')).toBe('21:15'));
    expect(value(wrapper, 'unreachable-minutes')).toBe('25');
    expect(wrapper.find('[data-testid="settings-changed-elsewhere"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('keeps unsaved edits and says the settings changed elsewhere, with a way to load them', async () => {
    const { monitor, wrapper } = mountPanel();
    await monitor.loadSettings();
    await vi.waitFor(() => expect(value(wrapper, 'quiet-end')).toBe('07:00'));
    await wrapper.find('[data-testid="quiet-end"] input').setValue('08:30');
    await change({ unreachableMinutes: 42 });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="settings-changed-elsewhere"]').exists()).toBe(true));
    expect(value(wrapper, 'quiet-end')).toBe('08:30');
    await wrapper.find('[data-testid="settings-changed-elsewhere"] button').trigger('click');
    await vi.waitFor(() => expect(value(wrapper, 'unreachable-minutes')).toBe('42'));
    expect(value(wrapper, 'quiet-end')).toBe('07:00');
    wrapper.unmount();
  });
});
