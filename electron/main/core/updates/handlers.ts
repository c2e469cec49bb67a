import type { Handlers } from '../../../../shared/contract';
import type { UpdateManager } from './manager';

export interface UpdateHandlerDeps {
  updates: UpdateManager;
}

export function updateHandlers(deps: UpdateHandlerDeps): Pick<Handlers, 'updates.status' | 'updates.check' | 'updates.download' | 'updates.install' | 'updates.setChannel'> {
  return {
    'updates.status': async () => deps.updates.status(),
    'updates.check': () => deps.updates.check(),
    'updates.download': () => deps.updates.download(),
    'updates.install': async () => deps.updates.install(),
    'updates.setChannel': (input) => deps.updates.setChannel(input.channel),
  };
}
