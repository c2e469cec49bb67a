import type { Command } from 'commander';
import type { NodeDetail } from '../../../shared/contract';
import { PROVIDERS } from '../../../shared/providers';
import { resolveAccount } from '../account-ref';
import { actionParams, collect, confirmOrRefuse } from '../args';
import { CliError, type CliContext } from '../context';
import { printResult } from './instances';

function describeNode(d: NodeDetail): string {
  const n = d.node;
  const rows: [string, string | number | undefined][] = [
    ['id', n.id],
    ['name', n.name],
    ['status', n.rawStatus && n.rawStatus !== n.status ? `${n.status} (${n.rawStatus})` : n.status],
    ['provider', PROVIDERS[n.provider]?.label ?? n.provider],
    ['address', n.address],
    ['cpu', n.cpu],
    ['memory', n.memoryMb !== undefined ? `${n.memoryMb} MB` : undefined],
    ['disk', n.diskMb !== undefined ? `${n.diskMb} MB` : undefined],
    ['instances', n.instanceCount],
    ['updated', n.updatedAt],
    ['source', d.source === 'live' ? 'live' : `cache (as of ${d.asOf ?? 'unknown'}; the API could not be reached)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
    .join('\n');
}

/** `hangar nodes …`: show, metrics, create, delete. The cache engineer adds `nodes list` to the command returned here. */
export function registerNodesCommands(program: Command, ctx: CliContext): Command {
  const nodes = program.command('nodes').description('nodes (hosts) across your accounts');

  nodes
    .command('show <id>')
    .description('one node, read live from its API')
    .requiredOption('--account <account>', 'account id or name')
    .action(async (id: string, o: { account: string }) => {
      const account = await resolveAccount(ctx, o.account);
      const detail = await ctx.call('nodes.get', { accountId: account.id, id });
      ctx.print(detail, () => describeNode(detail));
    });

  nodes
    .command('metrics <id>')
    .description('a node’s metrics over a time range')
    .requiredOption('--account <account>', 'account id or name')
    .option('--range <minutes>', 'how far back', '60')
    .action(async (id: string, o: { account: string; range: string }) => {
      const rangeMinutes = Number(o.range);
      if (!Number.isInteger(rangeMinutes)) throw new CliError({ code: 'VALIDATION', message: `--range takes whole minutes (got "${o.range}")` });
      const account = await resolveAccount(ctx, o.account);
      const series = await ctx.call('nodes.metrics', { accountId: account.id, id, rangeMinutes });
      ctx.print(series, () =>
        series
          .map((s) => {
            const last = s.points.at(-1);
            return `${s.name}${s.unit ? ` (${s.unit})` : ''}: ${s.points.length} points${last ? `, last ${last.v} at ${new Date(last.t).toISOString()}` : ''}`;
          })
          .join('\n') || '(no metrics)',
      );
    });

  nodes
    .command('create')
    .description('create a node (--param per the provider)')
    .requiredOption('--account <account>', 'account id or name')
    .option('--param <key=value>', 'a parameter (repeatable)', collect)
    .action(async (o: { account: string; param?: string[] }) => {
      const params = actionParams(o.param);
      const account = await resolveAccount(ctx, o.account);
      const result = await ctx.call('nodes.act', { accountId: account.id, action: 'create', params });
      printResult(ctx, result, 'node created');
    });

  nodes
    .command('delete <id>')
    .description('delete a node (asks, or --yes; --force to delete one that still has instances)')
    .requiredOption('--account <account>', 'account id or name')
    .option('--param <key=value>', 'a parameter (repeatable)', collect)
    .option('--yes', 'do not ask (required without a terminal)')
    .option('--force', 'go ahead although the provider refuses for a hazard it names (sends the parameter force=true)')
    .action(async (id: string, o: { account: string; param?: string[]; yes?: boolean; force?: boolean }) => {
      const params = actionParams(o.param);
      if (o.force) params.force = true;
      const account = await resolveAccount(ctx, o.account);
      await confirmOrRefuse(ctx, o.yes, `Delete node ${id} of "${account.name}"?`);
      const result = await ctx.call('nodes.act', { accountId: account.id, action: 'delete', id, params });
      printResult(ctx, result, `node ${id} deleted`);
    });

  // `nodes list` (windowed query over the cache) is registered on `nodes` by the cache/sync work.
  return nodes;
}
