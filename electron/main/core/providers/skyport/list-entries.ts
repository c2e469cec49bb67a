import type { Instance } from '../../../../../shared/model';
import { isObject, toInstance } from './map';

/**
 * One entry of the panel's global instance list (`GET /api/instances`, what sync reads), reduced to what the
 * actions check. The panel keys deletes and suspends by `ContainerId`, which an instance only has once the
 * daemon reports its container; `containerKey` compares the stored values exactly as the panel's `===` does
 * (a missing ContainerId matches every other missing one).
 */
export interface ListEntry {
  id: string;
  name: string;
  containerKey: string;
  /** True once the daemon reported a container id. */
  hasContainer: boolean;
  suspended: boolean;
  nodeId?: string;
  /** The mapped instance, for the entries the caller asked to keep. */
  instance?: Instance;
}

export function containerKey(v: unknown): string {
  if (v === undefined) return '\u0000undefined';
  if (v === null) return '\u0000null';
  return typeof v === 'string' ? v : `\u0000${JSON.stringify(v)}`;
}

/** The list entry of a raw panel instance; `keep` decides whether the full mapped instance is kept too. */
export function toListEntry(
  accountId: string,
  raw: unknown,
  keep: ((e: ListEntry) => boolean) | undefined,
  onSecret: (s: string) => void,
): ListEntry | undefined {
  if (!isObject(raw)) return undefined;
  const id = typeof raw.Id === 'string' && raw.Id ? raw.Id : undefined;
  if (!id) return undefined;
  const node = isObject(raw.Node) ? raw.Node : undefined;
  const entry: ListEntry = {
    id,
    name: typeof raw.Name === 'string' && raw.Name ? raw.Name : id,
    containerKey: containerKey(raw.ContainerId),
    hasContainer: typeof raw.ContainerId === 'string' && raw.ContainerId !== '',
    suspended: raw.suspended === true,
  };
  if (node && typeof node.id === 'string') entry.nodeId = node.id;
  if (keep?.(entry)) entry.instance = toInstance(accountId, raw, onSecret);
  return entry;
}

/** "web-1 (ab12cd34), web-2 (ef56ab78) and 3 more". */
export function nameList(items: readonly { id: string; name: string }[], max = 5): string {
  const shown = items.slice(0, max).map((i) => (i.name && i.name !== i.id ? `${i.name} (${i.id})` : i.id));
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
