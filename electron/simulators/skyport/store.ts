import { createHash } from 'node:crypto';
import { friendlyName, Rng } from '../kit/rng';
import type { SkyApiKey, SkyImage, SkyInstance, SkyNode, SkyUser } from './model';
import { daemonInfo, instanceEnv, makeInstance, portsFor, seedImages, seedNodes, seedUsers } from './seed';

export interface StoreOptions {
  seed: string;
  instances: number;
  nodes: number;
  apiKey: string;
  panelUrl: string;
  /** How long a deployed instance stays INSTALLING before the (simulated) state poll settles it. */
  installMs: number;
}

interface PendingInstall {
  readyAt: number;
  outcome: 'READY' | 'FAILED';
}

export type DeployResult =
  | { kind: 'ok'; id: string }
  | { kind: 'invalidNode' }
  | { kind: 'daemonError'; details: unknown };

/** Images whose pull fails on the daemon (deploy answers 500 with the daemon's message). */
const UNPULLABLE = /does-?not-?exist|nonexistent/i;
/** Images that deploy but never become ready (the state poll ends in FAILED). */
const NEVER_READY = /fail|broken/i;

/**
 * The panel's Keyv database, with the same key layout the real panel uses so its bookkeeping quirks
 * fall out naturally: `instances` (global list), `<id>_instance` (per-id record), `<user>_instances`,
 * `nodes` (ids) and `<id>_node`.
 */
export class SkyportStore {
  readonly users: SkyUser[];
  readonly images: SkyImage[];
  readonly apiKeys: SkyApiKey[];
  name = 'Skyport';
  private readonly nodeIds: string[];
  private readonly nodeRecords = new Map<string, SkyNode>();
  private readonly global = new Map<string, SkyInstance>();
  private readonly records = new Map<string, SkyInstance>();
  private readonly byUser = new Map<string, Map<string, SkyInstance>>();
  private readonly pending = new Map<string, PendingInstall>();
  private readonly rng: Rng;

  constructor(private readonly o: StoreOptions) {
    const rng = new Rng(`skyport:${o.seed}`);
    this.rng = new Rng(`skyport-live:${o.seed}`);
    this.apiKeys = [{ id: rng.uuid(), key: o.apiKey, createdAt: '2024-10-20T12:00:00.000Z' }];
    this.images = seedImages(rng);
    this.users = seedUsers(rng, Math.min(500, Math.max(2, Math.ceil(o.instances / 25))));
    const nodes = seedNodes(rng, o.nodes, o.panelUrl);
    this.nodeIds = nodes.map((n) => n.id);
    for (const n of nodes) this.nodeRecords.set(n.id, n);
    const hosts = nodes.filter((n) => n.status !== 'Unconfigured');
    if (hosts.length === 0 && o.instances > 0) throw new Error('Skyport simulator: instances need at least one node');
    for (let i = 0; i < o.instances; i++) {
      const node = hosts[i % hosts.length];
      const image = this.images[i % this.images.length];
      const { ports, primary } = portsFor(i);
      const roll = rng.next();
      const state = roll < 0.05 ? 'INSTALLING' : roll < 0.08 ? 'FAILED' : 'READY';
      const id = this.freshId(rng);
      const inst = makeInstance({
        id,
        name: friendlyName(rng, i + 1),
        node,
        user: this.users[i % this.users.length].userId,
        image,
        memory: rng.pick([512, 1024, 2048, 4096]),
        cpu: rng.pick([1, 2, 4]),
        ports,
        primary,
        env: instanceEnv(image, primary, rng, image.Name === 'Paper' && i % 3 === 0),
        state,
        containerId: state === 'READY' ? this.containerIdFor(id) : state === 'FAILED' ? null : undefined,
      });
      if (state === 'READY' && roll > 0.93) inst.suspended = true;
      this.insert(inst);
      // Seeded installs settle on a clock tick only, so a fresh simulator's data stays put.
      if (state === 'INSTALLING') this.pending.set(inst.Id, { readyAt: Infinity, outcome: 'READY' });
    }
    const perNode = new Map<string, number>();
    for (const i of this.global.values()) perNode.set(i.Node.id, (perNode.get(i.Node.id) ?? 0) + 1);
    for (const n of hosts) (n.docker!.systemInfo as { Containers: number }).Containers = perNode.get(n.id) ?? 0;
  }

