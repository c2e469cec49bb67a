import type { ActionResult } from '../../../shared/model';

/**
 * What an action's result means to the person who ran it. The core reports more than "ok": the API's records
 * may disagree (`mismatch`), the panel may have removed or changed other objects (`removedIds`, `affected`), or
 * it left something to know (`warning`). Only a result with none of these is a plain success.
 */
export interface ActionOutcome {
  level: 'success' | 'warning';
  /** One short sentence for a toast: names, no API internals. */
  toast: string;
  /** The full story for the drawer's Actions tab (the server's own words included). */
  detail: string;
  /** Names of the objects the panel changed instead (mismatch.instead). */
  instead: string[];
  /** Names (or ids, when no name is known) of other objects the action removed or changed. */
  others: string[];
  /** The action deleted the object: the drawer closes. */
  deleted: boolean;
}

const DONE: Record<string, string> = {
  suspend: 'Suspended',
  unsuspend: 'Unsuspended',
  delete: 'Deleted',
  rename: 'Renamed',
  update: 'Saved',
  deploy: 'Deployed',
  create: 'Created',
};

/** "a", "a and b", "a, b and 2 more" — at most `max` names. */
export function nameList(names: string[], max = 3): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0];
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Classifies a result. `name` is the object's name as shown; `known` names other objects by id where the
 * window knows them (removed ids carry no names in the result).
 */
export function classifyResult(
  action: string,
  name: string,
  result: ActionResult,
  known: (id: string) => string | undefined = () => undefined,
): ActionOutcome {
  const instead = (result.mismatch?.instead ?? []).map((i) => i.name || i.id);
  const insteadIds = new Set((result.mismatch?.instead ?? []).map((i) => i.id));
  const removed = (result.removedIds ?? []).map((id) => known(id) ?? id);
  const affected = (result.affected ?? []).filter((i) => !insteadIds.has(i.id)).map((i) => i.name || i.id);
  const others = [...removed, ...affected];
  // Providers without a re-read answer a delete without `deletedId`; a mismatch means it is still listed.
  const deleted = !result.mismatch && (!!result.deletedId || action === 'delete');
  const detail = [result.message, result.warning && !result.message?.includes(result.warning) ? result.warning : undefined]
    .filter(Boolean)
    .join(' ');
  const verb = DONE[action] ?? 'Done:';

  if (result.mismatch) {
    const what = result.mismatch.what;
    const toast = instead.length
      ? `${capitalise(action)} ${name} not confirmed: the panel changed ${nameList(instead)} instead.`
      : `${capitalise(action)} ${name} not confirmed: the panel's records disagree (${what}).`;
    return { level: 'warning', toast, detail: detail || toast, instead, others, deleted };
  }
  if (removed.length || affected.length || result.warning) {
    const parts: string[] = [];
    if (removed.length) parts.push(`the panel also removed ${nameList(removed)}`);
    if (affected.length) parts.push(`the panel also changed ${nameList(affected)}`);
    const toast = parts.length ? `${verb} ${name}, but ${parts.join(' and ')}.` : `${verb} ${name}, with a warning: see its Actions tab.`;
    return { level: 'warning', toast, detail: detail || toast, instead, others, deleted };
  }
  const toast = `${verb} ${name}.`;
  return { level: 'success', toast, detail: detail || toast, instead, others, deleted };
}

function capitalise(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A hazardous action the core refused until it is forced (`CONFLICT` with `details.force === 'force'`). */
export interface ForceChoice {
  reason: 'NO_CONTAINER_ID' | 'NODE_HAS_INSTANCES' | string;
  /** What would happen, in plain words. */
  explanation: string;
  /** The objects concerned, by name. */
  names: string[];
  /** The same, with ids (to name `removedIds` after a forced delete). */
  entries: { id: string; name: string }[];
  count: number;
}

/** Reads a refused action's error: a ForceChoice when the user may choose to go ahead, else null. */
export function forceChoice(error: { code: string; details?: unknown }, name: string): ForceChoice | null {
  if (error.code !== 'CONFLICT') return null;
  const d = error.details as { force?: unknown; reason?: unknown; count?: unknown; wouldAlsoRemove?: unknown; instances?: unknown } | undefined;
  if (!d || d.force !== 'force') return null;
  const reason = typeof d.reason === 'string' ? d.reason : 'UNKNOWN';
  const list = (reason === 'NODE_HAS_INSTANCES' ? d.instances : d.wouldAlsoRemove) as { id?: string; name?: string }[] | undefined;
  const entries = Array.isArray(list)
    ? list.filter((e) => e && typeof e.id === 'string').map((e) => ({ id: String(e.id), name: String(e.name || e.id) }))
    : [];
  const names = entries.map((e) => e.name);
  const count = typeof d.count === 'number' ? d.count : names.length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  let explanation: string;
  if (reason === 'NO_CONTAINER_ID') {
    explanation =
      `${name} is still installing, so it has no container yet. The panel deletes by container, so it would also remove ` +
      (count > 0
        ? `${plural(count, 'other installing instance', 'other installing instances')}: ${nameList(names, 10)}.`
        : 'any other instance that is installing when you delete it (none right now).');
  } else if (reason === 'NODE_HAS_INSTANCES') {
    explanation =
      `The node still has ${plural(count, 'instance', 'instances')}: ${nameList(names, 10)}. ` +
      'Deleting it leaves them pointing at a node that no longer exists.';
  } else {
    explanation = 'The panel would do more than this action says.';
  }
  return { reason, explanation, names, entries, count };
}
