import type { z } from 'zod';
import { accountChannels } from './accounts';
import { activityChannels } from './activity';
import { appChannels } from './app';
import { configChannels } from './configs';
import type { ChannelDef } from './define';
import { instanceChannels } from './instances';
import { monitorChannels } from './monitor';
import { syncChannels } from './sync';
import { updateChannels } from './updates';

/** Every channel there is. Main registers nothing else; the preload exposes nothing else. */
export const contract = {
  ...appChannels,
  ...accountChannels,
  ...instanceChannels,
  ...syncChannels,
  ...updateChannels,
  ...activityChannels,
  ...configChannels,
  ...monitorChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.freeze(Object.keys(contract)) as readonly ChannelName[];

/** What a caller may pass (defaults still optional). */
export type InputOf<K extends ChannelName> = z.input<Contract[K]['input']>;
/** What a handler receives (after validation and defaults). */
export type ParsedInputOf<K extends ChannelName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ChannelName> = Contract[K] extends ChannelDef<z.ZodType, infer O> ? O : never;

/** The object the core implements: one async handler per channel. */
export type Handlers = { [K in ChannelName]: (input: ParsedInputOf<K>) => Promise<OutputOf<K>> };

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The one IPC channel events travel on, main → renderer. */
export const EVENT_CHANNEL = 'hangar:event';

export * from './accounts';
export * from './activity';
export * from './app';
export * from './configs';
export * from './define';
export * from './instances';
export * from './monitor';
export * from './sync';
export * from './updates';
