import { z } from 'zod';
import { channel, id } from './define';

import { ACTIVITY_KINDS, ACTIVITY_OUTCOMES, ACTIVITY_TARGET_KINDS, type ActivityKind, type ActivityOutcome, type ActivityTargetKind } from './activity-kinds';

export { ACTIVITY_KINDS, ACTIVITY_OUTCOMES, ACTIVITY_TARGET_KINDS, type ActivityKind, type ActivityOutcome, type ActivityTargetKind };

export interface ActivityEntry {
  seq: number;
  /** When it happened (ISO). */
  at: string;
  accountId: string | null;
  /** The account's name when recorded (kept after the account is removed). */
  accountName: string | null;
  kind: ActivityKind;
  /** e.g. `instances.suspend`, `configs.publish`, `alert.instance.status`. */
  action: string;
  targetKind: ActivityTargetKind | null;
  targetId: string | null;
  targetName: string | null;
  /** One plain sentence a person reads. */
  summary: string;
  outcome: ActivityOutcome;
  /** Who ran it: the OS user, and through which surface (app, cli). */
  actor: string | null;
  durationMs: number | null;
  /** The server's own message (or the error's), redacted. */
  message: string | null;
  /** Error code when outcome is error. */
  code: string | null;
  details: Record<string, unknown> | null;
}

export const activityFilterSchema = z
  .object({
    accountIds: z.array(id).max(500).optional(),
    kinds: z.array(z.enum(ACTIVITY_KINDS)).max(ACTIVITY_KINDS.length).optional(),
    outcomes: z.array(z.enum(ACTIVITY_OUTCOMES)).max(ACTIVITY_OUTCOMES.length).optional(),
    targetKind: z.enum(ACTIVITY_TARGET_KINDS).optional(),
    targetId: id.optional(),
    /** ISO times, inclusive. */
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    text: z.string().max(200).optional(),
  })
  .strict();
export type ActivityFilter = z.output<typeof activityFilterSchema>;

export interface ActivityPage {
  total: number;
  offset: number;
  rows: ActivityEntry[];
}

export interface ActivityExport {
  format: 'csv' | 'json';
  count: number;
  content: string;
}

export const activityChannels = {
  /** Newest first, windowed. */
  'activity.list': channel<ActivityPage>()(
    activityFilterSchema.extend({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
  ),
  /** Every matching entry (at most 100,000), oldest first, as CSV or JSON text. */
  'activity.export': channel<ActivityExport>()(activityFilterSchema.extend({ format: z.enum(['csv', 'json']).default('json') })),
} as const;
