import type { AuthMethod, ProviderId } from '../../../shared/model';
import type { ClockOptions, SimClock } from './clock';
import type { Faults } from './faults';
import type { SimServer } from './server';

/** Options every simulator takes. */
export interface SimOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  host?: string;
  /** Same seed, same data. */
  seed?: string;
  instances?: number;
  nodes?: number;
  clock?: Partial<ClockOptions>;
  faults?: Faults;
}

/** What an account needs to talk to a simulator: exactly the shape `accounts.add` takes. */
export interface SimAccount {
  baseUrl: string;
  authMethod: AuthMethod;
  fields: Record<string, string>;
  secrets: Record<string, string>;
}

export interface RunningSimulator {
  id: ProviderId;
  baseUrl: string;
  account: SimAccount;
  server: SimServer;
  clock: SimClock;
  close(): Promise<void>;
}
