import { json, type Handler, type Router, type SimReply, type SimRequest } from '../kit/server';
import type { ConfigStore } from './configs';
import type { DeploymentStore } from './deployments';
import type { EventLog } from './events';
import type { Fleet, NimState, SimInstance } from './fleet';
import type { LiveSampler } from './metrics';
import type { NginxProcess } from './nginx/process';
import type { SnapshotStore } from './pagination';
import type { PlatformStore } from './platform-store';

export const API_PREFIXES = ['/api/platform/v1', '/api/nim/v1'] as const;

/** Everything the route handlers share, passed in explicitly. */
export interface NimContext {
  seed: string;
  fleet: Fleet;
  configs: ConfigStore;
  deployments: DeploymentStore;
  events: EventLog;
  snapshots: SnapshotStore;
  live: LiveSampler;
  platform: PlatformStore;
  /** The real nginx behind an instance, if any. */
  realProcess(inst: SimInstance): NginxProcess | undefined;
  /** How long a simulated deployment stays pending. */
  deployDelayMs: number;
  /** Publishes still running (close() waits for them). */
  running: Set<Promise<void>>;
  now(): Date;
}

/** Registers a handler under both API prefixes. */
export function route(router: Router, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', sub: string, handler: Handler): void {
  for (const p of API_PREFIXES) router.add(method, `${p}${sub}`, handler);
}

/** The prefix the request came in on, for the links NIM puts in its answers. */
export function prefixOf(req: SimRequest): string {
  return API_PREFIXES.find((p) => req.path.startsWith(p)) ?? API_PREFIXES[0];
}

/** NIM's error body: `{code, message}`. */
export function nimError(status: number, message: string, details?: unknown): SimReply {
  return json(status, details === undefined ? { code: status, message } : { code: status, message, details });
}

/** An instance is offline when its own agent or its system is; a real one follows its nginx master. */
export function instanceState(ctx: NimContext, inst: SimInstance): NimState {
  const system = ctx.fleet.system(inst.systemUid);
  if (system?.state === 'offline') return 'offline';
  if (inst.realIndex !== undefined) return ctx.realProcess(inst)?.running ? 'online' : 'offline';
  return inst.state;
}
