/** Seeded, deterministic randomness so a simulator's data is the same at every start. */
export class Rng {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hash(seed);
    if (this.state === 0) this.state = 0x9e3779b9;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  hex(length: number): string {
    let s = '';
    while (s.length < length) s += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const ADJECTIVES = ['amber', 'brisk', 'calm', 'dusty', 'eager', 'fuzzy', 'gold', 'hazy', 'icy', 'jade', 'keen', 'lunar', 'misty', 'noble', 'olive', 'proud', 'quiet', 'rapid', 'solar', 'tidy'];
const NOUNS = ['falcon', 'harbor', 'cedar', 'comet', 'delta', 'ember', 'fjord', 'glacier', 'heron', 'island', 'juniper', 'kestrel', 'lagoon', 'meadow', 'nebula', 'orchid', 'prairie', 'quartz', 'river', 'summit'];

/** A readable deterministic name like "misty-heron-0042". */
export function friendlyName(rng: Rng, index: number): string {
  return `${rng.pick(ADJECTIVES)}-${rng.pick(NOUNS)}-${String(index).padStart(4, '0')}`;
}
