import { HangarError } from '../../../../../shared/errors';
import type { Instance, InstanceStatus } from '../../../../../shared/model';

/** The Accounts API's instance fields Hangar reads (the rest stays in `raw`). */
export interface ZestyInstanceView {
  ZUID: string;
  name: string;
  domain: string | null;
  cancelledAt: string | null;
  cancelledReason: string | null;
  ecoZUID: string | null;
  blueprintZUID: string | null;
  createdAt?: string;
  updatedAt?: string;
}

const optionalString = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** An instance object, or undefined when it has no ZUID (callers decide whether that is fatal). */
export function readInstance(value: unknown): ZestyInstanceView | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const ZUID = optionalString(v.ZUID);
  if (!ZUID) return undefined;
  return {
    ZUID,
    name: optionalString(v.name) ?? ZUID,
    domain: optionalString(v.domain),
    cancelledAt: optionalString(v.cancelledAt),
    cancelledReason: optionalString(v.cancelledReason),
    ecoZUID: optionalString(v.ecoZUID),
    blueprintZUID: optionalString(v.blueprintZUID),
    createdAt: optionalString(v.createdAt) ?? undefined,
    updatedAt: optionalString(v.updatedAt) ?? undefined,
  };
}

export function requireInstance(value: unknown, what: string): ZestyInstanceView {
  const v = readInstance(value);
  if (!v) throw new HangarError('BAD_RESPONSE', `Zesty answered ${what} without an instance (an object with a ZUID)`);
  return v;
}

/**
 * Zesty has no run state for an instance; what it has is cancellation: `cancelledAt` /
 * `cancelledReason` set means the instance is cancelled (shown as suspended), else it is active (running).
 */
export function statusOf(v: Pick<ZestyInstanceView, 'cancelledAt' | 'cancelledReason'>): { status: InstanceStatus; rawStatus: string } {
  if (v.cancelledAt || v.cancelledReason) {
    return { status: 'suspended', rawStatus: v.cancelledReason ? `cancelled: ${v.cancelledReason}` : 'cancelled' };
  }
  return { status: 'running', rawStatus: 'active' };
}

export function toInstance(accountId: string, v: ZestyInstanceView, raw: unknown): Instance {
  const labels: Record<string, string> = {};
  if (v.ecoZUID) labels.ecosystem = v.ecoZUID;
  if (v.blueprintZUID) labels.blueprint = v.blueprintZUID;
  return {
    accountId,
    provider: 'zesty',
    id: v.ZUID,
    name: v.name,
    ...statusOf(v),
    address: v.domain ?? undefined,
    labels,
    updatedAt: v.updatedAt ?? v.createdAt,
    raw,
  };
}
