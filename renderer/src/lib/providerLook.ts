import type { ProviderId } from '../../../shared/model';

/** A small lettered badge per provider, in its own colour: enough to tell five APIs apart in a row. */
export const PROVIDER_LOOK: Record<ProviderId, { letter: string; color: string }> = {
  nim: { letter: 'N', color: '#009639' },
  skyport: { letter: 'S', color: '#6b5bd6' },
  zesty: { letter: 'Z', color: '#e85d2a' },
  everypoint: { letter: 'E', color: '#1e88c8' },
  kianda: { letter: 'K', color: '#c0398a' },
};
