import { HangarError } from '../../../../../shared/errors';

/** Most names one account may watch (each is one GET per sync). */
export const MAX_WATCHED = 50_000;

const RANGE = /^(.*)\{(\d+)\.\.(\d+)\}(.*)$/;

/**
 * The names in an account's `watch` setting. Kianda has no list call, so the user names the process
 * instances to follow, separated by commas or new lines. Kianda numbers instances of a process
 * (training-approval-request-1, -2, …), so `name-{1..40}` stands for forty names.
 */
export function parseWatch(watch: string | undefined): string[] {
  const out = new Set<string>();
  for (const part of (watch ?? '').split(/[,\n]/)) {
    const entry = part.trim();
    if (!entry) continue;
    const m = RANGE.exec(entry);
    if (!m) {
      add(out, entry);
      continue;
    }
    const [from, to] = [Number(m[2]), Number(m[3])];
    if (from > to) throw new HangarError('VALIDATION', `Watch range "${entry}" counts down; write {${to}..${from}}`);
    if (to - from >= MAX_WATCHED) throw tooMany();
    for (let n = from; n <= to; n++) add(out, `${m[1]}${n}${m[4]}`);
  }
  return [...out];
}

function add(set: Set<string>, name: string): void {
  set.add(name);
  if (set.size > MAX_WATCHED) throw tooMany();
}

function tooMany(): HangarError {
  return new HangarError('VALIDATION', `The watch list names more than ${MAX_WATCHED} instances`);
}

/**
 * The watch setting with `name` added. A name continuing a range (`x-{1..9}` + `x-10`) extends it,
 * so a busy process does not grow the setting by one entry per instance.
 */
export function addWatched(watch: string | undefined, name: string): string {
  const entries = (watch ?? '').split(/[,\n]/).map((e) => e.trim()).filter(Boolean);
  if (parseWatch(entries.join(',')).includes(name)) return entries.join(',');
  const numbered = /^(.*?)(\d+)$/.exec(name);
  if (numbered) {
    const [, prefix, n] = numbered;
    const i = entries.findIndex((e) => {
      const m = RANGE.exec(e);
      return !!m && m[1] === prefix && m[4] === '' && Number(m[3]) + 1 === Number(n);
    });
    if (i >= 0) {
      const m = RANGE.exec(entries[i])!;
      entries[i] = `${prefix}{${m[2]}..${n}}`;
      return entries.join(',');
    }
  }
  return [...entries, name].join(',');
}
