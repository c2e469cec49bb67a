import type { ProviderId } from '../../../../shared/model';
import { createEveryPointProvider } from './everypoint';
import { createKiandaProvider } from './kianda';
import { createNimProvider } from './nim';
import { createSkyportProvider } from './skyport';
import type { ProviderFactory } from './types';
import { createZestyProvider } from './zesty';

/** One factory per API. Each provider folder exports its factory; it is listed here once. */
export const PROVIDER_FACTORIES: Partial<Record<ProviderId, ProviderFactory>> = {
  nim: createNimProvider,
  zesty: createZestyProvider,
  skyport: createSkyportProvider,
  everypoint: createEveryPointProvider,
  kianda: createKiandaProvider,
};
