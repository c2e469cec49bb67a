/** The demo environment's defaults (apart from demo.ts so the CLI's help does not load the simulators). */
export const DEMO_DEFAULTS = { instances: 200, nodes: 8, seed: 'demo', clockMs: 5000, nginx: 0 } as const;
