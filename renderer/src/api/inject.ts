import { inject, type InjectionKey } from 'vue';
import type { HangarClient } from './client';

export const CLIENT_KEY: InjectionKey<HangarClient> = Symbol('hangar-client');

/** The client provided by main.ts (or a test's app); works in components and Pinia setup stores. */
export function useClient(): HangarClient {
  const client = inject(CLIENT_KEY, null);
  if (!client) throw new Error('No Hangar client provided (app.provide(CLIENT_KEY, client) is missing)');
  return client;
}
