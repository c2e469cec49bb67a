/**
 * The activity log's fixed vocabularies, apart from activity.ts (which needs zod) so the CLI can print
 * them in `--help` without loading zod (see tests/unit/cli/cli-start-graph.test.ts).
 */
/** What an activity entry records: an action the user ran, an alert, a config step, a sync outcome. */
export const ACTIVITY_KINDS = ['action', 'alert', 'config', 'sync'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_OUTCOMES = ['ok', 'error', 'info'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

export const ACTIVITY_TARGET_KINDS = ['instance', 'node', 'config', 'account', 'group'] as const;
export type ActivityTargetKind = (typeof ACTIVITY_TARGET_KINDS)[number];
