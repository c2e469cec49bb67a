import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent } from 'vue';
import ObjectAlerts from '../../renderer/src/components/ObjectAlerts.vue';
import { CLIENT_KEY } from '../../renderer/src/api/inject';
import type { HangarEvent } from '../../shared/events';
import { startRealCore, type RealCore } from './real-core';

/** The core's alert engine, started as the app starts it (the component test's CoreHandle leaves it out). */
interface WithMonitor {
  events: { emit(e: HangarEvent): void };
  monitor: { alerts: { start(): void; onReadings(accountId: string, nodeId: string, latest: Record<string, number>): unknown } };
}

describe('ObjectAlerts (mounted, real core)', () => {
  let real: RealCore;
  let core: WithMonitor;
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const at = () => new Date((clock += 60_000)).toISOString();
  beforeEach(async () => {
    real = await startRealCore();
    core = real.core as unknown as WithMonitor;
    core.monitor.alerts.start();
  });
  afterEach(async () => {
    await real.close();
  });

  const status = (id: string, from: string, to: string) =>
    core.events.emit({ type: 'instance.statusChanged', accountId: 'a1', id, name: id, from: from as never, to: to as never, at: at() });

  function mountIt(props: { targetKind: 'instance' | 'node'; ids: string[] }) {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: defineComponent({ render: () => null }) }] });
    return mount(ObjectAlerts, {
      props: { accountId: 'a1', name: props.ids[0]!, ...props },
      global: { plugins: [real.pinia, router], provide: { [CLIENT_KEY as symbol]: real.client } },
    });
  }

  it('says so when the object has no alert, then shows one live as it is raised, open, and resolved when it runs again', async () => {
    status('other', 'running', 'failed');
    const wrapper = mountIt({ targetKind: 'instance', ids: ['web-1'] });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="object-alerts-empty"]').exists()).toBe(true));
    expect(wrapper.findAll('[data-testid="object-alert"]')).toHaveLength(0);

    status('web-1', 'running', 'stopped');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="object-alert"]')).toHaveLength(1));
    const item = wrapper.find('[data-testid="object-alert"]');
    expect(item.attributes('data-state')).toBe('open');
    expect(item.text()).toContain('web-1 is stopped');
    expect(item.text()).toContain('instance.status');
    expect(item.text()).toMatch(/open since/);
    expect(wrapper.emitted('openCount')?.at(-1)).toEqual([1]);
    const link = wrapper.find('[data-testid="object-alerts-link"]');
    expect(link.attributes('href')).toBe('/alerts?account=a1&targetKind=instance&target=web-1&name=web-1');

    status('web-1', 'stopped', 'running');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="object-alert"][data-state="resolved"]')).toHaveLength(2));
    expect(wrapper.find('[data-testid="object-alerts-none-open"]').exists()).toBe(true);
    expect(wrapper.text()).toContain('web-1 is running again');
    expect(wrapper.text()).toMatch(/resolved/);
    expect(wrapper.emitted('openCount')?.at(-1)).toEqual([0]);
    wrapper.unmount();
  });

  it('a node shows its threshold alert while the threshold stays crossed, and follows an id the object had before', async () => {
    await real.client.call('monitor.updateSettings', { thresholds: [{ id: 'cpu', metric: 'cpu', above: 80, clearBelow: 70 }] });
    const wrapper = mountIt({ targetKind: 'node', ids: ['n1'] });
    await flushPromises();
    core.monitor.alerts.onReadings('a1', 'n1', { cpu: 95 });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="object-alert"][data-state="open"]')).toHaveLength(1));
    core.monitor.alerts.onReadings('a1', 'n1', { cpu: 50 });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="object-alert"][data-state="resolved"]')).toHaveLength(1));
    wrapper.unmount();

    status('old-id', 'running', 'failed');
    const moved = mountIt({ targetKind: 'instance', ids: ['new-id', 'old-id'] });
    await vi.waitFor(() => expect(moved.findAll('[data-testid="object-alert"]')).toHaveLength(1));
    expect(moved.text()).toContain('old-id is failed');
    moved.unmount();
  });
});
