import type { OptionEntry } from '../../../../../shared/model';
import { isObject } from './map';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** An image of the panel's catalogue (images_v2 shape) as a deploy form's choice, with its variables. */
export function toImageOption(raw: unknown): OptionEntry | undefined {
  if (!isObject(raw)) return undefined;
  const name = str(raw.Name);
  const image = str(raw.Image);
  if (!name || !image) return undefined;
  const variables = isObject(raw.Variables)
    ? Object.entries(raw.Variables).map(([key, v]) => ({
        name: key,
        default: isObject(v) && v.default !== undefined && v.default !== null ? String(v.default) : undefined,
        required: isObject(v) && v.required === true,
      }))
    : [];
  return { id: str(raw.Id) ?? name, name, detail: str(raw.Description), image, variables };
}

/** A panel user as an owner choice: id and name only (the stored object carries a password hash). */
export function toUserOption(raw: unknown): OptionEntry | undefined {
  if (!isObject(raw)) return undefined;
  const id = str(raw.userId);
  if (!id) return undefined;
  return { id, name: str(raw.username) ?? id, detail: str(raw.email) };
}
