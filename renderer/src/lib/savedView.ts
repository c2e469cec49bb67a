import type { Router } from 'vue-router';
import type { useFleetStore } from '../stores/fleet';
import type { SavedView } from '../stores/savedViews';
import type { useScopeStore } from '../stores/scope';

/** Opens a saved view: its scope app-wide, its filters, sort and columns in its view. */
export function applySavedView(
  view: SavedView,
  deps: { scope: ReturnType<typeof useScopeStore>; fleet: ReturnType<typeof useFleetStore>; router: Router },
): void {
  deps.scope.set(JSON.parse(JSON.stringify(view.scope)) as SavedView['scope']);
  deps.fleet.apply(view.kind, view.filter, view.columns);
  void deps.router.push(view.kind === 'nodes' ? '/nodes' : '/fleet');
}
