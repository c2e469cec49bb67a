/**
 * Local lint of an NGINX config (one or several files) before anything leaves the machine: the project's
 * parser for structure (unbalanced braces, missing ";"), the official reference for unknown directives,
 * directives in the wrong context and wrong argument counts, plus duplicate listen/server_name pairs, duplicate
 * locations and includes of files that are not part of the config. Messages follow nginx's own wording.
 *
 * Includes are followed from the main file (nginx.conf, else the first file) so an included file is checked
 * in the context of its include; a file nothing includes is checked without context rules.
 */
import path from 'node:path';
import type { LintProblem, LintResult } from '../../../../shared/contract';
import type { ConfigFile } from '../../../../shared/model';
import { includePrefix, isIncludeGlob, resolveInclude } from './includes';
import { parseNginx, type NginxDirective, type NginxParseResult } from './nginx/parse';
import type { DirectiveReference } from './reference';

/** Blocks whose content is data (MIME types, map entries), not directives. */
const DATA_BLOCKS = new Set(['types', 'map', 'geo', 'split_clients', 'charset_map', 'match']);
/** Directives whose arguments the reference's syntax does not count well (conditions, free-form lists). */
const FREE_ARGS = new Set(['if', 'log_format', 'js_import', 'set', 'rewrite', 'try_files']);
const MAX_PROBLEMS = 1000;

export function isNginxFile(name: string): boolean {
  return name.endsWith('.conf') || path.posix.basename(name) === 'mime.types' || !path.posix.basename(name).includes('.');
}

interface ServerKey {
  file: string;
  line: number;
  column: number;
}

