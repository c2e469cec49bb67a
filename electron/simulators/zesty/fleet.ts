import { friendlyName, Rng } from '../kit/rng';
import { zuid } from './zuid';

/** An instance as the Accounts API returns it. */
export interface ZestyInstance {
  ID: number;
  ZUID: string;
  name: string;
  /** The live domain; null until one is set (updateDomain). */
  domain: string | null;
  randomHashID: string;
  ecoID: number | null;
  ecoZUID: string | null;
  blueprintID: number;
  blueprintZUID: string;
  screenshotURL: string | null;
  planID: number;
  createdByUserZUID: string;
  /**
   * The simulator's status signal: a cancelled instance has `cancelledAt` and a reason
   * (the clock cancels and restores instances). Null on an active instance.
   */
  cancelledReason: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InstanceUser {
  ZUID: string;
  firstName: string;
  lastName: string;
  email: string;
  role: { ZUID: string; name: string };
}

const SEED_EPOCH = Date.parse('2024-01-01T00:00:00Z');
const DAY = 86_400_000;
const CANCEL_REASONS = ['Payment failed', 'Cancelled by owner', 'Plan expired'];
const ROLES = ['Owner', 'Admin', 'Developer', 'SEO', 'Publisher', 'Contributor'];
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen'];

/** The Accounts API's instances: seeded deterministically, created on POST, cancelled/restored by the clock. */
export class ZestyFleet {
  private readonly list: ZestyInstance[] = [];
  private readonly byZuid = new Map<string, ZestyInstance>();
  private readonly users = new Map<string, InstanceUser[]>();
  private readonly rng: Rng;
  private nextId = 1;

  constructor(
    private readonly seed: string,
    count: number,
    private readonly ownerZUID: string,
    private readonly now: () => number,
  ) {
    this.rng = new Rng(`zesty:fleet:${seed}`);
    for (let i = 0; i < count; i++) this.add(this.seeded(i));
  }

  all(): ZestyInstance[] {
    return this.list;
  }

  get(zuid: string): ZestyInstance | undefined {
    return this.byZuid.get(zuid);
  }

  create(name: string, ecoZUID: string | null, blueprintZUID: string | null): ZestyInstance {
    const at = new Date(this.now()).toISOString();
    const inst: ZestyInstance = {
      ...this.base(this.list.length, name),
      domain: null,
      ecoZUID,
      ecoID: ecoZUID ? this.rng.int(100, 999) : null,
      blueprintZUID: blueprintZUID ?? zuid(this.rng, 'blueprint'),
      createdAt: at,
      updatedAt: at,
    };
    return this.add(inst);
  }

  update(zuid: string, patch: Partial<ZestyInstance>): ZestyInstance | undefined {
    const inst = this.byZuid.get(zuid);
    if (!inst) return undefined;
    Object.assign(inst, patch, { updatedAt: new Date(this.now()).toISOString() });
    return inst;
  }

  usersOf(instanceZUID: string): InstanceUser[] {
    let users = this.users.get(instanceZUID);
    if (!users) {
      const rng = new Rng(`zesty:users:${this.seed}:${instanceZUID}`);
      users = [this.user(rng, this.ownerZUID, 'Owner')];
      for (let i = rng.int(0, 4); i > 0; i--) users.push(this.user(rng, zuid(rng, 'user'), rng.pick(ROLES.slice(1))));
      this.users.set(instanceZUID, users);
    }
    return users;
  }

  /** One clock tick: `changes` instances flip between active and cancelled. */
  mutate(changes: number): void {
    if (this.list.length === 0) return;
    const at = new Date(this.now()).toISOString();
    for (let i = 0; i < changes; i++) {
      const inst = this.rng.pick(this.list);
      const cancel = inst.cancelledAt === null;
      inst.cancelledAt = cancel ? at : null;
      inst.cancelledReason = cancel ? this.rng.pick(CANCEL_REASONS) : null;
      inst.updatedAt = at;
    }
  }

  private add(inst: ZestyInstance): ZestyInstance {
    this.list.push(inst);
    this.byZuid.set(inst.ZUID, inst);
    return inst;
  }

  private seeded(index: number): ZestyInstance {
    const name = friendlyName(this.rng, index + 1);
    const created = SEED_EPOCH - this.rng.int(30, 900) * DAY;
    const cancelled = this.rng.chance(0.1);
    const hasEco = this.rng.chance(0.4);
    return {
      ...this.base(index, name),
      domain: this.rng.chance(0.7) ? `${name}.example.com` : null,
      ecoZUID: hasEco ? zuid(this.rng, 'ecosystem') : null,
      ecoID: hasEco ? this.rng.int(100, 999) : null,
      cancelledReason: cancelled ? this.rng.pick(CANCEL_REASONS) : null,
      cancelledAt: cancelled ? new Date(SEED_EPOCH - this.rng.int(1, 20) * DAY).toISOString() : null,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(created + this.rng.int(1, 25) * DAY).toISOString(),
    };
  }

  private base(index: number, name: string): ZestyInstance {
    return {
      ID: this.nextId++,
      ZUID: zuid(this.rng, 'instance'),
      name,
      domain: null,
      randomHashID: this.rng.hex(12),
      ecoID: null,
      ecoZUID: null,
      blueprintID: this.rng.int(1, 40),
      blueprintZUID: zuid(this.rng, 'blueprint'),
      screenshotURL: null,
      planID: this.rng.int(1, 4),
      createdByUserZUID: this.ownerZUID,
      cancelledReason: null,
      cancelledAt: null,
      createdAt: new Date(SEED_EPOCH).toISOString(),
      updatedAt: new Date(SEED_EPOCH + index).toISOString(),
    };
  }

  private user(rng: Rng, userZUID: string, roleName: string): InstanceUser {
    const firstName = rng.pick(FIRST);
    const lastName = rng.pick(LAST);
    return {
      ZUID: userZUID,
      firstName,
      lastName,
      email: `${firstName}.${lastName}@example.com`.toLowerCase(),
      role: { ZUID: zuid(rng, 'role'), name: roleName },
    };
  }
}
