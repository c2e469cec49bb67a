import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ConfigRevision, ConfigTarget, ConfigView, PublishResult, RenamePlan } from '../../../shared/contract';
import type { ConfigFile } from '../../../shared/model';
import { resolveAccount } from '../account-ref';
import { collect, keyValues } from '../args';
import { CliError, type CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { table } from '../table';
import { ReportedFailure } from './sync';

interface TargetOptions {
  account: string;
  group?: string;
}

/** The instance (id, bare NIM uid, or cached name) or the group (--group, by name or uid) a command is about. */
async function resolveTarget(ctx: CliContext, instance: string | undefined, o: TargetOptions): Promise<ConfigTarget> {
  const account = await resolveAccount(ctx, o.account);
  if (o.group !== undefined) {
    if (instance !== undefined) ctx.usage('Give either an INSTANCE or --group GROUP, not both');
    const groups = await ctx.call('configs.groups', { accountId: account.id });
    const wanted = o.group.trim().toLowerCase();
    const g = groups.find((x) => x.id === o.group) ?? groups.find((x) => x.name.toLowerCase() === wanted);
    if (!g) throw new CliError({ code: 'NOT_FOUND', message: `No instance group "${o.group}" on "${account.name}" (${groups.map((x) => x.name).join(', ') || 'it has none'})` });
    return { accountId: account.id, kind: 'group', id: g.id };
  }
  if (instance === undefined) ctx.usage('Name the INSTANCE (or --group GROUP)');
  if (!instance.includes(':')) {
    // A name the cache knows, else the id as given (NIM also takes a bare instance uid).
    const page = await ctx.call('instances.query', { accountIds: [account.id], text: instance, limit: 50 });
    const byName = page.rows.filter((r) => r.name === instance);
    if (byName.length === 1) return { accountId: account.id, kind: 'instance', id: byName[0].id };
    if (byName.length > 1) ctx.usage(`"${instance}" names ${byName.length} instances; use an id: ${byName.map((r) => r.id).join(', ')}`);
  }
  return { accountId: account.id, kind: 'instance', id: instance };
}

function withTarget(cmd: Command): Command {
  return cmd.requiredOption('--account <account>', 'account id or name').option('--group <group>', 'an instance group (name or uid) instead of an instance');
}

function describeFiles(view: ConfigView): string {
  const files = view.draft?.files ?? view.live.files;
  const head = [
    `${view.name} (${view.target.kind} ${view.target.id})`,
    `live revision ${view.live.revision}${view.liveError ? ` — NOT REACHABLE (${view.liveError.message}); showing the draft's base` : ''}`,
    view.draft ? `draft based on ${view.draft.baseRevision}, changed: ${view.draft.changedFiles.join(', ') || 'nothing'} (showing the draft)` : 'no draft',
  ];
  return [...head, ...files.map((f) => `\n==> ${f.name} <==\n${f.contents}`)].join('\n');
}

function describeRename(p: RenamePlan): string[] {
  const at = (i: { file: string; line: number }) => `${i.file}:${i.line}`;
  const lines = [`renamed ${p.from} → ${p.to}`];
  if (p.includes.length === 0) lines.push('  no include names it');
  else if (p.updated) lines.push(`  updated ${p.includes.length} include${p.includes.length === 1 ? '' : 's'}:`, ...p.includes.map((i) => `    ${at(i)}: include ${i.before} → include ${i.after}`));
  else lines.push(`  left ${p.includes.length} include${p.includes.length === 1 ? '' : 's'} naming ${p.from} (--keep-includes; lint reports them):`, ...p.includes.map((i) => `    ${at(i)}: include ${i.before}`));
  for (const g of p.globs) lines.push(`  note: ${g.message}`);
  return lines;
}

function describePublish(r: PublishResult): string {
  const d = r.deployment;
  const lines = [`deployment ${d.id}: ${d.status}${d.message ? ` — ${d.message}` : ''}`];
  for (const name of d.succeeded) lines.push(`  ok      ${name}`);
  for (const f of d.failures) lines.push(`  failed  ${f.name || '(instance)'}\n${f.message.replace(/^/gm, '          ')}`);
  lines.push(`history: revision #${r.revision.seq} (${r.revision.result})${r.liveRevision ? `; live revision now ${r.liveRevision}` : ''}`);
  return lines.join('\n');
}

/** Production accounts: --yes, or the target's name typed on the terminal. Returns what to send as `confirm`. */
async function confirmProduction(ctx: CliContext, target: ConfigTarget, yes: boolean | undefined, verb: string): Promise<string | undefined> {
  const account = await resolveAccount(ctx, target.accountId);
  if (account.environment !== 'prod') return undefined;
  const name = await targetName(ctx, target);
  if (yes) return name;
  if (!ctx.io.ask) {
    throw new CliError({ code: 'VALIDATION', message: `"${account.name}" is a production account: pass --yes, or run on a terminal and type the name "${name}" to ${verb}` });
  }
  const typed = (await ctx.io.ask(`"${account.name}" is production. Type the name "${name}" to ${verb}: `)).trim();
  if (typed !== name) throw new CliError({ code: 'VALIDATION', message: 'Cancelled: the name typed does not match' }, EXIT.failure);
  return name;
}

async function targetName(ctx: CliContext, target: ConfigTarget): Promise<string> {
  const drafts = await ctx.call('configs.drafts', { accountIds: [target.accountId] });
  const d = drafts.find((x) => x.targetId === target.id && x.kind === target.kind);
  return d?.targetName ?? (await ctx.call('configs.get', target)).name;
}

/** Deployment steps on stderr while a publish runs (human output only). */
function watchProgress(ctx: CliContext): () => void {
  if (ctx.json) return () => {};
  const sub = ctx.getCore().events.on((e) => {
    if (e.type !== 'deployment.progress') return;
    const d = e.deployment;
    ctx.io.stderr(`deployment ${d.id}: ${d.status}${d.succeeded.length || d.failures.length ? ` (${d.succeeded.length} ok, ${d.failures.length} failed)` : ''}\n`);
  });
  return () => sub.dispose();
}

export function registerConfigsCommands(program: Command, ctx: CliContext): void {
  const configs = program.command('configs').description('edit, lint, diff, publish and roll back instance configs');

  withTarget(configs.command('show [instance]').description('the live config (fetched now) and the draft, if any: files with name and text')).action(
    async (instance: string | undefined, o: TargetOptions) => {
      const view = await ctx.call('configs.get', await resolveTarget(ctx, instance, o));
      ctx.print(view, () => describeFiles(view));
    },
  );

  withTarget(
    configs.command('edit [instance]').description(
      "save a draft: each --file NAME=LOCALFILE replaces (or adds) the file NAME with LOCALFILE's text; --rename OLD=NEW renames a file of the draft and the includes that name it",
    ),
  )
    .option('--file <name=localfile>', 'a config file and the local file with its new text (repeatable)', collect)
    .option('--rename <old=new>', 'a file of the draft and its new name, under the root folder or absolute (repeatable); includes naming it follow', collect)
    .option('--keep-includes', 'with --rename: leave the includes that name the old file as they are (lint then reports them)')
    .action(async (instance: string | undefined, o: TargetOptions & { file?: string[]; rename?: string[]; keepIncludes?: boolean }) => {
      const pairs = keyValues(o.file, '--file');
      const renames = keyValues(o.rename, '--rename');
      if (Object.keys(pairs).length === 0 && Object.keys(renames).length === 0) ctx.usage('Give at least one --file NAME=LOCALFILE or --rename OLD=NEW');
      if (o.keepIncludes && Object.keys(renames).length === 0) ctx.usage('--keep-includes goes with --rename OLD=NEW');
      const target = await resolveTarget(ctx, instance, o);
      const view = await ctx.call('configs.get', target);
      let files: ConfigFile[] = (view.draft?.files ?? view.live.files).map((f) => ({ ...f }));
      const root = view.draft?.rootDir ?? view.live.rootDir ?? '/';
      for (const [name, local] of Object.entries(pairs)) {
        let text: string;
        try {
          text = await fs.readFile(local, 'utf8');
        } catch (e) {
          throw new CliError({ code: 'VALIDATION', message: `--file ${name}=${local}: cannot read ${local} (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
        }
        const full = files.find((f) => f.name === name)?.name ?? (path.posix.isAbsolute(name) ? name : path.posix.join(root, name));
        const existing = files.find((f) => f.name === full);
        if (existing) existing.contents = text;
        else files.push({ name: full, contents: text });
      }
      // Renames after the edits (a file just added can be renamed): the core checks the name and rewrites the includes; nothing is saved until all are done.
      const plans: RenamePlan[] = [];
      for (const [from, to] of Object.entries(renames)) {
        const plan = await ctx.call('configs.renameFile', { target, files, from, to, updateIncludes: !o.keepIncludes });
        files = plan.files;
        plans.push(plan);
      }
      const draft = await ctx.call('configs.saveDraft', { target, files });
      const renamed = plans.map(({ files: _files, ...rest }) => rest);
      ctx.print(plans.length ? { ...draft, renamed } : draft, () =>
        [
          `draft saved for ${draft.targetName ?? draft.targetId} (based on ${draft.baseRevision}); changed: ${draft.changedFiles.join(', ') || 'nothing'}`,
          ...plans.flatMap(describeRename),
        ].join('\n'),
      );
    });

  withTarget(configs.command('lint [instance]').description('lint the draft (or the live config) locally; exit 1 when there are problems')).action(
    async (instance: string | undefined, o: TargetOptions) => {
      const r = await ctx.call('configs.lint', { target: await resolveTarget(ctx, instance, o) });
      const problems = r.problems.map(({ file, line, column, severity, rule, directive, message }) => ({ file, line, column, severity, rule, directive, message }));
      ctx.print({ ok: r.ok, problems }, () =>
        problems.length ? problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}${p.directive ? ` [${p.directive}]` : ''} (${p.rule})`).join('\n') : 'no problems',
      );
      if (!r.ok) throw reported(EXIT.failure);
    },
  );

  withTarget(configs.command('analyze [instance]').description('the server\'s own analysis of the draft (NIM POST /analysis/config); exit 1 when it fails')).action(
    async (instance: string | undefined, o: TargetOptions) => {
      const r = await ctx.call('configs.analyze', { target: await resolveTarget(ctx, instance, o) });
      ctx.print(r, () => (r.ok ? 'the server found no problems' : r.messages.join('\n')));
      if (!r.ok) throw reported(EXIT.failure);
    },
  );

  withTarget(configs.command('diff [instance]').description('the draft against the live config fetched now (unified); says CONFLICT when live moved since the draft\'s base')).action(
    async (instance: string | undefined, o: TargetOptions) => {
      const d = await ctx.call('configs.diff', { target: await resolveTarget(ctx, instance, o) });
      ctx.print(d, () => {
        const head = d.conflict
          ? `CONFLICT: the live config moved from ${d.baseRevision} to ${d.liveRevision} since the draft was based on it; the three-way merge has ${d.merge?.conflicts ?? 0} conflicting region(s)\n`
          : '';
        return `${head}${d.unified || '(no differences)'}`;
      });
    },
  );

  withTarget(configs.command('publish [instance]').description('publish the draft and wait for the deployment; exit 0 only when it succeeded'))
    .option('--yes', 'do not ask on a production account')
    .option('--ignore-conflict', 'overwrite the live config even if it moved since the draft\'s base')
    .option('--skip-lint', 'send even when local lint finds errors (the server still runs nginx -t)')
    .action(async (instance: string | undefined, o: TargetOptions & { yes?: boolean; ignoreConflict?: boolean; skipLint?: boolean }) => {
      const target = await resolveTarget(ctx, instance, o);
      const confirm = await confirmProduction(ctx, target, o.yes, 'publish');
      const stop = watchProgress(ctx);
      let r: PublishResult;
      try {
        r = await ctx.call('configs.publish', { target, confirm, ignoreConflict: o.ignoreConflict === true, skipLint: o.skipLint === true });
      } finally {
        stop();
      }
      ctx.print(r, () => describePublish(r));
      if (r.deployment.status !== 'succeeded') throw reported(EXIT.failure);
    });

  withTarget(configs.command('history [instance]').description('published revisions, newest first (who, when, result)'))
    .option('--limit <n>', 'how many', '50')
    .action(async (instance: string | undefined, o: TargetOptions & { limit: string }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) ctx.usage('--limit must be a whole number from 1 to 500');
      const rows: ConfigRevision[] = await ctx.call('configs.history', { target: await resolveTarget(ctx, instance, o), limit });
      ctx.print(rows, () =>
        table(
          ['REV', 'WHEN', 'WHAT', 'RESULT', 'WHO', 'LIVE REVISION', 'MESSAGE'],
          rows.map((r) => [`#${r.seq}`, r.createdAt, r.source, r.result, r.actor ?? '', r.revision ?? '', (r.message ?? '').split('\n')[0].slice(0, 80)]),
        ),
      );
    });

  withTarget(configs.command('rollback [instance]').description('publish a recorded revision again (lint, diff, conflict check as any publish)'))
    .requiredOption('--to <revision>', 'a revision number from history, or "previous"')
    .option('--yes', 'do not ask on a production account')
    .action(async (instance: string | undefined, o: TargetOptions & { to: string; yes?: boolean }) => {
      const to = o.to === 'previous' ? 'previous' : Number(o.to.replace(/^#/, ''));
      if (to !== 'previous' && (!Number.isInteger(to) || to < 1)) ctx.usage('--to takes a revision number (configs history) or "previous"');
      const target = await resolveTarget(ctx, instance, o);
      const confirm = await confirmProduction(ctx, target, o.yes, 'roll back');
      const stop = watchProgress(ctx);
      let r: PublishResult;
      try {
        r = await ctx.call('configs.rollback', { target, to, confirm });
      } finally {
        stop();
      }
      ctx.print(r, () => describePublish(r));
      if (r.deployment.status !== 'succeeded') throw reported(EXIT.failure);
    });

  withTarget(configs.command('discard [instance]').description('drop the unpublished draft')).action(async (instance: string | undefined, o: TargetOptions) => {
    const r = await ctx.call('configs.discardDraft', { target: await resolveTarget(ctx, instance, o) });
    ctx.print(r, () => (r.discarded ? 'draft discarded' : 'there was no draft'));
  });

  withTarget(configs.command('stage [instance]').description('save the draft (or the live config) as a NIM staged config'))
    .requiredOption('--name <name>', 'the staged config\'s name')
    .action(async (instance: string | undefined, o: TargetOptions & { name: string }) => {
      const s = await ctx.call('configs.stage', { target: await resolveTarget(ctx, instance, o), name: o.name });
      ctx.print(s, () => `staged config ${s.name} (${s.id}) saved`);
    });

  withTarget(configs.command('from-staged [instance]').description('start the draft from a staged config (then diff and publish it as any draft)'))
    .requiredOption('--staged <name>', 'staged config name or uid')
    .action(async (instance: string | undefined, o: TargetOptions & { staged: string }) => {
      const target = await resolveTarget(ctx, instance, o);
      const list = await ctx.call('configs.staged', { accountId: target.accountId });
      const s = list.find((x) => x.id === o.staged) ?? list.find((x) => x.name === o.staged);
      if (!s) throw new CliError({ code: 'NOT_FOUND', message: `No staged config "${o.staged}" (${list.map((x) => x.name).join(', ') || 'there are none'})` });
      const draft = await ctx.call('configs.fromStaged', { target, stagedId: s.id });
      ctx.print(draft, () => `draft of ${draft.targetName ?? draft.targetId} now holds staged config ${s.name}; changed: ${draft.changedFiles.join(', ') || 'nothing'}`);
    });

  configs
    .command('staged')
    .description('the NIM staged configs of an account')
    .requiredOption('--account <account>', 'account id or name')
    .action(async (o: { account: string }) => {
      const rows = await ctx.call('configs.staged', { accountId: (await resolveAccount(ctx, o.account)).id });
      ctx.print(rows, () => table(['ID', 'NAME', 'UPDATED'], rows.map((r) => [r.id, r.name, r.updatedAt])));
    });

  configs
    .command('drafts')
    .description('unpublished drafts, per account')
    .option('--account <account>', 'only this account')
    .action(async (o: { account?: string }) => {
      const accountIds = o.account ? [(await resolveAccount(ctx, o.account)).id] : undefined;
      const rows = await ctx.call('configs.drafts', { accountIds });
      ctx.print(rows, () => {
        const per = new Map<string, number>();
        for (const r of rows) per.set(r.accountName, (per.get(r.accountName) ?? 0) + 1);
        const summary = [...per].map(([name, n]) => `${name}: ${n} unpublished draft${n === 1 ? '' : 's'}`).join('\n');
        return `${table(['ACCOUNT', 'KIND', 'TARGET', 'CHANGED', 'SAVED'], rows.map((r) => [r.accountName, r.kind, r.targetName ?? r.targetId, r.changedFiles.join(', '), r.updatedAt]))}${summary ? `\n${summary}` : ''}`;
      });
    });
}

/** The command printed its result; exit with `code` without printing an error. */
function reported(code: number): CliError {
  return new ReportedFailure({ code: 'VALIDATION', message: 'reported above' }, code);
}
