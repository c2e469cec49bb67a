import { Rng } from '../kit/rng';

export const KIANDA_STATUSES = ['draft', 'in-progress', 'completed', 'cancelled'] as const;
export type KiandaStatus = (typeof KIANDA_STATUSES)[number];

export const KIANDA_PROCESSES = [
  'training-approval-request',
  'new-employee',
  'expense-claim',
  'leave-request',
  'purchase-order',
  'it-access-request',
] as const;

export const INSTANCE_NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export interface FieldValue {
  fieldname: string;
  text: string;
  value: unknown;
}

interface StoredInstance {
  name: string;
  processName: string;
  version: number;
  status: KiandaStatus;
  created: string;
  modified: string;
  createdBy: string;
  fields: Map<string, { text: string; value: unknown }>;
}

/** What every instance endpoint answers with (the docs show no response bodies; this is the simulator's choice). */
export interface InstanceView {
  name: string;
  processName: string;
  version: number;
  status: KiandaStatus;
  created: string;
  modified: string;
  createdBy: string;
  fields: FieldValue[];
  /** Only on a `?names=` read: the asked-for names the instance has no field for. */
  missing?: string[];
}

export type Refusal = { status: number; message: string; currentVersion?: number };

/** Process instances of one Kianda subscription. Names follow `<process>-<n>`, n counting per process. */
export class KiandaStore {
  private readonly items = new Map<string, StoredInstance>();
  private readonly nextNumber = new Map<string, number>();
  private readonly rng: Rng;

  constructor(
    seed: string,
    count: number,
    private readonly userName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.rng = new Rng(`kianda:${seed}`);
    for (let i = 0; i < count; i++) {
      const processName = KIANDA_PROCESSES[i % KIANDA_PROCESSES.length];
      const inst = this.insert(processName, this.allocateName(processName), seededFields(this.rng, processName));
      inst.status = this.rng.pick(['draft', 'in-progress', 'in-progress', 'completed', 'completed', 'cancelled'] as const);
      inst.version = this.rng.int(1, 6);
    }
  }

  get size(): number {
    return this.items.size;
  }

  /** Every name as compact ranges: "expense-claim-{1..40},new-employee-{1..41}" (what a demo account watches). */
  watchSpec(): string {
    return [...this.nextNumber.entries()].map(([p, next]) => (next > 2 ? `${p}-{1..${next - 1}}` : `${p}-1`)).join(',');
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  read(name: string, names?: string[]): InstanceView | undefined {
    const s = this.items.get(name);
    if (!s) return undefined;
    if (!names) return view(s);
    const wanted = names.filter((n) => s.fields.has(n));
    const missing = names.filter((n) => !s.fields.has(n));
    return { ...view(s, wanted), missing };
  }

  create(processName: string, name: string | undefined, fields: FieldValue[], submit: boolean): InstanceView | Refusal {
    if (!KIANDA_PROCESSES.includes(processName as (typeof KIANDA_PROCESSES)[number])) {
      return { status: 400, message: `"${processName}" is not a process of this subscription (known: ${KIANDA_PROCESSES.join(', ')})` };
    }
    if (name && this.items.has(name)) return { status: 409, message: `A process instance named "${name}" already exists` };
    const inst = this.insert(processName, name || this.allocateName(processName), fields);
    if (submit) inst.status = 'in-progress';
    return view(inst);
  }

  /** PUT: every field replaced; `version` must be the current one. */
  replace(name: string, version: number, fields: FieldValue[], status?: KiandaStatus): InstanceView | Refusal {
    const s = this.items.get(name);
    if (!s) return notFound(name);
    if (version !== s.version) return stale(s, version);
    s.fields = toMap(fields);
    if (status) s.status = status;
    return view(this.touch(s));
  }

  /** PATCH: the given fields merged in; the version is checked only when sent. */
  merge(name: string, version: number | undefined, fields: FieldValue[], status?: KiandaStatus): InstanceView | Refusal {
    const s = this.items.get(name);
    if (!s) return notFound(name);
    if (version !== undefined && version !== s.version) return stale(s, version);
    for (const f of fields) s.fields.set(f.fieldname, { text: f.text, value: f.value });
    if (status) s.status = status;
    return view(this.touch(s));
  }

  /**
   * One clock step per change: an instance moves on — draft → in-progress → completed (or cancelled,
   * one time in five); a completed or cancelled one is reopened to in-progress. Each move bumps the version.
   */
  mutate(changes: number): void {
    if (this.items.size === 0) return;
    const names = [...this.items.keys()];
    for (let c = 0; c < changes; c++) {
      const s = this.items.get(this.rng.pick(names))!;
      if (s.status === 'draft') s.status = 'in-progress';
      else if (s.status === 'in-progress') s.status = this.rng.chance(0.2) ? 'cancelled' : 'completed';
      else s.status = 'in-progress';
      this.touch(s);
    }
  }

  private insert(processName: string, name: string, fields: FieldValue[]): StoredInstance {
    const at = new Date(this.now()).toISOString();
    const inst: StoredInstance = {
      name,
      processName,
      version: 1,
      status: 'draft',
      created: at,
      modified: at,
      createdBy: this.userName,
      fields: toMap(fields),
    };
    this.items.set(name, inst);
    return inst;
  }

  private allocateName(processName: string): string {
    let n = this.nextNumber.get(processName) ?? 1;
    while (this.items.has(`${processName}-${n}`)) n++;
    this.nextNumber.set(processName, n + 1);
    return `${processName}-${n}`;
  }

  private touch(s: StoredInstance): StoredInstance {
    s.version++;
    s.modified = new Date(this.now()).toISOString();
    return s;
  }
}

function view(s: StoredInstance, only?: string[]): InstanceView {
  const names = only ?? [...s.fields.keys()];
  return {
    name: s.name,
    processName: s.processName,
    version: s.version,
    status: s.status,
    created: s.created,
    modified: s.modified,
    createdBy: s.createdBy,
    fields: names.map((fieldname) => ({ fieldname, ...s.fields.get(fieldname)! })),
  };
}

function toMap(fields: FieldValue[]): Map<string, { text: string; value: unknown }> {
  return new Map(fields.map((f) => [f.fieldname, { text: f.text, value: f.value }]));
}

function notFound(name: string): Refusal {
  return { status: 404, message: `No process instance named "${name}"` };
}

function stale(s: StoredInstance, sent: number): Refusal {
  return {
    status: 409,
    message: `Process instance "${s.name}" was changed since version ${sent}; the current version is ${s.version}`,
    currentVersion: s.version,
  };
}

const PEOPLE = ['Aoife Byrne', 'Cian Walsh', 'Niamh Kelly', 'Oisin Ryan', 'Saoirse Doyle', 'Darragh Murphy'];
const DEPARTMENTS = ['Finance', 'HR', 'IT', 'Operations', 'Sales'];
const REASONS = ['New employee', 'Annual training', 'Client visit', 'Replacement laptop', 'Conference', 'Team offsite'];

function seededFields(rng: Rng, processName: string): FieldValue[] {
  const field = (fieldname: string, value: string | number): FieldValue => ({ fieldname, text: String(value), value });
  const out = [
    field('title', `${processName.replace(/-/g, ' ')} #${rng.int(100, 999)}`),
    field('requester', rng.pick(PEOPLE)),
    field('department', rng.pick(DEPARTMENTS)),
    field('reason', rng.pick(REASONS)),
  ];
  if (processName === 'expense-claim' || processName === 'purchase-order') out.push(field('amount', rng.int(20, 5000)));
  return out;
}
