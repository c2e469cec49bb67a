import { Rng } from '../kit/rng';
import type { Fleet } from './fleet';

export interface SimEvent {
  id: string;
  timestamp: string;
  category: string;
  level: 'INFO' | 'WARN' | 'ERROR';
  message: string;
  status: string;
  error?: string;
  dimensions: { alias: string; hostname: string; instance: string; nginx_id: string; system_id: string };
}

const SEEDED_EVENTS = 250;

/** The events log, newest first: a seeded history plus what the clock and publishes add. */
export class EventLog {
  private readonly items: SimEvent[] = [];
  private readonly rng: Rng;

  constructor(seed: string, fleet: Fleet, now: number) {
    this.rng = new Rng(`nim:events:${seed}`);
    if (fleet.instances.length === 0) return;
    for (let k = 0; k < SEEDED_EVENTS; k++) {
      const inst = fleet.instances[this.rng.int(0, fleet.instances.length - 1)];
      const host = fleet.system(inst.systemUid)!.hostname;
      const start = this.rng.chance(0.6);
      this.items.push({
        id: this.rng.uuid(),
        // Spread over the last six hours, one every ~86 s.
        timestamp: new Date(now - (k + 1) * 86_000).toISOString(),
        category: 'agent status',
        level: 'INFO',
        message: start ? `nginx-agent v2.38.0 started on ${host}` : `successfully applied config on ${inst.displayName}`,
        status: start ? 'Agent Start' : 'Config Apply Success',
        dimensions: dims(host, inst.displayName, inst.uid, inst.systemUid),
      });
    }
  }

  add(e: Omit<SimEvent, 'id' | 'timestamp'>, now: Date): void {
    this.items.unshift({ id: this.rng.uuid(), timestamp: now.toISOString(), ...e });
    if (this.items.length > 20_000) this.items.length = 20_000;
  }

  /** Newest first, within [start, end). */
  query(start: number | undefined, end: number | undefined): SimEvent[] {
    return this.items.filter((e) => {
      const t = Date.parse(e.timestamp);
      return (start === undefined || t >= start) && (end === undefined || t < end);
    });
  }

  get(id: string): SimEvent | undefined {
    return this.items.find((e) => e.id === id);
  }
}

export function dims(hostname: string, instance: string, nginxId: string, systemId: string): SimEvent['dimensions'] {
  return { alias: hostname, hostname, instance, nginx_id: nginxId, system_id: systemId };
}
