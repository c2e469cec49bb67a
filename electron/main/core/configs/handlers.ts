import type { ConfigDiff, ConfigDraft, ConfigTarget, ConfigView, Handlers } from '../../../../shared/contract';
import { draftFilesProblem, fileNameProblem, resolveFileName } from '../../../../shared/config-files';
import { HangarError, isRetryableCode } from '../../../../shared/errors';
import type { HangarEvent } from '../../../../shared/events';
import type { ConfigDocument, ConfigFile, Instance, Ref } from '../../../../shared/model';
import type { AccountRegistry } from '../accounts/registry';
import type { ActivityLog } from '../activity/store';
import type { Database } from '../cache/sqlite';
import type { ProviderPool } from '../providers/pool';
import { withRedactedErrors } from '../secrets/redact-errors';
import type { Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import type { Redactor } from '../util/redact';
import { diffFiles, mergeThreeWay } from './diff';
import { ConfigDocuments } from './documents';
import { DraftStore } from './drafts';
import { RevisionStore } from './history';
import { includePrefix } from './includes';
import { isNginxFile, lintConfig } from './lint';
import { Publisher, sameFiles } from './publish';
import { loadReference } from './reference';
import { planRename } from './rename';

export interface ConfigHandlerDeps {
  db: Database;
  registry: AccountRegistry;
  pool: ProviderPool;
  redactor: Redactor;
  events: Emitter<HangarEvent>;
  log: Logger;
  activity?: ActivityLog;
  actor?: string;
  cachedInstance?(ref: Ref): Promise<{ value: Instance } | undefined>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Deployment polling: every pollMs, at most maxPolls times (default 300 ms × 1000). */
  pollMs?: number;
  maxPolls?: number;
}

type ConfigChannel = Extract<keyof Handlers, `configs.${string}`>;

/** The configs.* channels: drafts, lint, diff against live, publish and follow, history and rollback. */
export function configHandlers(deps: ConfigHandlerDeps): Pick<Handlers, ConfigChannel> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child('configs');
  const documents = new ConfigDocuments({ registry: deps.registry, pool: deps.pool, now, cachedInstance: deps.cachedInstance });
  const drafts = new DraftStore(deps.db, now);
  const revisions = new RevisionStore(deps.db, now);
  const publisher = new Publisher({
    registry: deps.registry,
    documents,
    drafts,
    revisions,
    events: deps.events,
    log,
    activity: deps.activity,
    actor: deps.actor ?? 'unknown',
    now,
    sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    pollMs: deps.pollMs ?? 300,
    maxPolls: deps.maxPolls ?? 1000,
  });
  const clean = <T>(v: T): T => deps.redactor.redactValue(v);
  const changed = (accountId: string) => deps.events.emit({ type: 'configs.draftsChanged', accountId });

  const needDraft = (target: ConfigTarget): ConfigDraft => {
    deps.registry.get(target.accountId);
    const d = drafts.get(target);
    if (!d) throw new HangarError('NOT_FOUND', `There is no draft for ${target.kind} ${target.id}: edit the config first (configs edit / the editor saves one)`);
    return d;
  };

  /** A draft based on the live document now (first edit, or a rollback). */
  const startDraft = async (target: ConfigTarget, files: ConfigFile[], live?: ConfigDocument): Promise<ConfigDraft> => {
    const doc = live ?? (await documents.read(target));
    const name = await documents.name(target, doc);
    return drafts.create({ target, targetName: name, baseRevision: doc.revision, baseFiles: doc.files, files, rootDir: doc.rootDir ?? null });
  };

  const diffOf = (target: ConfigTarget, draft: ConfigDraft, live: ConfigDocument): ConfigDiff => {
    const { files, unified } = diffFiles(live.files, draft.files);
    const conflict = live.revision !== draft.baseRevision;
    return {
      target,
      baseRevision: draft.baseRevision,
      liveRevision: live.revision,
      conflict,
      files,
      unified,
      merge: conflict ? mergeThreeWay(draft.baseFiles, live.files, draft.files) : null,
      fetchedAt: now().toISOString(),
    };
  };

  return withRedactedErrors(
    {
      'configs.get': async (target) => {
        const account = deps.registry.get(target.accountId);
        const draft = drafts.get(target) ?? null;
        let live: ConfigDocument;
        let liveError: ConfigView['liveError'] = null;
        try {
          live = await documents.read(target);
        } catch (e) {
          // Offline with a draft: the draft stays editable on top of its base.
          if (!draft || !(e instanceof HangarError) || !(isRetryableCode(e.code) || e.code === 'KEYCHAIN')) throw e;
          liveError = e.toInfo();
          live = { accountId: target.accountId, instanceId: target.id, revision: draft.baseRevision, rootDir: draft.rootDir ?? undefined, files: draft.baseFiles };
        }
        const name = draft?.targetName ?? (await documents.name(target, live));
        const view: ConfigView = {
          target,
          name,
          live: { revision: live.revision, rootDir: live.rootDir, files: live.files, fetchedAt: liveError ? draft!.createdAt : now().toISOString() },
          draft,
          production: account.environment === 'prod',
          liveError,
        };
        return clean(view);
      },
      'configs.drafts': async (filter) => drafts.list(filter),
      'configs.saveDraft': async ({ target, files, baseRevision }) => {
        deps.registry.get(target.accountId);
        const existing = drafts.get(target);
        // Added and renamed files must have a usable name (one rule with the Configs view and the CLI).
        const single = deps.registry.get(target.accountId).provider === 'kianda';
        const checkNames = (rootDir: string | null, base: ConfigFile[]) => {
          const rules = { rootDir: single ? null : (rootDir ?? '/'), baseNames: base.map((f) => f.name) };
          const problem = draftFilesProblem(files.map((f) => f.name), rules);
          if (problem) throw new HangarError('VALIDATION', problem);
        };
        let draft: ConfigDraft;
        if (baseRevision !== undefined && (!existing || existing.baseRevision !== baseRevision)) {
          // Re-based on a newer live config (after merging a conflict): the base must be what is live now.
          const live = await documents.read(target);
          if (live.revision !== baseRevision) {
            throw new HangarError('CONFLICT', `The live config is at revision ${live.revision}, not ${baseRevision}: review the diff again`, {
              status: 409,
              details: { liveRevision: live.revision, baseRevision },
            });
          }
          checkNames(live.rootDir ?? null, live.files);
          draft = await startDraft(target, files, live);
        } else if (existing) {
          checkNames(existing.rootDir, existing.baseFiles);
          drafts.saveFiles(target, files);
          draft = drafts.get(target)!;
        } else {
          const live = await documents.read(target);
          checkNames(live.rootDir ?? null, live.files);
          draft = await startDraft(target, files, live);
        }
        changed(target.accountId);
        return clean(draft);
      },
      'configs.renameFile': async ({ target, files: given, from, to, updateIncludes }) => {
        const single = deps.registry.get(target.accountId).provider === 'kianda';
        const draft = drafts.get(target);
        const live = draft ? undefined : await documents.read(target);
        const files = given ?? draft?.files ?? live!.files;
        const rootDir = draft ? draft.rootDir : (live!.rootDir ?? null);
        const root = single ? null : (rootDir ?? '/');
        const file = files.find((f) => f.name === from) ?? files.find((f) => f.name === resolveFileName(from, root));
        if (!file) throw new HangarError('VALIDATION', `Cannot rename ${from}: the draft has no file ${from}`);
        const rules = { rootDir: root, baseNames: [] };
        const problem =
          resolveFileName(to, root) === file.name ? 'That is its name already.' : fileNameProblem(to, rules, files.filter((f) => f !== file).map((f) => f.name));
        if (problem) throw new HangarError('VALIDATION', `Cannot rename ${from} to ${to}: ${problem}`);
        const prefix = includePrefix(files, rootDir, isNginxFile);
        return clean(planRename(files, { from: file.name, to: resolveFileName(to, root), prefix, updateIncludes }));
      },
      'configs.discardDraft': async ({ target }) => {
        deps.registry.get(target.accountId);
        const discarded = drafts.discard(target);
        if (discarded) changed(target.accountId);
        return { discarded };
      },
      'configs.lint': async ({ target, files }) => {
        const ref = await loadReference();
        const draft = drafts.get(target);
        if (files) return lintConfig(files, ref, draft?.rootDir ?? undefined);
        if (draft) return lintConfig(draft.files, ref, draft.rootDir ?? undefined);
        const live = await documents.read(target);
        return lintConfig(live.files, ref, live.rootDir);
      },
      'configs.reference': async ({ names }) => {
        const ref = await loadReference();
        return [...new Set(names)].flatMap((n) => ref.docs(n));
      },
      'configs.analyze': async ({ target }) => {
        const draft = drafts.get(target);
        const files = draft?.files ?? (await documents.read(target)).files;
        const p = await documents.provider(target.accountId, 'configs.analyze');
        return clean(await p.analyzeConfig(target.id, files));
      },
      'configs.diff': async ({ target }) => {
        const draft = needDraft(target);
        return clean(diffOf(target, draft, await documents.read(target)));
      },
      'configs.publish': async ({ target, confirm, ignoreConflict, skipLint }) => {
        const draft = needDraft(target);
        return clean(await publisher.publish(target, draft, { confirm, ignoreConflict, skipLint, source: 'publish' }));
      },
      'configs.deployment': async ({ accountId, id }) => clean(await documents.deployment(accountId, id)),
      'configs.history': async ({ target, limit }) => {
        deps.registry.get(target.accountId);
        return revisions.list(target, limit);
      },
      'configs.revision': async ({ accountId, seq }) => revisions.get(accountId, seq, true),
      'configs.compare': async ({ accountId, from, to }) => {
        const a = revisions.get(accountId, from, true);
        const target: ConfigTarget = { accountId, kind: a.kind, id: a.targetId };
        const bFiles = to === 'live' ? (await documents.read(target)).files : revisions.get(accountId, to, true).files!;
        return clean(diffFiles(a.files!, bFiles, { before: `#${from}`, after: to === 'live' ? 'live' : `#${to}` }));
      },
      'configs.rollback': async ({ target, to, confirm, ignoreConflict }) => {
        deps.registry.get(target.accountId);
        const existing = drafts.get(target);
        if (existing && existing.changedFiles.length) {
          throw new HangarError('VALIDATION', `${existing.targetName ?? target.id} has an unpublished draft (${existing.changedFiles.join(', ')}): publish or discard it before rolling back`);
        }
        const live = await documents.read(target);
        let restoring;
        if (to === 'previous') {
          const good = revisions.list(target, 500).filter((r) => r.result === 'succeeded' || r.result === 'observed');
          const found = good.map((r) => revisions.get(target.accountId, r.seq, true)).find((r) => !sameFiles(r.files ?? [], live.files));
          if (!found) throw new HangarError('NOT_FOUND', 'There is no earlier recorded revision that differs from the live config');
          restoring = found;
        } else {
          restoring = revisions.get(target.accountId, to, true);
          if (restoring.targetId !== target.id || restoring.kind !== target.kind) {
            throw new HangarError('VALIDATION', `Revision #${to} belongs to ${restoring.kind} ${restoring.targetName ?? restoring.targetId}, not to ${target.id}`);
          }
          if (restoring.result === 'failed' || restoring.result === 'pending') {
            throw new HangarError('VALIDATION', `Revision #${to} never went live (its publish ${restoring.result === 'failed' ? 'failed' : 'did not finish'}); pick one that did`);
          }
        }
        const draft = await startDraft(target, restoring.files ?? [], live);
        changed(target.accountId);
        return clean(await publisher.publish(target, draft, { confirm, ignoreConflict, skipLint: false, source: 'rollback', restoring }));
      },
      'configs.groups': async ({ accountId }) => {
        const p = await documents.provider(accountId, 'configs.read');
        const groups = await p.listConfigGroups();
        return clean(groups.map((g) => ({ accountId, id: g.id, name: g.name, instanceCount: g.members.length, members: g.members })));
      },
      'configs.staged': async ({ accountId }) => {
        const p = await documents.provider(accountId, 'configs.read');
        return clean((await p.listStagedConfigs()).map((s) => ({ accountId, id: s.id, name: s.name, updatedAt: s.updatedAt ?? null })));
      },
      'configs.fromStaged': async ({ target, stagedId }) => {
        if (target.kind === 'staged') throw new HangarError('VALIDATION', 'A staged config is published to an instance or a group, not to another staged config');
        const existing = drafts.get(target);
        if (existing && existing.changedFiles.length) {
          throw new HangarError('VALIDATION', `${existing.targetName ?? target.id} has an unpublished draft (${existing.changedFiles.join(', ')}): publish or discard it first`);
        }
        const staged = await documents.read({ accountId: target.accountId, kind: 'staged', id: stagedId });
        const draft = await startDraft(target, staged.files);
        changed(target.accountId);
        return clean(draft);
      },
      'configs.stage': async ({ target, name }) => {
        const draft = drafts.get(target);
        const files = draft?.files ?? (await documents.read(target)).files;
        const p = await documents.provider(target.accountId, 'configs.publish');
        const saved = await p.saveStagedConfig({ name, files, rootDir: draft?.rootDir ?? undefined });
        log.info('staged a config', { accountId: target.accountId, id: saved.id });
        return clean({ accountId: target.accountId, id: saved.id, name: saved.name, updatedAt: saved.updatedAt ?? null });
      },
    },
    deps.redactor,
  );
}
