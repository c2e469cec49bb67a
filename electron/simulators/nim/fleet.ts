import { friendlyName, Rng } from '../kit/rng';

export type NimState = 'online' | 'offline';

export interface SimSystem {
  index: number;
  uid: string;
  hostname: string;
  registrationTime: string;
  state: NimState;
  lastStatusReport: string;
  tags: string[];
  ip: string;
  cores: number;
  memoryBytes: number;
  diskBytes: number;
}

export interface SimInstance {
  index: number;
  uid: string;
  systemUid: string;
  displayName: string;
  version: string;
  nginxPlus: boolean;
  registrationTime: string;
  startTime: string;
  state: NimState;
  lastStatusReport: string;
  processId: number;
  instanceGroupUid?: string;
  /** Set for instances backed by a real nginx process. */
  realIndex?: number;
}

export interface SimInstanceGroup {
  uid: string;
  name: string;
  displayName: string;
  description: string;
  createTime: string;
}

/** Seeded timestamps sit in the past, before the simulator's start. */
const EPOCH = Date.parse('2025-06-01T00:00:00Z');
const VERSIONS = ['1.25.4', '1.24.0', '1.26.2', '1.27.1'];
const GROUPS = ['web', 'api', 'edge'];

export interface StatusChange {
  kind: 'instance' | 'system';
  uid: string;
  systemUid: string;
  name: string;
  from: NimState;
  to: NimState;
}

/** Systems, instances and instance groups: seeded, deterministic, and cheap at 20,000 instances. */
export class Fleet {
  readonly systems: SimSystem[] = [];
  readonly instances: SimInstance[] = [];
  readonly groups: SimInstanceGroup[] = [];
  private readonly systemByUid = new Map<string, SimSystem>();
  private readonly instanceByUid = new Map<string, SimInstance>();
  private readonly instancesBySystem = new Map<string, SimInstance[]>();
  private readonly clockRng: Rng;

  constructor(
    seed: string,
    instanceCount: number,
    systemCount: number,
    readonly realCount: number,
    /** nginx version of the real binary, for real instances. */
    realVersion = '1.22.1',
  ) {
    this.clockRng = new Rng(`nim:clock:${seed}`);
    const rng = new Rng(`nim:fleet:${seed}`);
    for (let g = 0; g < GROUPS.length; g++) {
      this.groups.push({
        uid: rng.uuid(),
        name: GROUPS[g],
        displayName: `${GROUPS[g][0].toUpperCase()}${GROUPS[g].slice(1)} tier`,
        description: `Instances serving the ${GROUPS[g]} tier`,
        createTime: iso(EPOCH - (30 - g) * 86_400_000),
      });
    }
    for (let i = 0; i < systemCount; i++) {
      const registered = EPOCH - rng.int(1, 400) * 3_600_000;
      const s: SimSystem = {
        index: i,
        uid: rng.uuid(),
        hostname: `${friendlyName(rng, i)}.nim.example.net`,
        registrationTime: iso(registered),
        state: rng.chance(0.05) && i >= 1 ? 'offline' : 'online',
        lastStatusReport: iso(EPOCH),
        tags: rng.chance(0.5) ? [rng.pick(['prod', 'staging', 'dev'])] : [],
        ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}`,
        cores: rng.pick([2, 4, 8, 16]),
        memoryBytes: rng.pick([4, 8, 16, 32]) * 1024 ** 3,
        diskBytes: rng.pick([50, 100, 200]) * 1024 ** 3,
      };
      this.systems.push(s);
      this.systemByUid.set(s.uid, s);
      this.instancesBySystem.set(s.uid, []);
    }
    for (let i = 0; i < instanceCount; i++) {
      const real = i < realCount;
      const system = this.systems[real ? 0 : i % systemCount];
      const siblings = this.instancesBySystem.get(system.uid)!;
      const registered = Date.parse(system.registrationTime) + rng.int(1, 48) * 3_600_000;
      const inst: SimInstance = {
        index: i,
        uid: rng.uuid(),
        systemUid: system.uid,
        displayName: siblings.length === 0 ? system.hostname : `${system.hostname}-${siblings.length}`,
        version: real ? realVersion : rng.pick(VERSIONS),
        nginxPlus: !real && rng.chance(0.3),
        registrationTime: iso(registered),
        startTime: iso(registered + rng.int(1, 3600) * 1000),
        state: !real && rng.chance(0.08) ? 'offline' : 'online',
        lastStatusReport: iso(EPOCH),
        processId: rng.int(200, 60000),
        instanceGroupUid: rng.chance(0.4) ? rng.pick(this.groups).uid : undefined,
        realIndex: real ? i : undefined,
      };
      siblings.push(inst);
      this.instances.push(inst);
      this.instanceByUid.set(inst.uid, inst);
    }
  }

  system(uid: string): SimSystem | undefined {
    return this.systemByUid.get(uid);
  }

  instance(uid: string): SimInstance | undefined {
    return this.instanceByUid.get(uid);
  }

  instancesOf(systemUid: string): SimInstance[] {
    return this.instancesBySystem.get(systemUid) ?? [];
  }

  group(uid: string): SimInstanceGroup | undefined {
    return this.groups.find((g) => g.uid === uid || g.name === uid);
  }

  /** Flips `changes` simulated instances or systems between online and offline; real instances follow their process. */
  mutate(changes: number, now = new Date()): StatusChange[] {
    const out: StatusChange[] = [];
    const flippable = this.instances.length - this.realCount;
    for (let k = 0; k < changes; k++) {
      const pickSystem = this.systems.length > 1 && (flippable === 0 || this.clockRng.chance(0.15));
      if (pickSystem) {
        // System 0 hosts the real instances: it stays online.
        const s = this.systems[this.clockRng.int(1, this.systems.length - 1)];
        const from = s.state;
        s.state = from === 'online' ? 'offline' : 'online';
        s.lastStatusReport = now.toISOString();
        out.push({ kind: 'system', uid: s.uid, systemUid: s.uid, name: s.hostname, from, to: s.state });
      } else if (flippable > 0) {
        const inst = this.instances[this.realCount + this.clockRng.int(0, flippable - 1)];
        const from = inst.state;
        inst.state = from === 'online' ? 'offline' : 'online';
        inst.lastStatusReport = now.toISOString();
        out.push({ kind: 'instance', uid: inst.uid, systemUid: inst.systemUid, name: inst.displayName, from, to: inst.state });
      }
    }
    return out;
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
