import { friendlyName, Rng } from '../kit/rng';

/** The API's instance object, exactly the documented shape. */
export interface EveryPointInstance {
  uri: string;
  name: string;
  description: string;
}

export const DEFAULT_INSTANCE = 'default';
export const NAME_RULE = /^[a-z0-9-]{1,64}$/;

/** Why a store operation was refused; the routes turn it into the API's error envelope. */
export type StoreRefusal = 'not-found' | 'duplicate' | 'default-protected';

interface Stored {
  name: string;
  description: string;
  webhookUrl: string | null;
}

/** Instances of one EveryPoint account, in creation order (a Map keeps it), plus their webhooks. */
export class EveryPointStore {
  private readonly items = new Map<string, Stored>();
  private readonly rng: Rng;
  private created = 0;

  constructor(seed: string, count: number) {
    this.rng = new Rng(`everypoint:${seed}`);
    this.items.set(DEFAULT_INSTANCE, {
      name: DEFAULT_INSTANCE,
      description: 'The default instance provided by the API.',
      webhookUrl: null,
    });
    for (let i = 1; this.items.size < count; i++) this.seedOne(i);
    this.created = count;
  }

  get size(): number {
    return this.items.size;
  }

  uris(): string[] {
    return [...this.items.keys()].map(uriOf);
  }

  get(name: string): EveryPointInstance | undefined {
    const s = this.items.get(name);
    return s && view(s);
  }

  webhook(name: string): { url: string | null } | undefined {
    const s = this.items.get(name);
    return s && { url: s.webhookUrl };
  }

  create(name: string, description: string): EveryPointInstance | StoreRefusal {
    if (this.items.has(name)) return 'duplicate';
    const s: Stored = { name, description, webhookUrl: null };
    this.items.set(name, s);
    return view(s);
  }

  update(name: string, patch: { name?: string; description?: string }): EveryPointInstance | StoreRefusal {
    const s = this.items.get(name);
    if (!s) return 'not-found';
    if (patch.name !== undefined && patch.name !== name) {
      if (name === DEFAULT_INSTANCE) return 'default-protected';
      if (this.items.has(patch.name)) return 'duplicate';
      this.items.delete(name);
      s.name = patch.name;
      this.items.set(s.name, s);
    }
    if (patch.description !== undefined) s.description = patch.description;
    return view(s);
  }

  setWebhook(name: string, url: string | null): { url: string | null } | StoreRefusal {
    const s = this.items.get(name);
    if (!s) return 'not-found';
    s.webhookUrl = url;
    return { url };
  }

  delete(name: string): EveryPointInstance | StoreRefusal {
    const s = this.items.get(name);
    if (!s) return 'not-found';
    if (name === DEFAULT_INSTANCE) return 'default-protected';
    this.items.delete(name);
    return view(s);
  }

  /**
   * One clock step: EveryPoint instances have no status, so time shows as churn — an instance
   * is created, one is deleted, or a description changes (the default instance is never deleted).
   */
  mutate(changes: number): void {
    for (let c = 0; c < changes; c++) {
      const roll = this.rng.next();
      if (roll < 0.35 || this.items.size < 3) this.seedOne(++this.created);
      else if (roll < 0.6) {
        const victim = this.pickNonDefault();
        if (victim) this.items.delete(victim);
      } else {
        const target = this.pickNonDefault();
        if (target) this.items.get(target)!.description = describe(this.rng, target);
      }
    }
  }

  private seedOne(index: number): void {
    let name = friendlyName(this.rng, index);
    while (this.items.has(name)) name = `${name}-x`;
    this.items.set(name, { name, description: describe(this.rng, name), webhookUrl: null });
  }

  /** A random non-default instance; O(n) but only on clock ticks. */
  private pickNonDefault(): string | undefined {
    if (this.items.size < 2) return undefined;
    const skip = 1 + Math.floor(this.rng.next() * (this.items.size - 1));
    let i = 0;
    for (const key of this.items.keys()) if (i++ === skip) return key;
    return undefined;
  }
}

export function uriOf(name: string): string {
  return `/instances/${name}`;
}

function view(s: Stored): EveryPointInstance {
  return { uri: uriOf(s.name), name: s.name, description: s.description };
}

const PURPOSES = ['photogrammetry jobs', 'staging uploads', 'field survey data', 'QA captures', 'customer scans', 'nightly reconstructions'];

function describe(rng: Rng, name: string): string {
  return `${name}: ${rng.pick(PURPOSES)} (rev ${rng.int(1, 99)})`;
}
