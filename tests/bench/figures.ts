/** One benchmark figure as printed (a JSON line each) and tabled at the end. */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  target?: number;
  pass?: boolean;
  note?: string;
}

/**
 * The figures a benchmark reports: each printed as one JSON line as it is measured, checked against its
 * target (an upper bound) when it has one. A missed target fails the run only with BENCH_STRICT=1
 * (shared CI machines are noisy).
 */
export class Figures {
  readonly all: Figure[] = [];

  constructor(
    private readonly targets: Readonly<Record<string, number>>,
    private readonly decimals = 1,
  ) {}

  report = (figure: string, value: number, unit: string, note?: string): void => {
    const scale = 10 ** this.decimals;
    const f: Figure = { figure, value: Math.round(value * scale) / scale, unit };
    const target = this.targets[figure];
    if (target !== undefined) Object.assign(f, { target, pass: value <= target });
    if (note) f.note = note;
    this.all.push(f);
    process.stdout.write(`${JSON.stringify(f)}\n`);
  };

  missed(): Figure[] {
    return this.all.filter((f) => f.pass === false);
  }

  exitCode(): number {
    return process.env.BENCH_STRICT === '1' && this.missed().length > 0 ? 1 : 0;
  }
}
