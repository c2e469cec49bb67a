import type { Timer } from '../../../../electron/main/core/sync/timer';

interface Pending {
  id: number;
  at: number;
  ms: number;
  fn: () => void;
}

/** A Timer the test moves by hand; it records every delay the scheduler asked for. */
export class ManualTimer implements Timer {
  private pending: Pending[] = [];
  private seq = 0;
  readonly requested: number[] = [];

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const p = { id: ++this.seq, at: this.current + ms, ms, fn };
    this.pending.push(p);
    this.requested.push(ms);
    return p.id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  /** Delays of the timeouts still armed. */
  armed(): number[] {
    return this.pending.map((p) => p.at - this.current);
  }

  /** Moves time forward, firing what comes due in order; `settle` runs after each firing. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.current = due.at;
      due.fn();
      await settle();
    }
    this.current = target;
  }
}
