import { z } from 'zod';
import type { ConfigFile, Deployment } from '../model';
import { channel, id } from './define';

/**
 * What a config document belongs to: a NIM instance, a NIM instance group, a NIM staged config, or
 * the fields of a Kianda instance (one JSON file; its version number is the revision).
 */
export const CONFIG_TARGET_KINDS = ['instance', 'group', 'staged'] as const;
export type ConfigTargetKind = (typeof CONFIG_TARGET_KINDS)[number];

export const configTargetSchema = z
  .object({
    accountId: id,
    kind: z.enum(CONFIG_TARGET_KINDS).default('instance'),
    id,
  })
  .strict();
export type ConfigTarget = z.output<typeof configTargetSchema>;

const fileSchema = z
  .object({
    name: z.string().trim().min(1).max(1024),
    contents: z.string().max(5_000_000),
  })
  .strict();

const filesSchema = z.array(fileSchema).min(1).max(500);

/** What a production publish needs: the target's name typed by the user (the CLI's --yes passes it). */
const confirmSchema = z.string().max(300).optional();

export interface ConfigSnapshot {
  revision: string;
  rootDir?: string;
  files: ConfigFile[];
  /** When this copy was read from the API (ISO). */
  fetchedAt: string;
}

export interface ConfigDraft {
  accountId: string;
  kind: ConfigTargetKind;
  targetId: string;
  targetName: string | null;
  /** The live revision the draft started from: publishing sends it, and a different live revision is a CONFLICT. */
  baseRevision: string;
  baseFiles: ConfigFile[];
  files: ConfigFile[];
  rootDir: string | null;
  createdAt: string;
  updatedAt: string;
  /** Files whose text differs from the base (added, removed or changed). */
  changedFiles: string[];
}

/** An `include` that names a renamed file: its argument as written before and after (the same line and column). */
export interface IncludeRewrite {
  /** The file it is in, by its name after the rename. */
  file: string;
  line: number;
  column: number;
  before: string;
  after: string;
}

/** A glob include (never rewritten) that matched the old name and not the new one, or the other way round. */
export interface IncludeGlobNote {
  file: string;
  line: number;
  column: number;
  pattern: string;
  change: 'stops-matching' | 'starts-matching';
  message: string;
}

/** A file of a draft renamed: the files after it (not saved: configs.saveDraft saves them) and the includes it touched. */
export interface RenamePlan {
  from: string;
  to: string;
  files: ConfigFile[];
  /** The includes that named the old file: rewritten when `updated`, else left naming it. */
  includes: IncludeRewrite[];
  updated: boolean;
  globs: IncludeGlobNote[];
}

export interface DraftSummary {
  accountId: string;
  accountName: string;
  environment: string;
  kind: ConfigTargetKind;
  targetId: string;
  targetName: string | null;
  baseRevision: string;
  updatedAt: string;
  changedFiles: string[];
}

export interface ConfigView {
  target: ConfigTarget;
  name: string;
  /** The config as the API has it now. */
  live: ConfigSnapshot;
  draft: ConfigDraft | null;
  /** The account is in the prod environment: publishing asks for the target's name. */
  production: boolean;
  /** Set when the API could not be reached: `live` is then the draft's base, and only the draft is editable. */
  liveError: import('../errors').ErrorInfo | null;
}

export const LINT_SEVERITIES = ['error', 'warning'] as const;
export type LintSeverity = (typeof LINT_SEVERITIES)[number];

export interface LintProblem {
  file: string;
  line: number;
  column: number;
  /** Where the offending token ends on its line (exclusive), when known. */
  endColumn?: number;
  severity: LintSeverity;
  /** syntax | unknown-directive | context | arguments | duplicate-server | missing-include */
  rule: string;
  directive: string | null;
  message: string;
}

export interface LintResult {
  ok: boolean;
  problems: LintProblem[];
  /** Directive names met, for hover docs (configs.reference). */
  directives: string[];
}

export interface DirectiveDoc {
  name: string;
  module: string;
  syntax: string[];
  contexts: string[];
  default: string;
  /** Markdown, from the official reference. */
  description: string;
}

export type FileChange = 'added' | 'removed' | 'modified' | 'unchanged';

export interface FileDiff {
  name: string;
  change: FileChange;
  /** The text on each side ('' when the file is absent on that side). */
  before: string;
  after: string;
  /** Unified diff (jsdiff), empty when unchanged. */
  unified: string;
  added: number;
  removed: number;
}

export interface MergeFile {
  name: string;
  conflict: boolean;
  /** The three-way merge: clean lines plus conflict regions marked <<<<<<< draft / ||||||| base / ======= / >>>>>>> live. */
  merged: string;
  base: string;
  live: string;
  draft: string;
}

export interface ConfigDiff {
  target: ConfigTarget;
  baseRevision: string;
  liveRevision: string;
  /** The live config moved since the draft's base: publishing would be a CONFLICT. */
  conflict: boolean;
  files: FileDiff[];
  /** All files' unified diffs, live → draft. */
  unified: string;
  /** Present on conflict: base, live and draft merged per file. */
  merge: { files: MergeFile[]; conflicts: number } | null;
  fetchedAt: string;
}

