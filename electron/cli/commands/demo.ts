import type { Command } from 'commander';
import { PROVIDER_IDS } from '../../../shared/model';
import { DEMO_DEFAULTS } from '../../simulators/demo-defaults';
import type { CliContext } from '../context';
import { table } from '../table';

/** Resolves on the first SIGINT or SIGTERM (a stand-in can be passed in by an embedding caller). */
export type StopSignal = () => Promise<NodeJS.Signals>;

export const waitForTermination: StopSignal = () =>
  new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });

export function registerDemoCommands(program: Command, ctx: CliContext, stop: StopSignal = waitForTermination): void {
  const demo = program.command('demo').description('local simulators of the five APIs, for trying Hangar out');

  demo
    .command('serve')
    .description('start all five simulators and serve until SIGINT/SIGTERM; with --json the first line of stdout is {provider: {baseUrl, account}}')
    .option('--instances <n>', 'instances, spread over the five APIs', String(DEMO_DEFAULTS.instances))
    .option('--nodes <n>', 'nodes, spread over NIM and Skyport', String(DEMO_DEFAULTS.nodes))
    .option('--seed <s>', 'same seed, same data', DEMO_DEFAULTS.seed)
    .option('--clock-ms <ms>', 'how often the simulated fleets change (0: never)', String(DEMO_DEFAULTS.clockMs))
    .option('--nginx <n>', 'real nginx processes behind the first NIM instances', String(DEMO_DEFAULTS.nginx))
    .action(async (opts: { instances: string; nodes: string; seed: string; clockMs: string; nginx: string }) => {
      const count = (name: string, v: string) => {
        if (!/^\d+$/.test(v.trim())) ctx.usage(`--${name} must be a whole number ≥ 0 (got "${v}")`);
        return Number(v);
      };
      const options = {
        instances: count('instances', opts.instances),
        nodes: count('nodes', opts.nodes),
        clockMs: count('clock-ms', opts.clockMs),
        nginx: count('nginx', opts.nginx),
        seed: opts.seed,
      };
      const stopped = stop();
      // Loaded on use: the simulators are a large part of the CLI and `--help` should not wait for them.
      const { startDemoEnvironment } = await import('../../simulators/demo');
      const env = await startDemoEnvironment(options);
      try {
        if (ctx.json) {
          ctx.io.stdout(`${JSON.stringify({ ...env.providers, nginx: env.nginx })}\n`);
        } else {
          ctx.io.stdout(
            `${table(
              ['PROVIDER', 'BASE URL', 'AUTH', 'FIELDS', 'SECRETS'],
              PROVIDER_IDS.map((id) => {
                const a = env.providers[id].account;
                return [id, a.baseUrl, a.authMethod, JSON.stringify(a.fields), JSON.stringify(a.secrets)];
              }),
            )}\n${env.nginx.map((n) => `nginx ${n.url} (pid ${n.pid}) backs NIM instance ${n.name} (${n.instanceId})\n`).join('')}Serving; press Ctrl+C to stop.\n`,
          );
        }
        await stopped;
      } finally {
        await env.close();
      }
      if (!ctx.json) ctx.io.stderr('demo stopped\n');
    });
}
