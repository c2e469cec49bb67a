import type { Command } from 'commander';
import type { InstanceDetail } from '../../../shared/contract';
import { INSTANCE_ACTIONS, type ActionResult, type InstanceAction } from '../../../shared/model';
import { PROVIDERS } from '../../../shared/providers';
import { resolveAccount } from '../account-ref';
import { actionParams, collect, confirmOrRefuse } from '../args';
import type { CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { ReportedFailure } from './sync';

const ACTION_HELP: Record<InstanceAction, string> = {
  create: 'create an instance (no id; --param per the provider, e.g. name=…)',
  deploy: 'deploy a new server (no id; --param name=… image=… …)',
  update: 'update an instance (--param per the provider)',
  rename: 'rename an instance (--param name=…)',
  suspend: 'suspend an instance',
  unsuspend: 'unsuspend an instance',
  delete: 'delete an instance (asks, or --yes; --force to go ahead despite a hazard the provider refuses, e.g. Skyport without a container id)',
};

export function describeInstance(d: InstanceDetail): string {
  const i = d.instance;
  const rows: [string, string | undefined][] = [
    ['id', i.id],
    ['name', i.name],
    ['status', i.rawStatus && i.rawStatus !== i.status ? `${i.status} (${i.rawStatus})` : i.status],
    ['provider', PROVIDERS[i.provider]?.label ?? i.provider],
    ['node', i.nodeId],
    ['address', i.address],
    ['version', i.version],
    ['description', i.description],
    ['labels', i.labels && Object.keys(i.labels).length ? Object.entries(i.labels).map(([k, v]) => `${k}=${v}`).join(', ') : undefined],
    ['updated', i.updatedAt],
    ['source', d.source === 'live' ? 'live' : `cache (as of ${d.asOf ?? 'unknown'}; the API could not be reached)`],
    ['actions', d.capabilities.filter((c) => c.startsWith('instances.') && !/\.(list|get)$/.test(c)).map((c) => c.slice(10)).join(', ') || 'none'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
    .join('\n');
}

export function describeResult(r: ActionResult, fallback: string): string {
  const lines = [r.mismatch ? `NOT CONFIRMED: ${r.message ?? fallback}` : (r.message ?? fallback)];
  const obj = r.instance ?? r.node;
  if (obj) lines.push(`${obj.id}  ${obj.name}  ${obj.status}`);
  for (const other of r.affected ?? []) lines.push(`${other.id}  ${other.name}  ${other.status}  (changed by the panel instead)`);
  if (r.removedIds?.length) lines.push(`also removed by the panel: ${r.removedIds.join(', ')}`);
  if (r.warning && r.warning !== r.message && !r.message?.includes(r.warning)) lines.push(`warning: ${r.warning}`);
  if (r.confirmedByReread) lines.push('(the API reported an error, but a re-read shows the action took effect)');
  return lines.join('\n');
}

/**
 * Prints an action's result; a result whose records disagree (`mismatch`) is printed and then exits 5, so a
 * script never takes it for a success.
 */
export function printResult(ctx: CliContext, r: ActionResult, fallback: string): void {
  ctx.print(r, () => describeResult(r, fallback));
  if (r.mismatch) throw new ReportedFailure({ code: 'CONFLICT', message: r.message ?? `the API's records disagree (${r.mismatch.what})` }, EXIT.conflict);
}

/**
 * `hangar instances …`: show (live, falling back to the cache) and the actions. The cache engineer adds
 * `instances list` to the command returned here.
 */
export function registerInstancesCommands(program: Command, ctx: CliContext): Command {
  const instances = program.command('instances').description('instances across your accounts');

  instances
    .command('show <id>')
    .description('one instance, read live from its API')
    .requiredOption('--account <account>', 'account id or name')
    .action(async (id: string, o: { account: string }) => {
      const account = await resolveAccount(ctx, o.account);
      const detail = await ctx.call('instances.get', { accountId: account.id, id });
      ctx.print(detail, () => describeInstance(detail));
    });

  for (const action of INSTANCE_ACTIONS) {
    const creates = action === 'create' || action === 'deploy';
    const cmd = instances
      .command(creates ? action : `${action} <id>`)
      .description(ACTION_HELP[action])
      .requiredOption('--account <account>', 'account id or name')
      .option('--param <key=value>', 'an action parameter (repeatable)', collect);
    if (action === 'delete') {
      cmd.option('--yes', 'do not ask (required without a terminal)');
      cmd.option('--force', 'go ahead although the provider refuses for a hazard it names (sends the parameter force=true)');
    }
    cmd.action(async (...args: unknown[]) => {
      const id = creates ? undefined : (args[0] as string);
      const o = (creates ? args[0] : args[1]) as { account: string; param?: string[]; yes?: boolean; force?: boolean };
      const params = actionParams(o.param);
      if (o.force) params.force = true;
      const account = await resolveAccount(ctx, o.account);
      if (action === 'delete') await confirmOrRefuse(ctx, o.yes, `Delete instance ${id} of "${account.name}"?`);
      const result = await ctx.call('instances.act', { accountId: account.id, action, ...(id !== undefined ? { id } : {}), params });
      printResult(ctx, result, `${action}: done`);
    });
  }

  // `instances list` (windowed query over the cache) is registered on `instances` by the cache/sync work.
  return instances;
}
