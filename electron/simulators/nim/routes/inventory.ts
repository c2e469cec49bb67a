import { json, type Router, type SimReply, type SimRequest } from '../../kit/server';
import { instanceState, nimError, prefixOf, route, type NimContext } from '../context';
import type { NimState, SimInstance, SimSystem } from '../fleet';
import { pageOf, parsePaging } from '../pagination';

/** Systems, instances and instance groups. */
export function inventoryRoutes(router: Router, ctx: NimContext): void {
  route(router, 'GET', '/systems', (req) => {
    const hostname = req.query.get('hostname');
    return listPage(ctx, req, `systems?${hostname ?? ''}`, () =>
      ctx.fleet.systems.filter((s) => !hostname || s.hostname === hostname).map((s) => systemJson(ctx, s, prefixOf(req))),
    );
  });

  route(router, 'GET', '/systems/:s', (req) => {
    const s = ctx.fleet.system(req.params.s);
    return s ? json(200, systemJson(ctx, s, prefixOf(req))) : nimError(404, `System ${req.params.s} not found`);
  });

  route(router, 'PATCH', '/systems/:s', (req) => {
    const s = ctx.fleet.system(req.params.s);
    if (!s) return nimError(404, `System ${req.params.s} not found`);
    const body = req.body as { tags?: unknown } | undefined;
    if (req.bodyError || !body || typeof body !== 'object') return nimError(400, 'The request body must be a JSON object');
    if (body.tags !== undefined) {
      if (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string')) return nimError(400, 'tags must be an array of strings');
      s.tags = body.tags as string[];
    }
    return json(200, systemJson(ctx, s, prefixOf(req)));
  });

  route(router, 'GET', '/systems/:s/instances', (req) => {
    const s = ctx.fleet.system(req.params.s);
    if (!s) return nimError(404, `System ${req.params.s} not found`);
    return listPage(
      ctx,
      req,
      `systems/${s.uid}/instances`,
      () => freeze(ctx, ctx.fleet.instancesOf(s.uid)),
      (f) => instanceSummary(ctx, f.inst, prefixOf(req), f),
    );
  });

  route(router, 'GET', '/systems/:s/instances/:n', (req) => {
    const inst = findInstance(ctx, req);
    if (!inst) return nimError(404, `Instance ${req.params.n} not found on system ${req.params.s}`);
    return json(200, instanceJson(ctx, inst, prefixOf(req)));
  });

  route(router, 'GET', '/instances', (req) => {
    const napOnly = req.query.get('napOnly') === 'true';
    const reply = listPage(
      ctx,
      req,
      `instances?${napOnly}`,
      () => (napOnly ? [] : freeze(ctx, ctx.fleet.instances)),
      (f) => instanceSummary(ctx, f.inst, prefixOf(req), f),
    );
    if (reply !== 'hang' && reply.status === 200 && reply.json) {
      const body = reply.json as Record<string, unknown>;
      body.nginxPlusCount = ctx.fleet.instances.filter((i) => i.nginxPlus).length;
      body.nginxAppProtectWAFCount = 0;
    }
    return reply;
  });

  route(router, 'GET', '/instance-groups', (req) =>
    listPage(ctx, req, 'instance-groups', () => ctx.fleet.groups.map((g) => groupJson(ctx, g.uid, prefixOf(req), false))),
  );

  route(router, 'POST', '/instance-groups', (req) => {
    const b = req.body as { name?: unknown; displayName?: unknown; description?: unknown } | undefined;
    if (req.bodyError || !b || typeof b.name !== 'string' || !/^[a-zA-Z0-9_.-]{1,100}$/.test(b.name)) {
      return nimError(400, 'name is required (letters, digits, "-", "_" and ".")');
    }
    if (ctx.fleet.group(b.name)) return nimError(409, `Instance group ${b.name} already exists`);
    const g = {
      uid: ctx.platform.uid(),
      name: b.name,
      displayName: typeof b.displayName === 'string' ? b.displayName : b.name,
      description: typeof b.description === 'string' ? b.description : '',
      createTime: ctx.now().toISOString(),
    };
    ctx.fleet.groups.push(g);
    return json(201, groupJson(ctx, g.uid, prefixOf(req), true));
  });

  route(router, 'GET', '/instance-groups/:g', (req) => {
    const g = ctx.fleet.group(req.params.g);
    return g ? json(200, groupJson(ctx, g.uid, prefixOf(req), true)) : nimError(404, `Instance group ${req.params.g} not found`);
  });
}

export function findInstance(ctx: NimContext, req: SimRequest): SimInstance | undefined {
  const inst = ctx.fleet.instance(req.params.n);
  return inst && inst.systemUid === req.params.s ? inst : undefined;
}

/** A paginated `{count, items, Metadata}` answer over a frozen result set. */
/**
 * A paginated `{count, items, Metadata}` answer over a frozen result set. `produce` freezes what may
 * change (cheap at 20,000 rows); `render` turns only the requested page into JSON.
 */
export function listPage<T>(ctx: NimContext, req: SimRequest, key: string, produce: () => T[], render: (item: T) => unknown = (x) => x): SimReply {
  const paging = parsePaging(req.query);
  if (typeof paging === 'string') return nimError(400, paging);
  const snap = ctx.snapshots.take(`${prefixOf(req)}:${key}`, paging.pageToken, produce);
  if (typeof snap === 'string') return nimError(400, snap);
  const { items, meta } = pageOf(snap.items, paging, snap.token, req.path);
  return json(200, { count: snap.items.length, items: items.map(render), Metadata: { ...meta, total: snap.items.length } });
}

/** An instance with its status as it was when the snapshot was taken. */
interface FrozenInstance {
  inst: SimInstance;
  state: NimState;
  lastStatusReport: string;
}

function freeze(ctx: NimContext, list: SimInstance[]): FrozenInstance[] {
  return list.map((inst) => ({ inst, state: instanceState(ctx, inst), lastStatusReport: inst.lastStatusReport }));
}

export function systemJson(ctx: NimContext, s: SimSystem, prefix: string): Record<string, unknown> {
  return {
    uid: s.uid,
    hostname: s.hostname,
    displayName: s.hostname,
    registrationTime: s.registrationTime,
    status: { state: s.state, lastStatusReport: s.lastStatusReport },
    tags: s.tags,
    networkConfig: { networkInterfaces: [{ name: 'eth0', addresses: [`${s.ip}/16`] }] },
    osRelease: { id: 'debian', name: 'Debian GNU/Linux', version: '12 (bookworm)', codename: 'bookworm' },
    processor: [{ architecture: 'x86_64', cores: s.cores, model: 'Simulated vCPU', mhz: 2400 }],
    memory: { total: s.memoryBytes },
    disk: { total: s.diskBytes },
    agentVersion: 'v2.38.0',
    nginxInstanceCount: ctx.fleet.instancesOf(s.uid).length,
    links: [
      { rel: `${prefix}/systems/${s.uid}`, name: 'self' },
      { rel: `${prefix}/systems/${s.uid}/instances`, name: 'instances' },
    ],
  };
}

function build(i: SimInstance) {
  return { nginxPlus: i.nginxPlus, release: i.nginxPlus ? 'nginx-plus-r32' : null, version: i.version };
}

/** The list form of an instance (GET /instances, /systems/{s}/instances). */
export function instanceSummary(ctx: NimContext, i: SimInstance, prefix: string, frozen?: FrozenInstance): Record<string, unknown> {
  const real = ctx.realProcess(i);
  return {
    uid: i.uid,
    systemUid: i.systemUid,
    displayName: i.displayName,
    version: i.version,
    build: build(i),
    status: frozen
      ? { state: frozen.state, lastStatusReport: frozen.lastStatusReport }
      : { state: instanceState(ctx, i), lastStatusReport: i.lastStatusReport },
    configPath: real ? real.confPath : '/etc/nginx/nginx.conf',
    processId: String(real?.pid ?? i.processId),
    registrationTime: i.registrationTime,
    startTime: real ? real.startedAt.toISOString() : i.startTime,
    instanceGroupUid: i.instanceGroupUid ?? null,
    links: [
      { rel: `${prefix}/systems/${i.systemUid}`, name: 'system' },
      { rel: `${prefix}/systems/${i.systemUid}/instances/${i.uid}`, name: 'self' },
    ],
  };
}

/** The detail form (apis.md §2.7). */
export function instanceJson(ctx: NimContext, i: SimInstance, prefix: string): Record<string, unknown> {
  const cfg = ctx.configs.get(i);
  const real = ctx.realProcess(i);
  const group = i.instanceGroupUid ? ctx.fleet.group(i.instanceGroupUid) : undefined;
  const out: Record<string, unknown> = {
    ...instanceSummary(ctx, i, prefix),
    configVersion: {
      instanceGroup: { createTime: group?.createTime ?? '', uid: group?.uid ?? '', versionHash: '' },
      versions: [
        {
          createTime: cfg.updateTime,
          uid: i.uid,
          versionHash: cfg.versionHash,
          ...(cfg.externalId ? { externalId: cfg.externalId, externalIdType: cfg.externalIdType } : {}),
        },
      ],
    },
    processPath: real ? real.binary : '/usr/sbin/nginx',
    appProtect: { attackSignatureVersion: '', status: 'inactive', threatCampaignVersion: '', version: '' },
    configureArgs: ['--prefix=/etc/nginx', '--with-http_stub_status_module'],
    loadableModules: [],
    packages: [],
    ssl: { built: null, runtime: null },
  };
  const last = ctx.deployments.lastFor(i.uid);
  if (last) {
    out.lastDeploymentDetails = last;
    (out.links as unknown[]).push({ rel: `${prefix}/systems/instances/deployments/${last.id}`, name: 'deployment' });
  }
  return out;
}

function groupJson(ctx: NimContext, uid: string, prefix: string, withInstances: boolean): Record<string, unknown> {
  const g = ctx.fleet.group(uid)!;
  const members = ctx.fleet.instances.filter((i) => i.instanceGroupUid === g.uid);
  const out: Record<string, unknown> = {
    uid: g.uid,
    name: g.name,
    displayName: g.displayName,
    description: g.description,
    createTime: g.createTime,
    instanceCount: members.length,
    links: [{ rel: `${prefix}/instance-groups/${g.uid}`, name: 'self' }],
  };
  if (withInstances) out.instances = members.map((i) => ({ uid: i.uid, systemUid: i.systemUid, displayName: i.displayName }));
  return out;
}
