import type { ActivityTargetKind } from '../../../../shared/contract';
import { HangarError } from '../../../../shared/errors';
import type { ActionResult } from '../../../../shared/model';
import type { ActivityLog } from './store';

const PAST: Record<string, string> = {
  create: 'Created',
  deploy: 'Deployed',
  update: 'Updated',
  rename: 'Renamed',
  suspend: 'Suspended',
  unsuspend: 'Unsuspended',
  delete: 'Deleted',
};

export interface ActionContext {
  accountId: string;
  accountName: string;
  targetKind: Extract<ActivityTargetKind, 'instance' | 'node'>;
  action: string;
  id?: string;
  /** The object's name as the cache knows it before the action (for the log line). */
  knownName?: string;
  params?: Record<string, unknown>;
  actor: string;
}

/**
 * Runs an action and writes its outcome to the activity log — the result, or the error with its code and
 * the server's message — then hands the result (or the error) on unchanged. Recording never masks the action's
 * own outcome: a failing write is logged by the caller's logger and swallowed.
 */
export async function recordAction(
  activity: ActivityLog | undefined,
  ctx: ActionContext,
  run: () => Promise<ActionResult>,
  onRecordError: (e: unknown) => void = () => {},
  clock: () => number = Date.now,
): Promise<ActionResult> {
  const started = clock();
  const write = (fn: () => void) => {
    if (!activity) return;
    try {
      fn();
    } catch (e) {
      onRecordError(e);
    }
  };
  const what = ctx.targetKind === 'instance' ? 'instance' : 'node';
  // Parameter names only: values can be secrets a form took (image variables, passwords).
  const paramNames = ctx.params ? Object.keys(ctx.params) : [];
  const params = paramNames.length ? { params: paramNames } : {};
  try {
    const result = await run();
    const object = ctx.targetKind === 'instance' ? result.instance : result.node;
    const given = typeof ctx.params?.['name'] === 'string' ? ctx.params['name'] : undefined;
    const name = object?.name ?? ctx.knownName ?? given ?? ctx.id ?? '';
    const id = object?.id ?? ctx.id ?? null;
    const verb = PAST[ctx.action] ?? `Ran ${ctx.action} on`;
    const reread = result.confirmedBy ? result.confirmedBy === 'reread' : result.confirmedByReread;
    const confirmation = result.mismatch ? 'not confirmed: the API’s records disagree' : reread ? 'confirmed by a re-read' : 'confirmed by the API';
    // The API's records disagree: not a success, whatever the API answered.
    const mismatch = result.mismatch;
    const summary = mismatch
      ? `${capitalise(ctx.action)} ${what} ${name || id || ''} on ${ctx.accountName}: not confirmed (${mismatch.what}: record ${mismatch.record}, list ${mismatch.list}${
          mismatch.instead?.length ? `; changed ${mismatch.instead.map((i) => i.name || i.id).join(', ')} instead` : ''
        })`
      : `${verb} ${what} ${name || id || ''} on ${ctx.accountName}${result.warning ? ' (with a warning)' : ''}`;
    const message = [result.message, result.warning && !result.message?.includes(result.warning) ? result.warning : undefined].filter(Boolean).join(' ') || null;
    write(() =>
      activity!.record({
        accountId: ctx.accountId,
        accountName: ctx.accountName,
        kind: 'action',
        action: `${ctx.targetKind === 'instance' ? 'instances' : 'nodes'}.${ctx.action}`,
        targetKind: ctx.targetKind,
        targetId: id,
        targetName: name || null,
        summary: summary.replace(/\s+/g, ' ').trim(),
        outcome: mismatch ? 'error' : 'ok',
        actor: ctx.actor,
        durationMs: clock() - started,
        message,
        ...(mismatch ? { code: 'CONFLICT' } : {}),
        details: {
          confirmation,
          ...(ctx.id && id !== ctx.id ? { previousId: ctx.id } : {}),
          ...(mismatch ? { mismatch } : {}),
          ...(result.removedIds?.length ? { removedIds: result.removedIds } : {}),
          ...params,
        },
      }),
    );
    return result;
  } catch (e) {
    const err = e instanceof HangarError ? e : undefined;
    const label = ctx.knownName ?? ctx.id ?? '';
    write(() =>
      activity!.record({
        accountId: ctx.accountId,
        accountName: ctx.accountName,
        kind: 'action',
        action: `${ctx.targetKind === 'instance' ? 'instances' : 'nodes'}.${ctx.action}`,
        targetKind: ctx.targetKind,
        targetId: ctx.id ?? null,
        targetName: ctx.knownName ?? null,
        summary: `${capitalise(ctx.action)} ${what} ${label} on ${ctx.accountName} failed`.replace(/\s+/g, ' ').trim(),
        outcome: 'error',
        actor: ctx.actor,
        durationMs: clock() - started,
        message: e instanceof Error ? e.message : String(e),
        code: err?.code ?? 'INTERNAL',
        details: { ...(err?.status ? { status: err.status } : {}), ...params },
      }),
    );
    throw e;
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
