/**
 * The names a config draft's files may have (adding or renaming one in the Configs view, the CLI's `edit --file`,
 * `configs.saveDraft`): one rule, checked as you type and again by the core.
 */

/** A multi-file NGINX document has a root folder; a single-document kind (Kianda's fields.json) has none. */
export interface DraftFileRules {
  /** The document's root folder (relative names are taken under it; '/' when it has none), or null for a single-document kind (Kianda). */
  rootDir: string | null;
  /** The names the document had on the server: kept as they are, whatever they look like. */
  baseNames: readonly string[];
}

/** A relative name under the root folder; an absolute one as it is. */
export function resolveFileName(name: string, rootDir: string | null): string {
  const trimmed = name.trim();
  if (trimmed.startsWith('/') || !rootDir) return trimmed;
  return `${rootDir.replace(/\/+$/, '')}/${trimmed}`;
}

/** Why `name` cannot be a new file's name (after resolving it), or null when it can. */
export function fileNameProblem(name: string, rules: DraftFileRules, others: readonly string[]): string | null {
  if (!rules.rootDir) return 'This document is a single file: files cannot be added or renamed.';
  const trimmed = name.trim();
  if (!trimmed) return 'Give the file a name.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(trimmed)) return 'A file name cannot hold control characters or backslashes.';
  const full = resolveFileName(trimmed, rules.rootDir);
  if (full.length > 1024) return 'A file name is at most 1,024 characters.';
  if (full.endsWith('/')) return 'That is a folder: end the name with the file’s name.';
  const parts = full.split('/').slice(1);
  if (parts.some((p) => p === '')) return 'A file name cannot hold an empty folder ("//").';
  if (parts.some((p) => p === '.' || p === '..')) return 'A file name cannot hold "." or ".." folders.';
  if (others.includes(full)) return `The draft already has a file named ${full}.`;
  return null;
}

/** Why this list of files cannot be a draft of the document (duplicates, new names that break the rule), or null. */
export function draftFilesProblem(names: readonly string[], rules: DraftFileRules): string | null {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) return `Two files of the draft are named ${name}.`;
    seen.add(name);
  }
  for (const name of names) {
    if (rules.baseNames.includes(name)) continue;
    const problem = fileNameProblem(name, rules, []);
    if (problem) return `${name}: ${problem}`;
    if (!name.startsWith('/')) return `${name}: a file of the draft needs its full path (under ${rules.rootDir}).`;
  }
  return null;
}
