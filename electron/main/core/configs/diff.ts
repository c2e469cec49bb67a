/**
 * Two-way diffs (jsdiff's unified patches, per file) and the three-way merge of base, live and draft
 * (node-diff3) for a conflict. Files are matched by name; a file on one side only is added or removed.
 */
import { createTwoFilesPatch, structuredPatch } from 'diff';
import { mergeDiff3 } from 'node-diff3';
import type { FileDiff, MergeFile } from '../../../../shared/contract';
import type { ConfigFile } from '../../../../shared/model';

export function diffFiles(before: ConfigFile[], after: ConfigFile[], labels = { before: 'live', after: 'draft' }): { files: FileDiff[]; unified: string } {
  const a = new Map(before.map((f) => [f.name, f.contents]));
  const b = new Map(after.map((f) => [f.name, f.contents]));
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const files = names.map((name) => diffOne(name, a.get(name), b.get(name), labels));
  return { files, unified: files.map((f) => f.unified).filter(Boolean).join('') };
}

function diffOne(name: string, before: string | undefined, after: string | undefined, labels: { before: string; after: string }): FileDiff {
  const change = before === undefined ? 'added' : after === undefined ? 'removed' : before === after ? 'unchanged' : 'modified';
  const x = before ?? '';
  const y = after ?? '';
  if (change === 'unchanged') return { name, change, before: x, after: y, unified: '', added: 0, removed: 0 };
  const patch = structuredPatch(name, name, x, y, labels.before, labels.after, { context: 3 });
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks) {
    for (const l of h.lines) {
      if (l[0] === '+') added++;
      else if (l[0] === '-') removed++;
    }
  }
  const unified = createTwoFilesPatch(
    before === undefined ? '/dev/null' : `a${name}`,
    after === undefined ? '/dev/null' : `b${name}`,
    x,
    y,
    labels.before,
    labels.after,
    { context: 3 },
  ).replace(/^=+\n/, '');
  return { name, change, before: x, after: y, unified, added, removed };
}

export const MARKERS = { draft: '<<<<<<< draft', base: '||||||| base', sep: '=======', live: '>>>>>>> live' } as const;

/**
 * The draft's changes and the live config's changes since the base, merged per file. Where both changed the
 * same lines the region is marked (draft first, then base, then live) and `conflict` is set.
 */
export function mergeThreeWay(base: ConfigFile[], live: ConfigFile[], draft: ConfigFile[]): { files: MergeFile[]; conflicts: number } {
  const o = new Map(base.map((f) => [f.name, f.contents]));
  const b = new Map(live.map((f) => [f.name, f.contents]));
  const a = new Map(draft.map((f) => [f.name, f.contents]));
  const names = [...new Set([...o.keys(), ...a.keys(), ...b.keys()])].sort();
  let conflicts = 0;
  const files: MergeFile[] = [];
  for (const name of names) {
    const baseText = o.get(name) ?? '';
    const liveText = b.get(name) ?? '';
    const draftText = a.get(name) ?? '';
    if (draftText === liveText || draftText === baseText || liveText === baseText) {
      // One side did not change (or both made the same change): the other side wins cleanly.
      const merged = draftText === baseText ? liveText : draftText;
      files.push({ name, conflict: false, merged, base: baseText, live: liveText, draft: draftText });
      continue;
    }
    const r = mergeDiff3(lines(draftText), lines(baseText), lines(liveText), {
      label: { a: 'draft', o: 'base', b: 'live' },
      stringSeparator: '\n',
    });
    if (r.conflict) conflicts += r.result.filter((l) => l === MARKERS.draft).length;
    files.push({ name, conflict: r.conflict, merged: joinLines(r.result, draftText), base: baseText, live: liveText, draft: draftText });
  }
  return { files, conflicts };
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l.length && l[l.length - 1] === '') l.pop();
  return l;
}

function joinLines(l: string[], like: string): string {
  return l.join('\n') + (like.endsWith('\n') || like === '' ? '\n' : '');
}