export interface ConfigRevision {
  seq: number;
  accountId: string;
  kind: ConfigTargetKind;
  targetId: string;
  targetName: string | null;
  /** The live revision after the publish (or the one observed). */
  revision: string | null;
  baseRevision: string | null;
  /** observed: the live config seen before a publish; publish; rollback. */
  source: 'observed' | 'publish' | 'rollback';
  result: 'succeeded' | 'failed' | 'pending' | 'observed';
  actor: string | null;
  message: string | null;
  deploymentId: string | null;
  createdAt: string;
  fileNames: string[];
  /** Present when asked for one revision. */
  files?: ConfigFile[];
}

export interface PublishResult {
  deployment: Deployment;
  revision: ConfigRevision;
  /** What the live config is after the deployment ended (re-read). */
  liveRevision: string | null;
}

export interface InstanceGroupSummary {
  accountId: string;
  id: string;
  name: string;
  instanceCount: number;
  members: { id: string; name: string }[];
}

export interface StagedConfigSummary {
  accountId: string;
  id: string;
  name: string;
  updatedAt: string | null;
}

export const configChannels = {
  /** The live config (fetched now) with the draft, if any. */
  'configs.get': channel<ConfigView>()(configTargetSchema),
  /** Unpublished drafts, newest first (optionally only some accounts/environments). */
  'configs.drafts': channel<DraftSummary[]>()(
    z
      .object({ accountIds: z.array(id).max(500).optional(), environments: z.array(z.string().max(40)).max(10).optional() })
      .strict()
      .default({}),
  ),
  /** Saves the draft's files (on every edit). The first save fixes the base revision (the live one now, unless given). */
  'configs.saveDraft': channel<ConfigDraft>()(
    z.object({ target: configTargetSchema, files: filesSchema, baseRevision: z.string().max(200).optional() }).strict(),
  ),
  /**
   * Renames a file of the given files (the editor's, else the draft's or the live config's) and rewrites the
   * includes that name it (unless updateIncludes is false); VALIDATION for an unknown file or a name the rule
   * refuses. Saves nothing: the caller saves the answer's files with configs.saveDraft (so a preview is free).
   */
  'configs.renameFile': channel<RenamePlan>()(
    z
      .object({
        target: configTargetSchema,
        files: filesSchema.optional(),
        from: z.string().trim().min(1).max(1024),
        to: z.string().max(2048),
        updateIncludes: z.boolean().default(true),
      })
      .strict(),
  ),
  'configs.discardDraft': channel<{ discarded: boolean }>()(z.object({ target: configTargetSchema }).strict()),
  /** Lints the given files, or the draft's (or the live config's when there is no draft). */
  'configs.lint': channel<LintResult>()(z.object({ target: configTargetSchema, files: filesSchema.optional() }).strict()),
  /** Reference docs for directives, for hover. */
  'configs.reference': channel<DirectiveDoc[]>()(z.object({ names: z.array(z.string().max(100)).max(500) }).strict()),
  /** The server's own analysis of the draft (NIM POST /analysis/config). */
  'configs.analyze': channel<{ ok: boolean; messages: string[] }>()(z.object({ target: configTargetSchema }).strict()),
  /** The draft against the live config fetched now; CONFLICT and a three-way merge when live moved since the base. */
  'configs.diff': channel<ConfigDiff>()(z.object({ target: configTargetSchema }).strict()),
  /**
   * Publishes the draft and follows the deployment to its end (deployment.progress events). Refuses with
   * VALIDATION when lint finds errors (unless skipLint), CONFLICT when live moved (unless ignoreConflict).
   */
  'configs.publish': channel<PublishResult>()(
    z
      .object({
        target: configTargetSchema,
        confirm: confirmSchema,
        ignoreConflict: z.boolean().default(false),
        skipLint: z.boolean().default(false),
      })
      .strict(),
  ),
  'configs.deployment': channel<Deployment>()(z.object({ accountId: id, id }).strict()),
  'configs.history': channel<ConfigRevision[]>()(z.object({ target: configTargetSchema, limit: z.number().int().min(1).max(500).default(50) }).strict()),
  'configs.revision': channel<ConfigRevision>()(z.object({ accountId: id, seq: z.number().int().min(1) }).strict()),
  /** Two recorded revisions, or one against the live config. */
  'configs.compare': channel<{ files: FileDiff[]; unified: string }>()(
    z.object({ accountId: id, from: z.number().int().min(1), to: z.union([z.number().int().min(1), z.literal('live')]) }).strict(),
  ),
  /** Publishes a recorded revision through the same path (lint, diff against live, conflict check). */
  'configs.rollback': channel<PublishResult>()(
    z
      .object({
        target: configTargetSchema,
        to: z.union([z.number().int().min(1), z.literal('previous')]),
        confirm: confirmSchema,
        ignoreConflict: z.boolean().default(false),
      })
      .strict(),
  ),
  'configs.groups': channel<InstanceGroupSummary[]>()(z.object({ accountId: id }).strict()),
  'configs.staged': channel<StagedConfigSummary[]>()(z.object({ accountId: id }).strict()),
  /**
   * Starts a draft of `target` from a staged config's files (based on the live config now), to be reviewed and
   * published like any draft: this is how a staged config is published to an instance or a group.
   */
  'configs.fromStaged': channel<ConfigDraft>()(z.object({ target: configTargetSchema, stagedId: id }).strict()),
  /** Saves the draft of a target as a NIM staged config named `name`. */
  'configs.stage': channel<StagedConfigSummary>()(z.object({ target: configTargetSchema, name: z.string().trim().min(1).max(200) }).strict()),
} as const;
