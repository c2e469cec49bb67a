/**
 * How an `include` names files, the way nginx reads it: a relative path is taken under the config's prefix
 * (its root folder, else nginx.conf's folder), an absolute one as it is; `*`, `?` and `[…]` make it a glob
 * over the config's files. Lint follows includes with it, and a rename finds the includes that name a file.
 */
import path from 'node:path';
import type { ConfigFile } from '../../../../shared/model';

export function isIncludeGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** The folder relative includes are taken under. */
export function includePrefix(files: readonly ConfigFile[], rootDir: string | null | undefined, isMain: (name: string) => boolean): string {
  if (rootDir) return rootDir;
  const main = files.find((f) => isMain(f.name) && path.posix.basename(f.name) === 'nginx.conf') ?? files.find((f) => isMain(f.name));
  return main ? path.posix.dirname(main.name) : '/';
}

/** The full path an include's argument names (a glob stays a glob). */
export function includePath(pattern: string, prefix: string): string {
  return path.posix.isAbsolute(pattern) ? pattern : path.posix.join(prefix, pattern);
}

/** Tests full names against a glob include, as nginx's glob does (`*` and `?` stop at "/"). */
export function includeMatcher(pattern: string, prefix: string): (name: string) => boolean {
  const abs = includePath(pattern, prefix);
  if (!isIncludeGlob(abs)) return (name) => name === abs;
  const re = new RegExp(`^${abs.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return (name) => re.test(name);
}

/** The config's files an include names, in nginx's order (a glob's matches sorted). */
export function resolveInclude(pattern: string, prefix: string, names: readonly string[]): string[] {
  const matches = includeMatcher(pattern, prefix);
  if (!isIncludeGlob(pattern)) return names.filter(matches).slice(0, 1);
  return names.filter(matches).sort();
}
