import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkyportProvider } from '../../../electron/main/core/providers/skyport/index';
import { startSkyportSimulator, type SkyportSimulator } from '../../../electron/simulators/skyport/index';
import { caught, providerContext } from '../../support/provider-context';
import { EveryPointProvider } from '../../../electron/main/core/providers/everypoint/index';

describe('the catalogues a deploy form picks from', () => {
  let sim: SkyportSimulator;
  beforeAll(async () => {
    sim = await startSkyportSimulator({ seed: 'options', instances: 2, nodes: 1 });
  });
  afterAll(() => sim.close());

  it('Skyport: the panel’s images with their variables, and its users without their password hashes', async () => {
    const { ctx } = providerContext('skyport', sim.account, { id: 'acc-skyport' });
    const provider = new SkyportProvider(ctx);
    const images = await provider.listOptions('images');
    expect(images.map((i) => i.name)).toEqual([...sim.store.images.map((i) => i.Name)].sort());
    const paper = images.find((i) => i.name === 'Paper')!;
    expect(paper.image).toBe('ghcr.io/skyportlabs/images:java21');
    expect(paper.variables).toEqual([{ name: 'MINECRAFT_VERSION', default: '1.21.1', required: true }]);
    const users = await provider.listOptions('users');
    expect(users.map((u) => u.id).sort()).toEqual(sim.store.users.map((u) => u.userId).sort());
    expect(JSON.stringify(users)).not.toMatch(/\$2[aby]\$/);
    await provider.close();
  });

  it('a provider without such a list says UNSUPPORTED', async () => {
    const { ctx } = providerContext('everypoint', { baseUrl: 'http://127.0.0.1:1', authMethod: 'basic', fields: { username: 'k' }, secrets: { password: 's' } });
    const error = await caught(new EveryPointProvider(ctx).listOptions('images'));
    expect(error.code).toBe('UNSUPPORTED');
  });
});
