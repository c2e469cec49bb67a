/**
 * The one safe path every publish and rollback takes: production confirmation → local lint → the live config
 * fetched now → CONFLICT (with the three-way merge) when it moved since the draft's base, unless the user chose
 * to overwrite → publish with the base revision → follow the deployment to its end (deployment.progress events)
 * → re-read the live config → history and the activity log. The draft is dropped only when the deployment
 * succeeded; a failed one keeps it, with the server's message (nginx -t's text) on the revision.
 */
import { HangarError } from '../../../../shared/errors';
import type { ConfigDraft, ConfigRevision, ConfigTarget, PublishResult } from '../../../../shared/contract';
import type { HangarEvent } from '../../../../shared/events';
import type { ConfigFile, Deployment } from '../../../../shared/model';
import type { AccountRegistry } from '../accounts/registry';
import type { ActivityLog } from '../activity/store';
import type { Emitter } from '../util/emitter';
import type { Logger } from '../util/log';
import { mergeThreeWay } from './diff';
import type { ConfigDocuments } from './documents';
import type { DraftStore } from './drafts';
import type { RevisionStore } from './history';
import { lintConfig } from './lint';
import { loadReference } from './reference';

export interface PublisherDeps {
  registry: AccountRegistry;
  documents: ConfigDocuments;
  drafts: DraftStore;
  revisions: RevisionStore;
  events: Emitter<HangarEvent>;
  log: Logger;
  activity?: ActivityLog;
  actor: string;
  now: () => Date;
  /** Waits between deployment polls (tests pass one that does not wait on the wall clock). */
  sleep: (ms: number) => Promise<void>;
  pollMs: number;
  /** How many polls before giving up on a deployment that stays pending. */
  maxPolls: number;
}

export interface PublishOptions {
  confirm?: string;
  ignoreConflict: boolean;
  skipLint: boolean;
  source: 'publish' | 'rollback';
  /** For rollback: the revision being restored (named in history and the activity log). */
  restoring?: ConfigRevision;
}

export class Publisher {
  constructor(private readonly deps: PublisherDeps) {}

  /** Production accounts need the target's name typed (the CLI's --yes sends it). */
  checkConfirmation(target: ConfigTarget, name: string, confirm: string | undefined): void {
    const account = this.deps.registry.get(target.accountId);
    if (account.environment !== 'prod') return;
    if (confirm !== undefined && (confirm.trim() === name || confirm.trim() === target.id)) return;
    throw new HangarError('VALIDATION', `"${account.name}" is a production account: type the name "${name}" to publish to it`, {
      details: { needsConfirmation: name },
    });
  }

  async publish(target: ConfigTarget, draft: ConfigDraft, o: PublishOptions): Promise<PublishResult> {
    const { documents, revisions } = this.deps;
    const name = draft.targetName ?? target.id;
    this.checkConfirmation(target, name, o.confirm);
    if (!o.skipLint) {
      const lint = lintConfig(draft.files, await loadReference(), draft.rootDir ?? undefined);
      const errors = lint.problems.filter((p) => p.severity === 'error');
      if (errors.length) {
        const first = errors[0];
        throw new HangarError(
          'VALIDATION',
          `The draft has ${errors.length} lint error${errors.length === 1 ? '' : 's'}; nothing was sent. First: ${first.message} in ${first.file}:${first.line}:${first.column}`,
          { details: { problems: errors } },
        );
      }
    }
    const live = await documents.read(target);
    if (live.revision !== draft.baseRevision && !o.ignoreConflict) {
      const merge = mergeThreeWay(draft.baseFiles, live.files, draft.files);
      throw new HangarError(
        'CONFLICT',
        `The live config of ${name} changed since your draft was based on it (draft base ${draft.baseRevision}; live ${live.revision}). Review the three-way merge, or publish with ignoreConflict to overwrite it.`,
        { status: 409, details: { liveRevision: live.revision, baseRevision: draft.baseRevision, conflicts: merge.conflicts } },
      );
    }
    this.observe(target, name, live.revision, live.files);
    const started = this.deps.now().getTime();
    const pending = revisions.add({
      target,
      targetName: name,
      revision: null,
      baseRevision: draft.baseRevision,
      files: draft.files,
      source: o.source,
      result: 'pending',
      actor: this.deps.actor,
      message: o.restoring ? `Rollback to revision #${o.restoring.seq}` : null,
    });
    let deployment: Deployment;
    try {
      deployment = await documents.publish(target, { files: draft.files, baseRevision: draft.baseRevision, rootDir: draft.rootDir, force: o.ignoreConflict }, name);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      revisions.finish(pending.seq, target.accountId, { result: 'failed', message, revision: null, deploymentId: null });
      this.record(target, name, o, 'error', message, started, e instanceof HangarError ? e.code : 'INTERNAL', undefined);
      throw e;
    }
    deployment = await this.follow(target, deployment);
    let liveRevision: string | null = null;
    try {
      liveRevision = (await documents.read(target)).revision;
    } catch (e) {
      this.deps.log.warn('could not re-read the config after the deployment', { error: e instanceof Error ? e.message : String(e) });
    }
    const ok = deployment.status === 'succeeded';
    const message = deploymentMessage(deployment);
    const revision = revisions.finish(pending.seq, target.accountId, {
      result: deployment.status === 'pending' ? 'pending' : ok ? 'succeeded' : 'failed',
      message,
      revision: ok ? liveRevision : null,
      deploymentId: deployment.id,
    });
    if (ok) this.deps.drafts.discard(target);
    this.deps.events.emit({ type: 'configs.draftsChanged', accountId: target.accountId });
    this.record(target, name, o, ok ? 'ok' : 'error', message, started, ok ? null : deployment.status === 'pending' ? 'TIMEOUT' : 'SERVER', deployment);
    return { deployment, revision, liveRevision };
  }

