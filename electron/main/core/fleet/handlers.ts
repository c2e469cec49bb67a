import type { Handlers, InstanceDetail, NodeDetail } from '../../../../shared/contract';
import { HangarError, isRetryableCode } from '../../../../shared/errors';
import type { ActionResult, Capability, Instance, NodeInfo, Ref } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';
import type { AccountRegistry } from '../accounts/registry';
import type { ProviderPool } from '../providers/pool';
import type { Provider } from '../providers/types';
import type { Logger } from '../util/log';
import { withRedactedErrors } from '../secrets/redact-errors';
import type { Redactor } from '../util/redact';
import { checkActionParams, checkActionTarget, requireCapability } from './gate';
import { recordAction } from '../activity/record';
import type { ActivityLog } from '../activity/store';

export interface Cached<T> {
  value: T;
  /** When the cache last confirmed it (ISO), or null. */
  asOf: string | null;
}

export interface ActionDone {
  accountId: string;
  kind: 'instance' | 'node';
  action: string;
  id?: string;
  result: ActionResult;
}

export interface FleetDeps {
  registry: AccountRegistry;
  pool: ProviderPool;
  redactor: Redactor;
  log: Logger;
  now?: () => Date;
  /**
   * Optional cache fallback (set by the cache engine): when the live read cannot be made — the API is
   * unreachable, timing out, rate-limited or failing, or the keychain is unavailable — instances.get answers
   * from here with `source: 'cache'`. Return undefined when the cache has no such object (the live error stands).
   */
  cachedInstance?(ref: Ref): Promise<Cached<Instance> | undefined>;
  /** The same for nodes.get. */
  cachedNode?(ref: Ref): Promise<Cached<NodeInfo> | undefined>;
  /** Where every action's outcome is recorded (absent: not recorded). */
  activity?: ActivityLog;
  /** Who runs the actions (the OS user and the surface), for the activity log. */
  actor?: string;
  /**
   * Puts the action's result into the cache (and tells the app) before the call returns, so the next read of
   * the cache shows the state the action left. Runs before the activity entry is recorded and before
   * `afterAction`; a failure is logged, not thrown.
   */
  applyToCache?(done: ActionDone): void;
  /** Told after an action went through, e.g. so sync refreshes the account. Must not throw. */
  afterAction?(done: ActionDone): void;
}

type FleetChannel = 'instances.get' | 'instances.act' | 'nodes.get' | 'nodes.act' | 'nodes.metrics';

/** Errors where the live answer is out of reach but a cached copy is still worth showing. */
function liveUnavailable(e: unknown): boolean {
  return e instanceof HangarError && (isRetryableCode(e.code) || e.code === 'KEYCHAIN');
}

