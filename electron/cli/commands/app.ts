import type { Command } from 'commander';
import type { CliContext } from '../context';

export function registerAppCommands(program: Command, ctx: CliContext): void {
  program
    .command('info')
    .description('show the version, data folder and secret store in use')
    .action(async () => {
      const info = await ctx.call('app.info', {});
      ctx.print(info, () =>
        [`Hangar ${info.version} (${info.platform})`, `data:    ${info.dataDir}`, `secrets: ${info.secretStore}`].join('\n'),
      );
    });
}