export function lintConfig(files: ConfigFile[], ref: DirectiveReference, rootDir?: string): LintResult {
  const problems: LintProblem[] = [];
  const seen = new Set<string>();
  const directives = new Set<string>();
  const add = (p: LintProblem) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.rule}`;
    if (seen.has(key) || problems.length >= MAX_PROBLEMS) return;
    seen.add(key);
    problems.push(p);
  };

  for (const f of files.filter((x) => x.name.endsWith('.json'))) {
    try {
      JSON.parse(f.contents);
    } catch (e) {
      const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
      const at = m ? Number(m[1]) : 0;
      const before = f.contents.slice(0, at).split('\n');
      add({ file: f.name, line: before.length, column: before[before.length - 1].length + 1, severity: 'error', rule: 'syntax', directive: null, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const nginxFiles = files.filter((f) => isNginxFile(f.name));
  const parsed = new Map<string, NginxParseResult>();
  for (const f of nginxFiles) {
    const r = parseNginx(f.contents, { file: f.name, simpleDirectives: ref.simpleDirectives, knownDirectives: ref.knownDirectives });
    parsed.set(f.name, r);
    for (const e of r.errors) {
      add({ file: f.name, line: e.line, column: e.column ?? 1, severity: 'error', rule: 'syntax', directive: null, message: e.message });
    }
  }

  const main = nginxFiles.find((f) => path.posix.basename(f.name) === 'nginx.conf') ?? nginxFiles[0];
  const prefix = includePrefix(files, rootDir, isNginxFile);
  const names = files.map((f) => f.name);
  const reached = new Set<string>();
  const servers = new Map<string, ServerKey>();

  /** `locations`: the exact and prefix locations seen so far in the enclosing server or location (includes share it). */
  const visit = (file: string, list: NginxDirective[], context: string | null, stack: string[], locations: Map<string, ServerKey> | null = null) => {
    for (const d of list) {
      directives.add(d.name);
      checkDirective(file, d, context);
      if (d.name === 'location' && locations && parsed.get(file)?.ok) checkLocation(file, d, locations);
      if (d.name === 'include' && d.args.length === 1) {
        const targets = resolveInclude(d.args[0], prefix, names);
        if (targets.length === 0 && !isIncludeGlob(d.args[0])) {
          add({
            ...spanOf(file, d),
            severity: 'error',
            rule: 'missing-include',
            directive: 'include',
            message: `"${d.args[0]}" is included but is not a file of this config`,
          });
        }
        for (const t of targets) {
          const r = parsed.get(t);
          if (!r || stack.includes(t)) continue;
          reached.add(t);
          visit(t, r.directives, context, [...stack, t], locations);
        }
      }
      if (d.block && !DATA_BLOCKS.has(d.name)) {
        if (d.name === 'server' && context === 'http' && parsed.get(file)?.ok) checkServer(file, d);
        visit(file, d.block, childContext(d, context), stack, d.name === 'server' || d.name === 'location' ? new Map() : locations);
      }
    }
  };

  const checkDirective = (file: string, d: NginxDirective, context: string | null) => {
    // After a syntax error the structure is a guess: nginx stops there, and so do the other rules.
    if (!parsed.get(file)?.ok) return;
    const at = { ...spanOf(file, d), directive: d.name };
    const spec = ref.spec(d.name);
    if (!spec) {
      add({ ...at, severity: 'error', rule: 'unknown-directive', message: `unknown directive "${d.name}"` });
      return;
    }
    if (context !== null && !spec.anywhere && !allowedIn(spec.contexts, context)) {
      add({ ...at, severity: 'error', rule: 'context', message: `"${d.name}" directive is not allowed here (in ${context === 'main' ? 'the main context' : `"${context}"`})` });
    }
    if (!FREE_ARGS.has(d.name) && (d.args.length < spec.minArgs || d.args.length > spec.maxArgs)) {
      add({ ...at, severity: 'error', rule: 'arguments', message: `invalid number of arguments in "${d.name}" directive (${d.args.length}; ${expected(spec.minArgs, spec.maxArgs)})` });
    }
    if (spec.isBlock && !d.block && d.name !== 'server' && d.name !== 'include') {
      add({ ...at, severity: 'error', rule: 'syntax', message: `directive "${d.name}" has no opening "{"` });
    }
  };

  const checkServer = (file: string, server: NginxDirective) => {
    const body = server.block ?? [];
    const listens = body.filter((d) => d.name === 'listen').map((d) => normalizeListen(d.args[0] ?? ''));
    const nameDirectives = body.filter((d) => d.name === 'server_name');
    const serverNames = nameDirectives.flatMap((d) => d.args.map((a) => ({ name: a.toLowerCase(), d })));
    for (const listen of listens.length ? listens : ['*:80']) {
      for (const { name, d } of serverNames.length ? serverNames : [{ name: '', d: server }]) {
        const key = `${listen} ${name}`;
        const prior = servers.get(key);
        if (prior) {
          add({
            ...spanOf(file, d),
            severity: 'warning',
            rule: 'duplicate-server',
            directive: d.name,
            message: `conflicting server name "${name}" on ${listen}, also defined in ${prior.file}:${prior.line}; this server block is ignored for it`,
          });
        } else servers.set(key, { file, line: d.line, column: d.column });
      }
    }
  };

  /** nginx refuses two exact (=) or two prefix (plain or ^~) locations with the same path in one server or location. */
  const checkLocation = (file: string, d: NginxDirective, locations: Map<string, ServerKey>) => {
    const key = locationKey(d.args);
    if (!key) return;
    const prior = locations.get(key.key);
    if (!prior) {
      locations.set(key.key, { file, line: d.line, column: d.column });
      return;
    }
    add({
      ...spanOf(file, d),
      severity: 'error',
      rule: 'duplicate-location',
      directive: 'location',
      message: `duplicate location "${key.uri}", also defined in ${prior.file}:${prior.line}`,
    });
  };

  if (main) {
    const r = parsed.get(main.name)!;
    reached.add(main.name);
    visit(main.name, r.directives, 'main', [main.name]);
  }
  for (const f of nginxFiles) {
    if (!reached.has(f.name)) visit(f.name, parsed.get(f.name)!.directives, null, [f.name]);
  }

  problems.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file.localeCompare(b.file)));
  return { ok: problems.length === 0, problems, directives: [...directives].sort() };
}

/**
 * What nginx compares to find a duplicate location: exact (`=`) and prefix (plain or `^~`, which are the same
 * kind) locations by path; regular expressions (`~`, `~*`) and named (`@x`) locations are not compared.
 */
export function locationKey(args: readonly string[]): { key: string; uri: string } | undefined {
  let modifier = '';
  let uri: string;
  if (args.length === 2) [modifier, uri] = args as [string, string];
  else if (args.length === 1) {
    const m = /^(=|\^~|~\*|~|@)?(.*)$/s.exec(args[0])!;
    modifier = m[1] === '@' ? '@' : (m[1] ?? '');
    uri = m[1] === '@' ? args[0] : m[2];
  } else return undefined;
  if (modifier === '~' || modifier === '~*' || modifier === '@' || !uri) return undefined;
  if (modifier === '=') return { key: `exact ${uri}`, uri };
  if (modifier === '' || modifier === '^~') return { key: `prefix ${uri}`, uri };
  return undefined;
}

/** Where a problem with directive `d` is shown: its name, in its file. */
function spanOf(file: string, d: NginxDirective): { file: string; line: number; column: number; endColumn: number } {
  return { file, line: d.line, column: d.column, endColumn: d.column + d.name.length };
}

function childContext(d: NginxDirective, parent: string | null): string | null {
  if (parent === null) return null;
  if (d.name === 'if') return parent === 'location' || parent === 'if in location' ? 'if in location' : 'if';
  return d.name;
}

function allowedIn(contexts: ReadonlySet<string>, context: string): boolean {
  if (contexts.has(context)) return true;
  // A location nested in "if" does not exist; but an "if in location" allows what "if" allows.
  return context === 'if in location' && contexts.has('if');
}

function expected(min: number, max: number): string {
  if (max === Infinity) return `expected at least ${min}`;
  if (min === max) return `expected ${min}`;
  return `expected ${min} to ${max}`;
}

function normalizeListen(arg: string): string {
  if (/^\d+$/.test(arg)) return `*:${arg}`;
  if (arg.startsWith('unix:')) return arg;
  if (!/:\d+$/.test(arg) && !arg.startsWith('[')) return `${arg}:80`;
  return arg;
}