/** Live reads and actions through the account's provider, each gated by the provider's capabilities. */
export function fleetHandlers(deps: FleetDeps): Pick<Handlers, FleetChannel> {
  const { registry, pool, redactor } = deps;
  const log = deps.log.child('fleet');
  const now = deps.now ?? (() => new Date());
  const clean = <T>(value: T): T => redactor.redactValue(value);

  /** The account's provider, once both its descriptor and the built provider declare `capability`. */
  const open = async (accountId: string, capability: Capability): Promise<Provider> => {
    const account = registry.get(accountId);
    requireCapability(account.provider, PROVIDERS[account.provider].capabilities, capability);
    const provider = await pool.get(accountId);
    requireCapability(account.provider, provider.capabilities, capability);
    return provider;
  };

  async function readDetail<T>(
    ref: Ref,
    capability: Capability,
    read: (provider: Provider) => Promise<T>,
    cached: ((ref: Ref) => Promise<Cached<T> | undefined>) | undefined,
  ): Promise<{ value: T; capabilities: Capability[]; source: 'live' | 'cache'; asOf: string | null }> {
    const account = registry.get(ref.accountId);
    let provider: Provider | undefined;
    try {
      provider = await pool.get(ref.accountId);
      requireCapability(account.provider, provider.capabilities, capability);
      const value = await read(provider);
      return { value, capabilities: [...provider.capabilities], source: 'live', asOf: now().toISOString() };
    } catch (e) {
      if (!cached || !liveUnavailable(e)) throw e;
      const hit = await cached(ref);
      if (!hit) throw e;
      log.info('answered from the cache', { accountId: ref.accountId, id: ref.id, reason: (e as HangarError).code });
      const capabilities = [...(provider?.capabilities ?? PROVIDERS[account.provider].capabilities)];
      return { value: hit.value, capabilities, source: 'cache', asOf: hit.asOf };
    }
  }

  /** Saves the fields a provider handed back (never secrets: only keys that are not secret fields). */
  const rememberAccountFields = async (accountId: string, result: ActionResult) => {
    if (!result.accountFields) return;
    const account = registry.get(accountId);
    const secretKeys = new Set(PROVIDERS[account.provider].auth.flatMap((a) => a.fields.filter((f) => f.secret).map((f) => f.key)));
    const fields = { ...account.fields };
    for (const [k, v] of Object.entries(result.accountFields)) if (!secretKeys.has(k)) fields[k] = v;
    await registry.update({ id: accountId, fields });
    delete result.accountFields;
  };

  const actor = () => deps.actor ?? 'unknown';
  const recordFailed = (e: unknown) => log.warn('could not record the action in the activity log', { error: e instanceof Error ? e.message : String(e) });

  /** Inside the recorded action, so the cache holds the result before the activity entry (and its event) exists. */
  const applied = (d: ActionDone): ActionResult => {
    try {
      deps.applyToCache?.(d);
    } catch (e) {
      log.warn('could not apply the action to the cache; the next refresh will', { error: e instanceof Error ? e.message : String(e) });
    }
    return d.result;
  };

  const done = (d: ActionDone) => {
    try {
      deps.afterAction?.(d);
    } catch (e) {
      log.warn('afterAction hook failed', { error: e instanceof Error ? e.message : String(e) });
    }
  };

  return withRedactedErrors({
    'instances.get': async (ref) => {
      const d = await readDetail(ref, 'instances.get', (p) => p.getInstance(ref.id), deps.cachedInstance);
      const detail: InstanceDetail = { instance: d.value, capabilities: d.capabilities, source: d.source, asOf: d.asOf };
      return clean(detail);
    },
    'instances.act': async ({ accountId, id, action, params }) => {
      checkActionTarget('instance', action, id);
      const account = registry.get(accountId);
      checkActionParams(account.provider, action, params);
      const knownName = id ? (await deps.cachedInstance?.({ accountId, id }))?.value.name : undefined;
      const result = await recordAction(
        deps.activity,
        { accountId, accountName: account.name, targetKind: 'instance', action, id, knownName, params, actor: actor() },
        async () => {
          const raw = await (await open(accountId, `instances.${action}`)).actInstance(action, id, params);
          return applied({ accountId, kind: 'instance', action, id, result: clean(raw) });
        },
        recordFailed,
      );
      log.info('instance action', { accountId, action, id });
      await rememberAccountFields(accountId, result);
      done({ accountId, kind: 'instance', action, id, result });
      return result;
    },
    'nodes.get': async (ref) => {
      const d = await readDetail(ref, 'nodes.get', (p) => p.getNode(ref.id), deps.cachedNode);
      const detail: NodeDetail = { node: d.value, capabilities: d.capabilities, source: d.source, asOf: d.asOf };
      return clean(detail);
    },
    'nodes.act': async ({ accountId, id, action, params }) => {
      checkActionTarget('node', action, id);
      const account = registry.get(accountId);
      const knownName = id ? (await deps.cachedNode?.({ accountId, id }))?.value.name : undefined;
      const result = await recordAction(
        deps.activity,
        { accountId, accountName: account.name, targetKind: 'node', action, id, knownName, params, actor: actor() },
        async () => {
          const raw = await (await open(accountId, `nodes.${action}`)).actNode(action, id, params);
          return applied({ accountId, kind: 'node', action, id, result: clean(raw) });
        },
        recordFailed,
      );
      log.info('node action', { accountId, action, id });
      done({ accountId, kind: 'node', action, id, result });
      return result;
    },
    'nodes.metrics': async ({ accountId, id, rangeMinutes }) => {
      const provider = await open(accountId, 'nodes.metrics');
      return clean(await provider.nodeMetrics(id, rangeMinutes));
    },
  }, deps.redactor);
}
