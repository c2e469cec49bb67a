import type { ProviderId } from '../../../../shared/model';
import type { ProviderFactory } from './types';
import { createZestyProvider } from './zesty';

/** One factory per API. Each provider folder exports its factory; it is listed here once. */
export const PROVIDER_FACTORIES: Partial<Record<ProviderId, ProviderFactory>> = {
  zesty: createZestyProvider,
};
