/**
 * Renaming a file of a config draft, with the `include`s that name it: an include whose argument resolves to
 * exactly the old file (relative to the prefix, or absolute) is rewritten to name the new one in the same style
 * (relative stays relative, absolute stays absolute, the same quotes); only the argument's characters change, so
 * comments and formatting stay byte for byte. A glob include is never rewritten: the rename says when one stops
 * (or starts) matching the file. Includes are found with the project's NGINX reader, so a commented-out include
 * or the word "include" inside a string is left alone.
 */
import path from 'node:path';
import type { IncludeGlobNote, IncludeRewrite, RenamePlan } from '../../../../shared/contract';
import type { ConfigFile } from '../../../../shared/model';
import { includeMatcher, includePath, isIncludeGlob } from './includes';
import { isNginxFile } from './lint';
import { scanNginx } from './nginx/tokenize';

export interface RenameOptions {
  from: string;
  to: string;
  /** The folder relative includes are taken under (see includePrefix). */
  prefix: string;
  /** False: rename the file only; the includes that name it are listed but left as they are. */
  updateIncludes: boolean;
}

/** An `include ARG;` statement: where its argument is in the file's text. */
interface IncludeArg {
  value: string;
  quoted: boolean;
  line: number;
  column: number;
  start: number;
  end: number;
}

/** The `include` statements of one file (in any block: nginx reads them in `types` and `map` too). */
export function findIncludes(text: string): IncludeArg[] {
  const found: IncludeArg[] = [];
  // Only a statement's first two words are kept (no object per word: configs run to 20,000 lines).
  let count = 0;
  let isInclude = false;
  let arg: IncludeArg | undefined;
  scanNginx(text, {
    word(value, quoted, line, column, _startsLine, start, end) {
      if (count === 0) isInclude = value === 'include';
      else if (count === 1 && isInclude) arg = { value, quoted, line, column, start, end };
      count++;
    },
    punct(kind) {
      if (kind === ';' && count === 2 && isInclude && arg) found.push(arg);
      count = 0;
      arg = undefined;
    },
  });
  return found;
}

export function planRename(files: readonly ConfigFile[], o: RenameOptions): RenamePlan {
  const renamed = files.map((f) => (f.name === o.from ? { ...f, name: o.to } : f));
  const includes: IncludeRewrite[] = [];
  const globs: IncludeGlobNote[] = [];
  const out = renamed.map((f, index) => {
    const before = files[index].name;
    if (!isNginxFile(before) && !isNginxFile(f.name)) return f;
    const edits: { start: number; end: number; text: string }[] = [];
    for (const arg of findIncludes(f.contents)) {
      const source = f.contents.slice(arg.start, arg.end);
      if (isIncludeGlob(arg.value)) {
        const matches = includeMatcher(arg.value, o.prefix);
        const had = matches(o.from);
        const has = matches(o.to);
        if (had === has) continue;
        globs.push({
          file: f.name,
          line: arg.line,
          column: arg.column,
          pattern: arg.value,
          change: had ? 'stops-matching' : 'starts-matching',
          message: had
            ? `include ${source} (${f.name}:${arg.line}) no longer includes ${o.to}: it matched ${o.from}`
            : `include ${source} (${f.name}:${arg.line}) now also includes ${o.to}`,
        });
        continue;
      }
      if (includePath(arg.value, o.prefix) !== o.from) continue;
      const text = argumentText(arg, source, newArgument(arg.value, o.to, o.prefix));
      includes.push({ file: f.name, line: arg.line, column: arg.column, before: source, after: text });
      edits.push({ start: arg.start, end: arg.end, text });
    }
    if (!o.updateIncludes || edits.length === 0) return f;
    let contents = '';
    let at = 0;
    for (const e of edits) {
      contents += f.contents.slice(at, e.start) + e.text;
      at = e.end;
    }
    return { ...f, contents: contents + f.contents.slice(at) };
  });
  return { from: o.from, to: o.to, files: out, includes, updated: o.updateIncludes && includes.length > 0, globs };
}

/** The new argument in the old one's style: absolute stays absolute; relative stays relative (and keeps a leading "./"). */
function newArgument(old: string, to: string, prefix: string): string {
  if (path.posix.isAbsolute(old)) return to;
  const relative = path.posix.relative(prefix, to);
  return old.startsWith('./') && !relative.startsWith('../') ? `./${relative}` : relative;
}

/** The argument's source text: the same quotes (escaped as nginx reads them), or quotes added when a bare word cannot hold the name. */
function argumentText(arg: IncludeArg, source: string, value: string): string {
  if (arg.quoted) {
    const q = source[0];
    return `${q}${value.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
  }
  if (!/[\s;{}"'\\]|^#/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
