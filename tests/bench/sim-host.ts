// Runs the demo environment (all five simulators) in its own process, so the benchmark's RSS is the
// app's alone. Prints {provider: {baseUrl, account}} as one JSON line, then serves until stdin closes.
import { startDemoEnvironment } from '../../electron/simulators/demo';

async function serve(): Promise<void> {
  const [instances, nodes] = [Number(process.argv[2]), Number(process.argv[3])];
  const env = await startDemoEnvironment({ instances, nodes, clockMs: 0, seed: 'bench' });
  const stop = () => void env.close().then(() => process.exit(0));
  process.stdin.on('end', stop);
  process.on('SIGTERM', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify(env.providers)}\n`);
}

serve().catch((e) => {
  process.stderr.write(`sim-host: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
