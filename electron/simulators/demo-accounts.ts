import type { Dispatch } from '../main/core/dispatch';
import { HangarError } from '../../shared/errors';
import { PROVIDER_IDS, type Environment, type ProviderId } from '../../shared/model';
import type { DemoEnvironment } from './demo';

/** Which environment each demo account plays, so the fleet shows dev, staging and prod side by side. */
const DEMO_ENVIRONMENTS: Record<ProviderId, Environment> = {
  nim: 'prod',
  skyport: 'staging',
  zesty: 'dev',
  everypoint: 'dev',
  kianda: 'staging',
};

const DEMO_NAMES: Record<ProviderId, string> = {
  nim: 'Demo NIM',
  skyport: 'Demo Skyport',
  zesty: 'Demo Zesty',
  everypoint: 'Demo EveryPoint',
  kianda: 'Demo Kianda',
};

/**
 * Adds one account per simulator of a running demo environment, through the same dispatch the UI and
 * CLI use (so the accounts are validated and tested like any other). Returns the new account ids.
 */
export async function addDemoAccounts(dispatch: Dispatch, demo: Pick<DemoEnvironment, 'providers'>, pollIntervalSec = 15): Promise<Record<ProviderId, string>> {
  const ids = {} as Record<ProviderId, string>;
  for (const provider of PROVIDER_IDS) {
    const { account } = demo.providers[provider];
    const res = await dispatch('accounts.add', {
      name: DEMO_NAMES[provider],
      provider,
      environment: DEMO_ENVIRONMENTS[provider],
      baseUrl: account.baseUrl,
      authMethod: account.authMethod,
      fields: account.fields,
      secrets: account.secrets,
      pollIntervalSec,
      verify: false,
    });
    if (!res.ok) throw new HangarError(res.error.code, `Demo account for ${provider}: ${res.error.message}`);
    ids[provider] = (res.value as { id: string }).id;
  }
  return ids;
}