  get instanceCount(): number {
    return this.global.size;
  }
  get nodeCount(): number {
    return this.nodeIds.length;
  }
  get pendingCount(): number {
    return this.pending.size;
  }

  isValidKey(key: string): boolean {
    return this.apiKeys.some((k) => k.key === key);
  }

  // ---- instances ----

  listInstances(): SkyInstance[] {
    return [...this.global.values()];
  }

  /** `POST /api/getInstance`: the id must be in the global list; the answer is the per-id record. */
  getInstance(id: string): SkyInstance | undefined {
    return this.global.has(id) ? this.records.get(id) : undefined;
  }

  /** The per-id record `<id>_instance`, whether or not the instance is still listed (it survives a quirky delete). */
  instanceRecord(id: string): SkyInstance | undefined {
    return this.records.get(id);
  }

  userInstances(userId: string): SkyInstance[] {
    return [...(this.byUser.get(userId)?.values() ?? [])];
  }

  deploy(
    body: {
      image: string;
      imagename: string;
      memory: unknown;
      cpu: unknown;
      ports: string;
      nodeId: string;
      name: string;
      user: string;
      primary: unknown;
      /** The image's variables as the user filled them; the daemon adds each to the container's Env as K=V. */
      variables?: unknown;
    },
    now: number,
  ): DeployResult {
    const node = this.nodeRecords.get(String(body.nodeId));
    if (!node) return { kind: 'invalidNode' };
    const daemon = this.daemonFailure(node);
    if (daemon) return { kind: 'daemonError', details: daemon };
    if (UNPULLABLE.test(body.image)) {
      return { kind: 'daemonError', details: { message: `Failed to pull image ${body.image}: manifest unknown` } };
    }
    const image = this.images.find((i) => i.Name === body.imagename);
    const id = this.freshId(this.rng);
    const ports = String(body.ports);
    const primary = ports.split(',')[0]?.split(':')[1] ?? '';
    const inst = makeInstance({
      id,
      name: String(body.name),
      node,
      user: String(body.user),
      image: image ?? { Image: body.image, Env: [] } as unknown as SkyImage,
      memory: parseInt(String(body.memory), 10),
      cpu: parseInt(String(body.cpu), 10),
      ports,
      primary: body.primary,
      env: [...(image ? instanceEnv(image, primary, this.rng, false) : [`PRIMARY_PORT=${primary}`]), ...variableEnv(body.variables)],
      state: 'INSTALLING',
    });
    inst.Image = body.image;
    if (!image) delete inst.imageData;
    this.insert(inst);
    this.pending.set(id, { readyAt: now + this.o.installMs, outcome: NEVER_READY.test(body.image) ? 'FAILED' : 'READY' });
    return { kind: 'ok', id };
  }

  /** The panel's background state poll: installs whose time has come become READY (or FAILED). */
  settle(now: number): void {
    if (this.pending.size === 0) return;
    for (const [id, p] of this.pending) {
      if (p.readyAt > now) continue;
      this.pending.delete(id);
      if (!this.records.has(id)) continue;
      // updateInstanceState: the record, the user's list and the global list, each matched by Id.
      const containerId = p.outcome === 'READY' ? this.containerIdFor(`${id}:${this.rng.hex(8)}`) : null;
      this.updateById(id, (i) => {
        i.InternalState = p.outcome;
        i.ContainerId = containerId;
      });
    }
  }

