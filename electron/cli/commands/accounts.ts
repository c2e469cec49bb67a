import type { Command } from 'commander';
import type { CliContext } from '../context';
import { table } from '../table';

export function registerAccountsCommands(program: Command, ctx: CliContext): void {
  const accounts = program.command('accounts').description('manage accounts (secrets live in the OS keychain)');

  accounts
    .command('list')
    .description('list accounts')
    .action(async () => {
      const list = await ctx.call('accounts.list', {});
      ctx.print(list, () =>
        table(
          ['ID', 'NAME', 'PROVIDER', 'ENV', 'URL'],
          list.map((a) => [a.id, a.name, a.provider, a.envLabel ?? a.environment, a.baseUrl]),
        ),
      );
    });
}
