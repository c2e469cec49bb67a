import type { HangarEvent } from '../../../../shared/events';
import type { InstanceStatus, NodeStatus } from '../../../../shared/model';
import type { AccountRegistry } from '../accounts/registry';
import type { ActionCache } from '../cache/action-apply';
import type { SyncStateStore } from '../cache/sync-state-store';
import type { Emitter } from '../util/emitter';
import type { ActionDone } from './handlers';

export interface ApplyActionDeps {
  cache: ActionCache;
  registry: AccountRegistry;
  states: SyncStateStore;
  events: Emitter<HangarEvent>;
  now?: () => Date;
}

/**
 * The fleet handlers' `applyToCache`: writes the action's result into the cache, then tells the app what
 * changed — a status event per object whose status moved, and `sync.changed` so open views re-read the cache.
 */
export function applyActionToCache(deps: ApplyActionDeps): (done: ActionDone) => void {
  const now = deps.now ?? (() => new Date());
  return ({ accountId, kind, action, id, result }) => {
    const account = deps.registry.get(accountId);
    const at = now();
    const changes = deps.cache.apply({
      account: { id: account.id, provider: account.provider, environment: account.environment },
      kind,
      action,
      id,
      result,
      at,
    });
    if (changes.length === 0) return;
    const atIso = at.toISOString();
    for (const c of changes) {
      if (c.to === null) continue;
      if (c.kind === 'instance') {
        deps.events.emit({ type: 'instance.statusChanged', accountId, id: c.id, name: c.name, from: c.from as InstanceStatus | null, to: c.to as InstanceStatus, at: atIso });
      } else {
        deps.events.emit({ type: 'node.statusChanged', accountId, id: c.id, name: c.name, from: c.from as NodeStatus | null, to: c.to as NodeStatus, at: atIso });
      }
    }
    // The counts travel with the event (and sync_state holds the same now), so every count updates at once.
    const state = deps.states.get(accountId);
    if (state?.lastSuccessAt) deps.events.emit({ type: 'sync.changed', accountId, ...deps.cache.counts(accountId), asOf: state.lastSuccessAt });
    else if (state?.firstSyncPartial) deps.events.emit({ type: 'sync.changed', accountId, ...deps.cache.counts(accountId), asOf: null, partial: true });
  };
}
