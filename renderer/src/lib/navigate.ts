import type { Router } from 'vue-router';
import type { HangarClient } from '../api/client';
import { useFleetStore } from '../stores/fleet';
import { useScopeStore } from '../stores/scope';

/**
 * Routes opened from outside the window (a tray item, a notification click) and links with a query:
 * `?account=ID` scopes the app to that account; `/fleet?search=NAME` types the instance's name into the
 * fleet filter so the row is the one shown.
 */
export function installNavigation(router: Router, client: HangarClient): () => void {
  const stop = client.onEvent((e) => {
    if (e.type === 'app.navigate') void router.push(e.route);
  });
  const remove = router.afterEach((to) => {
    const account = typeof to.query.account === 'string' ? to.query.account : undefined;
    if (account) useScopeStore().set({ kind: 'account', accountId: account });
    const search = typeof to.query.search === 'string' ? to.query.search : undefined;
    if (search !== undefined && to.path === '/fleet') useFleetStore().filters.instances.text = search;
  });
  return () => {
    stop();
    remove();
  };
}
