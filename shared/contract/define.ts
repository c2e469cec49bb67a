import { z } from 'zod';

/** A channel: its input schema (validated in main) and, as a phantom type, its output. */
export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  /** Type-only; never set at run time. */
  readonly __output?: O;
}

/** `channel<Output>()(inputSchema)`: the output type is given, the input type is inferred from the schema. */
export function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input });
}

/** Input of a channel that takes none (IPC sends `undefined`, the CLI `{}`). */
export const noInput = z.object({}).strict().optional();

export const id = z.string().trim().min(1).max(200);

export const refInput = z.object({ accountId: id, id }).strict();
