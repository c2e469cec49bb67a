import type { SkyportSimulator } from '../../electron/simulators/skyport';
import type { Harness } from './harness';

/**
 * A Skyport account (quirks on) with two instances deployed and still installing (no container yet) for an hour of
 * the simulator's clock, synced once: what the fleet's action-truth tests start from.
 */
export async function installingPair(harness: Harness, environment: 'dev' | 'prod' = 'dev') {
  const sim = (await harness.startSimulator('skyport', { instances: 4, nodes: 2, rateLimit: false, installMs: 3_600_000 } as never)) as SkyportSimulator;
  // Seeded installs settle now; the two deployed below stay INSTALLING (no ContainerId) for an hour of the sim's clock.
  sim.store.settle(Number.POSITIVE_INFINITY);
  const account = await harness.addAccount(sim, { name: 'Skyport EU', environment });
  await harness.call('sync.refresh', { accountId: account.id });
  const node = (await harness.call('nodes.query', { limit: 10 })).rows.find((n) => n.status === 'online')!;
  const [user] = await harness.call('instances.options', { accountId: account.id, list: 'users' });
  const deploy = (name: string, port: number) =>
    harness.call('instances.act', {
      accountId: account.id,
      action: 'deploy',
      params: { name, image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', nodeId: node.id, user: user.id, memory: '1024', cpu: '1', ports: `25565:${port}`, primary: String(port) },
    });
  const first = (await deploy('aa-install-one', 31001)).instance!;
  const second = (await deploy('aa-install-two', 31002)).instance!;
  await harness.call('sync.refresh', { accountId: account.id });
  return { sim, account, node, first, second };
}
