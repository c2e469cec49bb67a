import type { Rng } from '../kit/rng';

/**
 * ZUID prefixes (Zesty Universal IDs). 8-, 6-, 7- and 18- are documented by Zesty; the others
 * are this simulator's choice for objects whose prefix the documents do not show.
 */
export const ZUID_PREFIX = {
  instance: 8,
  model: 6,
  item: 7,
  publishing: 18,
  user: 5,
  field: 12,
  audit: 15,
  ecosystem: 14,
  blueprint: 17,
  setting: 29,
  role: 30,
  token: 31,
} as const;

export type ZuidKind = keyof typeof ZUID_PREFIX;

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A ZUID shaped like Zesty's: `<prefix>-<10 hex>-<6 base36>`, e.g. `8-f48cf3a682-7fthvk`. */
export function zuid(rng: Rng, kind: ZuidKind): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += BASE36[rng.int(0, 35)];
  return `${ZUID_PREFIX[kind]}-${rng.hex(10)}-${tail}`;
}

export function isZuidOf(kind: ZuidKind, value: string): boolean {
  return value.startsWith(`${ZUID_PREFIX[kind]}-`);
}
