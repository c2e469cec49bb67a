import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { HangarClient } from '../../renderer/src/api/client';
import { installNavigation } from '../../renderer/src/lib/navigate';
import { useFleetStore } from '../../renderer/src/stores/fleet';
import { useScopeStore } from '../../renderer/src/stores/scope';
import type { HangarEvent } from '../../shared/events';

/** What a tray item or a notification click does in the window: the route opens, scoped to its account. */
describe('installNavigation', () => {
  let emit: (e: HangarEvent) => void;
  let client: HangarClient;

  beforeEach(() => {
    setActivePinia(createPinia());
    const listeners: ((e: HangarEvent) => void)[] = [];
    emit = (e) => listeners.forEach((l) => l(e));
    client = {
      call: async () => {
        throw new Error('not used');
      },
      prefetch: () => {
        throw new Error('not used');
      },
      onEvent: (l) => {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
    };
  });

  function router() {
    const r = createRouter({
      history: createMemoryHistory(),
      routes: ['/fleet', '/monitor', '/accounts'].map((path) => ({ path, component: { template: '<div />' } })),
    });
    return r;
  }

  it('opens the route main asks for; ?account scopes the app, /fleet?search filters the fleet', async () => {
    const r = router();
    await r.push('/accounts');
    const stop = installNavigation(r, client);
    emit({ type: 'app.navigate', route: '/fleet?account=a1&focus=i1&search=web-1' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await r.isReady();
    await expect.poll(() => r.currentRoute.value.path).toBe('/fleet');
    expect(useScopeStore().scope).toEqual({ kind: 'account', accountId: 'a1' });
    expect(useFleetStore().filters.instances.text).toBe('web-1');

    emit({ type: 'app.navigate', route: '/monitor?account=a2&node=n1' });
    await expect.poll(() => r.currentRoute.value.fullPath).toBe('/monitor?account=a2&node=n1');
    expect(useScopeStore().scope).toEqual({ kind: 'account', accountId: 'a2' });

    stop();
    emit({ type: 'app.navigate', route: '/accounts' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.currentRoute.value.path).toBe('/monitor');
  });
});
