import { Command, CommanderError } from 'commander';
import { registerAccountsCommands } from './cli/commands/accounts';
import { registerActivityCommands } from './cli/commands/activity';
import { registerAppCommands } from './cli/commands/app';
import { registerConfigsCommands } from './cli/commands/configs';
import { registerDemoCommands } from './cli/commands/demo';
import { registerInstancesCommands } from './cli/commands/instances';
import { registerMonitorCommands } from './cli/commands/monitor';
import { registerNodesCommands } from './cli/commands/nodes';
import { registerFleetListCommands, registerSyncCommands } from './cli/commands/sync';
import { CliContext, toCliError, type CliIo } from './cli/context';
import { EXIT } from './cli/exit-codes';

export { preferSmallHeap } from './main/heap';

export const CLI_VERSION = '0.1.0';

function processIo(): CliIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    confirm: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
    ask: process.stdin.isTTY && process.stderr.isTTY ? askLine : undefined,
  };
}

async function askLine(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Runs the hangar CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command('hangar')
    .description('Hangar: every instance, node and config across your instance-management APIs')
    .version(CLI_VERSION)
    .option('--json', 'machine-readable output (errors too: {"error":{code,message}})')
    .option('--data-dir <dir>', 'where the cache and settings live (default: the app’s own, or $HANGAR_DATA_DIR)')
    .option('--verbose', 'also print every log line (debug included) on standard error; they always go to the log file')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const ctx = new CliContext(io, () => program.opts(), CLI_VERSION);
  program.hook('preAction', () => ctx.load());
  registerAppCommands(program, ctx);
  registerAccountsCommands(program, ctx);
  registerFleetListCommands(registerInstancesCommands(program, ctx), registerNodesCommands(program, ctx), ctx);
  registerSyncCommands(program, ctx);
  registerDemoCommands(program, ctx);
  registerActivityCommands(program, ctx);
  registerConfigsCommands(program, ctx);
  registerMonitorCommands(program, ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok; // --help, --version
      if (program.opts().json) io.stdout(`${JSON.stringify({ error: { code: 'VALIDATION', message: e.message } })}\n`);
      return EXIT.usage;
    }
    const err = toCliError(e);
    if ((err as { reported?: boolean }).reported) return err.exitCode; // its report is already printed
    if (program.opts().json) io.stdout(`${JSON.stringify({ error: { code: err.info.code, message: err.info.message } })}\n`);
    else io.stderr(`error (${err.info.code}): ${err.info.message}\n`);
    return err.exitCode;
  } finally {
    await ctx.close();
  }
}