  /**
   * `DELETE /api/instance/delete`. With `quirky` bookkeeping (the real panel) the daemon is called with the
   * record's ContainerId (`/instances/undefined/delete` while it is installing), the lists are filtered by
   * ContainerId and the key deleted is `<ContainerId>_instance`: the per-id record survives, so deleting twice
   * answers 200 twice, and deleting an instance whose ContainerId is still unset removes from the lists every
   * other instance whose ContainerId is unset too. `daemonCalls` counts the daemon delete calls by path.
   */
  deleteInstance(id: string, quirky: boolean): 'deleted' | 'missing' | 'daemonError' {
    const inst = this.records.get(id);
    if (!inst) return 'missing';
    if (this.daemonFailure(inst.Node)) return 'daemonError';
    if (quirky) {
      const cid = inst.ContainerId;
      const path = `/instances/${String(cid)}/delete`;
      this.daemonDeletes.set(path, (this.daemonDeletes.get(path) ?? 0) + 1);
      for (const [k, v] of this.global) if (v.ContainerId === cid) this.global.delete(k);
      const mine = this.byUser.get(inst.User);
      if (mine) for (const [k, v] of mine) if (v.ContainerId === cid) mine.delete(k);
      // The panel then deletes the key `<ContainerId>_instance`, which never exists: the per-id record stays.
      return 'deleted';
    }
    this.global.delete(id);
    this.byUser.get(inst.User)?.delete(id);
    this.records.delete(id);
    this.pending.delete(id);
    return 'deleted';
  }

  /**
   * Suspend/unsuspend. The real panel (`quirky`) writes the flag on the per-id record, then on the first entry
   * of the global list whose ContainerId equals the record's — another instance when several are still
   * installing — and not on the user's list; unsuspend crashes ('notInGlobal') when no global entry matches
   * (the flag is written anyway). Without quirks the flag is written everywhere by Id.
   */
  setSuspended(id: string, suspended: boolean, quirky = true): 'ok' | 'missing' | 'notInGlobal' {
    const inst = this.records.get(id);
    if (!inst) return 'missing';
    const write = (i: SkyInstance) => {
      i.suspended = suspended;
      if (!suspended) delete i['suspended-flagg'];
    };
    if (!quirky) {
      if (!this.global.has(id)) return 'missing';
      this.updateById(id, write);
      return 'ok';
    }
    write(inst);
    const inGlobal = [...this.global.values()].find((v) => v.ContainerId === inst.ContainerId);
    if (inGlobal) write(inGlobal);
    if (!suspended && !inGlobal) return 'notInGlobal';
    return 'ok';
  }

  /** How often the (simulated) node daemons were asked to delete each path, e.g. `/instances/undefined/delete`. */
  readonly daemonDeletes = new Map<string, number>();

  /** The daemon registers with the panel (`POST /nodes/configure?configureKey=…&accessKey=…`): status "Configured". */
  configureNode(configureKey: string, accessKey: string): 'ok' | 'missing' {
    const node = [...this.nodeRecords.values()].find((n) => n.configureKey && n.configureKey === configureKey);
    if (!node) return 'missing';
    node.apiKey = accessKey;
    node.configureKey = null;
    node.status = 'Configured';
    return 'ok';
  }

  // ---- nodes ----

  /** `GET /api/nodes`: the stored records in list order; a dangling id yields null, as in the panel. */
  listNodes(): (SkyNode | null)[] {
    return this.nodeIds.map((id) => this.nodeRecords.get(id) ?? null);
  }

  createNode(fields: Pick<SkyNode, 'name' | 'tags' | 'ram' | 'disk' | 'processor' | 'address' | 'port'>): SkyNode {
    const node: SkyNode = {
      id: this.rng.uuid(),
      ...fields,
      apiKey: null,
      configureKey: this.rng.uuid(),
      // The panel pings the new node's daemon right away; with no key yet, the daemon refuses.
      status: 'Offline',
    };
    this.nodeRecords.set(node.id, node);
    this.nodeIds.push(node.id);
    return node;
  }

  deleteNode(nodeId: string): void {
    const i = this.nodeIds.indexOf(nodeId);
    if (i >= 0) this.nodeIds.splice(i, 1);
    this.nodeRecords.delete(nodeId);
  }

  // ---- users ----

  findUser(type: 'email' | 'username', value: string): SkyUser | undefined {
    return this.users.find((u) => u[type] === value);
  }

  hasUserId(userId: string): boolean {
    return this.users.some((u) => u.userId === userId);
  }

  newId(): string {
    return this.rng.uuid();
  }

