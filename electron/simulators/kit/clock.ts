/**
 * Moves simulated state on a timer: each tick calls the simulator's mutate(), which changes
 * about `changesPerTick` objects (an instance stops, a node goes offline and comes back).
 */
export interface ClockOptions {
  /** Tick period in ms; 0 disables the clock (tests drive `tick()` by hand). */
  intervalMs: number;
  changesPerTick: number;
}

export class SimClock {
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;

  constructor(
    private options: ClockOptions,
    private readonly mutate: (changes: number, tick: number) => void,
  ) {}

  start(): void {
    this.stop();
    if (this.options.intervalMs > 0) {
      this.timer = setInterval(() => this.tick(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  tick(changes = this.options.changesPerTick): void {
    this.ticks++;
    this.mutate(changes, this.ticks);
  }

  configure(options: Partial<ClockOptions>): void {
    this.options = { ...this.options, ...options };
    if (this.timer) this.start();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