  /** Polls the deployment until it is no longer pending, telling every step. */
  async follow(target: ConfigTarget, first: Deployment): Promise<Deployment> {
    let d = first;
    const tell = () => this.deps.events.emit({ type: 'deployment.progress', accountId: target.accountId, target, deployment: d, at: this.deps.now().toISOString() });
    tell();
    for (let i = 0; d.status === 'pending' && i < this.deps.maxPolls; i++) {
      await this.deps.sleep(this.deps.pollMs);
      try {
        d = { ...(await this.deps.documents.deployment(target.accountId, d.id)), instanceId: d.instanceId };
      } catch (e) {
        // A lost poll is retried; the deployment goes on on the server either way.
        if (!(e instanceof HangarError) || !e.retryable) throw e;
        continue;
      }
      tell();
    }
    return d;
  }

  /** Keeps the live config seen before a publish in history when it is not the last one recorded (so rollback can go back to it). */
  private observe(target: ConfigTarget, name: string, revision: string, files: ConfigFile[]): void {
    const last = this.deps.revisions.latestGood(target);
    if (last && sameFiles(this.deps.revisions.get(target.accountId, last.seq, true).files ?? [], files)) return;
    this.deps.revisions.add({ target, targetName: name, revision, baseRevision: null, files, source: 'observed', result: 'observed', actor: null });
  }

  private record(
    target: ConfigTarget,
    name: string,
    o: PublishOptions,
    outcome: 'ok' | 'error',
    message: string,
    started: number,
    code: string | null,
    deployment: Deployment | undefined,
  ): void {
    if (!this.deps.activity) return;
    const account = this.deps.registry.get(target.accountId);
    const what = o.source === 'rollback' ? `Rolled back the config of ${name} to revision #${o.restoring?.seq}` : `Published the config of ${name}`;
    try {
      this.deps.activity.record({
        accountId: target.accountId,
        accountName: account.name,
        kind: 'config',
        action: o.source === 'rollback' ? 'configs.rollback' : 'configs.publish',
        targetKind: target.kind === 'group' ? 'group' : target.kind === 'instance' ? 'instance' : 'config',
        targetId: target.id,
        targetName: name,
        summary: outcome === 'ok' ? what : `${what.replace(/^Rolled back/, 'Rollback of').replace(/^Published/, 'Publishing')} failed`,
        outcome,
        actor: this.deps.actor,
        durationMs: this.deps.now().getTime() - started,
        message,
        code,
        details: deployment
          ? { deploymentId: deployment.id, status: deployment.status, succeeded: deployment.succeeded, failures: deployment.failures, ignoreConflict: o.ignoreConflict }
          : { ignoreConflict: o.ignoreConflict },
      });
    } catch (e) {
      this.deps.log.warn('could not record the publish in the activity log', { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

export function deploymentMessage(d: Deployment): string {
  const parts = [d.message ?? `Deployment ${d.status}`];
  for (const f of d.failures) parts.push(`${f.name ? `${f.name}: ` : ''}${f.message}`);
  return parts.join('\n');
}

export function sameFiles(a: ConfigFile[], b: ConfigFile[]): boolean {
  if (a.length !== b.length) return false;
  const m = new Map(a.map((f) => [f.name, f.contents]));
  return b.every((f) => m.get(f.name) === f.contents);
}