  randomToken(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < length; i++) s += chars[Math.floor(this.rng.next() * chars.length)];
    return s;
  }

  // ---- the clock ----

  /**
   * One clock step: pending installs finish; then `changes` random transitions — an instance is suspended
   * (as the panel's Radar does) or unsuspended, a running instance is reinstalled (INSTALLING until the
   * next step), or a configured node goes Offline / comes back Online.
   */
  mutate(changes: number, now: number): void {
    for (const p of this.pending.values()) p.readyAt = Math.min(p.readyAt, now);
    this.settle(now);
    const configured = this.nodeIds.map((id) => this.nodeRecords.get(id)).filter((n): n is SkyNode => !!n && !!n.apiKey);
    const all = this.global.size > 0 ? [...this.global.values()] : [];
    for (let c = 0; c < changes; c++) {
      if (configured.length > 0 && (all.length === 0 || this.rng.chance(0.25))) {
        const node = this.rng.pick(configured);
        node.status = node.status === 'Online' ? 'Offline' : 'Online';
        if (node.status === 'Online' && !node.docker) node.docker = daemonInfo(this.rng, 4, 8192, this.countOn(node.id));
        continue;
      }
      if (all.length === 0) return;
      const inst = this.rng.pick(all);
      if (inst.suspended) {
        this.updateById(inst.Id, (i) => {
          i.suspended = false;
          delete i['suspended-flagg'];
        });
      } else if (inst.InternalState === 'READY' && this.rng.chance(0.7)) {
        this.updateById(inst.Id, (i) => {
          i.suspended = true;
          i['suspended-flagg'] = 'Suspended by Radar: a suspicious process was found in this container';
        });
      } else if (inst.InternalState === 'READY') {
        this.updateById(inst.Id, (i) => void (i.InternalState = 'INSTALLING'));
        this.pending.set(inst.Id, { readyAt: Infinity, outcome: 'READY' });
      }
    }
  }

  // ---- internals ----

  /**
   * The panel writes an instance to three Keyv keys, each its own serialised copy, so a write to one (the
   * quirks above) does not show in the others. Shallow copies: the embedded node, image and Env are shared.
   */
  private insert(inst: SkyInstance): void {
    this.global.set(inst.Id, inst);
    this.records.set(inst.Id, { ...inst });
    let mine = this.byUser.get(inst.User);
    if (!mine) this.byUser.set(inst.User, (mine = new Map()));
    mine.set(inst.Id, { ...inst });
  }

  /** A write the panel makes in all three places, each matched by Id. */
  private updateById(id: string, fn: (i: SkyInstance) => void): void {
    const rec = this.records.get(id);
    for (const copy of [this.global.get(id), rec, rec ? this.byUser.get(rec.User)?.get(id) : undefined]) if (copy) fn(copy);
  }

  /** A Docker-style 64-hex container id, derived from the seed (cheaper than 64 digits of Rng at 20k instances). */
  private containerIdFor(key: string): string {
    return createHash('sha256').update(`${this.o.seed}:${key}`).digest('hex');
  }

  /** Eight hex digits, as the panel takes from a uuid v4; unique here (collisions are likely at 20k). */
  private freshId(rng: Rng): string {
    for (;;) {
      const id = rng.hex(8);
      if (!this.records.has(id)) return id;
    }
  }

  /** What the panel gets back when it calls a node's daemon, or undefined when the daemon answers. */
  private daemonFailure(node: SkyNode): unknown {
    const current = this.nodeRecords.get(node.id) ?? node;
    if (!current.apiKey) return 'Unauthorized';
    if (current.status === 'Offline') return 'No additional error info';
    return undefined;
  }

  private countOn(nodeId: string): number {
    let n = 0;
    for (const i of this.global.values()) if (i.Node.id === nodeId) n++;
    return n;
  }
}

/** The daemon's `K=V` Env entries for deploy variables (an object of name → value; anything else adds none). */
function variableEnv(variables: unknown): string[] {
  if (!variables || typeof variables !== 'object' || Array.isArray(variables)) return [];
  return Object.entries(variables as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
}
