import type { Row } from '../../../../shared/contract';
import type { Instance, NodeInfo, Ref } from '../../../../shared/model';
import type { FleetQueries } from './fleet-query';
import { INSTANCE_TABLE, NODE_TABLE } from './fleet-tables';

export interface CachedObject<T> {
  value: Row<T>;
  /** When the account's last snapshot was taken (ISO), or null. */
  asOf: string | null;
}

/**
 * Cache fallbacks for `instances.get` / `nodes.get` when the API cannot be reached:
 * the object as last synced, or undefined when it was never cached.
 */
export function cachedLookups(fleet: FleetQueries) {
  return {
    cachedInstance(ref: Ref): CachedObject<Instance> | undefined {
      const hit = fleet.one(INSTANCE_TABLE, ref.accountId, ref.id);
      return hit && { value: hit.row, asOf: hit.asOf };
    },
    cachedNode(ref: Ref): CachedObject<NodeInfo> | undefined {
      const hit = fleet.one(NODE_TABLE, ref.accountId, ref.id);
      return hit && { value: hit.row, asOf: hit.asOf };
    },
  };
}

export type CachedLookups = ReturnType<typeof cachedLookups>;
