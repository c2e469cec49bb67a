/**
 * The official NGINX directive reference (@nginx/reference-lib, generated from nginx.org's docs), turned into
 * what the linter needs: for each directive name the contexts it is allowed in and how many arguments it takes,
 * plus the Markdown docs for hover. The library is 1.7 MB of JS: it is imported on first use only.
 */
import type { DirectiveDoc } from '../../../../shared/contract';

export interface DirectiveSpec {
  name: string;
  /** Contexts as the reference names them: main, events, http, server, location, upstream, if, "if in location", … */
  contexts: ReadonlySet<string>;
  /** true when the reference lists "" (include: allowed anywhere). */
  anywhere: boolean;
  minArgs: number;
  maxArgs: number;
  isBlock: boolean;
}

export interface DirectiveReference {
  spec(name: string): DirectiveSpec | undefined;
  docs(name: string): DirectiveDoc[];
  /** Every directive that never opens a block, and every name (for "missing semicolon" detection). */
  simpleDirectives: ReadonlySet<string>;
  knownDirectives: ReadonlySet<string>;
}

interface RawDirective {
  name: string;
  module: string;
  description: string;
  syntax: string[];
  contexts: string[];
  isBlock: boolean;
  default: string;
}

let loading: Promise<DirectiveReference> | undefined;

export function loadReference(): Promise<DirectiveReference> {
  loading ??= import('@nginx/reference-lib').then((lib) => buildReference(lib.getDirectives(lib.Format.Markdown) as RawDirective[]));
  return loading;
}

export function buildReference(raw: RawDirective[]): DirectiveReference {
  const byName = new Map<string, RawDirective[]>();
  for (const d of raw) {
    const list = byName.get(d.name);
    if (list) list.push(d);
    else byName.set(d.name, [d]);
  }
  const specs = new Map<string, DirectiveSpec>();
  for (const [name, list] of byName) {
    let min = Infinity;
    let max = 0;
    const contexts = new Set<string>();
    for (const d of list) {
      for (const c of d.contexts) contexts.add(c);
      for (const s of d.syntax.length ? d.syntax : ['']) {
        const [lo, hi] = argRange(s);
        min = Math.min(min, lo);
        max = Math.max(max, hi);
      }
    }
    specs.set(name, {
      name,
      contexts,
      anywhere: contexts.has(''),
      minArgs: Number.isFinite(min) ? min : 0,
      maxArgs: max,
      isBlock: list.some((d) => d.isBlock),
    });
  }
  const simple = new Set([...specs.values()].filter((s) => !s.isBlock).map((s) => s.name));
  return {
    spec: (name) => specs.get(name),
    docs: (name) =>
      (byName.get(name) ?? []).map((d) => ({
        name: d.name,
        module: d.module,
        syntax: d.syntax.map((s) => s.trim()),
        contexts: d.contexts.filter(Boolean),
        default: d.default,
        description: firstParagraphs(d.description, 1200),
      })),
    simpleDirectives: simple,
    knownDirectives: new Set(specs.keys()),
  };
}

/**
 * How many arguments a syntax line allows: "*`code`* [*`text`*]" → [1, 2]; "*`name`* ..." → [1, ∞];
 * "`on` | `off`" → [1, 1]; "" → [0, 0]. `{...}` (the block) does not count.
 */
export function argRange(syntax: string): [number, number] {
  const s = syntax.replace(/`\{\.\.\.\}`|\{\.\.\.\}/g, ' ').replace(/[`*]/g, '').trim();
  if (!s) return [0, 0];
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    if (/\s/.test(c) && depth === 0) {
      if (cur) items.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) items.push(cur);
  let min = 0;
  let max = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === '|') {
      // "a | b": the alternative replaces the item before it.
      i++;
      continue;
    }
    if (item === '...' || item === '…' || item.endsWith('...') || item.endsWith('…')) {
      max = Infinity;
      if (item === '...' || item === '…') continue;
    }
    if (item.startsWith('[')) {
      max += /\.\.\.|…|parameters|params|options/.test(item) ? Infinity : 1;
      continue;
    }
    if (/parameters$|options$/.test(item)) max = Infinity;
    min++;
    max++;
  }
  return [min, max];
}

function firstParagraphs(text: string, limit: number): string {
  const clean = text.replace(/\r/g, '').trim();
  if (clean.length <= limit) return clean;
  const cut = clean.lastIndexOf('\n\n', limit);
  return `${clean.slice(0, cut > 200 ? cut : limit).trim()}\n\n…`;
}
