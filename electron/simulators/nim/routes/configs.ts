import path from 'node:path';
import { formatNginxError, parseNginx } from '../../../main/core/configs/nginx/parse';
import { json, type Router, type SimReply, type SimRequest } from '../../kit/server';
import { decodePayload, encodeFiles, type ConfigFileBytes, type DecodedPayload } from '../configs';
import { instanceState, nimError, prefixOf, route, type NimContext } from '../context';
import { deploymentJson, type SimDeployment } from '../deployments';
import { dims } from '../events';
import type { SimInstance, SimInstanceGroup } from '../fleet';
import { findInstance, listPage } from './inventory';

/** Instance configs, publishing and deployments, staged configs, and config analysis. */
export function configRoutes(router: Router, ctx: NimContext): void {
  // Registered before /systems/:s/instances/:n so "instances" is never read as a system uid.
  route(router, 'GET', '/systems/instances/deployments/:id', (req) => {
    const d = ctx.deployments.get(req.params.id);
    return d ? json(200, deploymentJson(d)) : nimError(404, `Deployment ${req.params.id} not found`);
  });

  route(router, 'GET', '/systems/:s/instances/:n/config', (req) => {
    const inst = findInstance(ctx, req);
    if (!inst) return nimError(404, `Instance ${req.params.n} not found on system ${req.params.s}`);
    return json(200, configJson(ctx, inst));
  });

  const publish = (req: SimRequest) => publishConfig(ctx, req);
  route(router, 'POST', '/systems/:s/instances/:n/config', publish);
  route(router, 'PUT', '/systems/:s/instances/:n/config', publish);

  route(router, 'GET', '/instance-groups/:g/config', (req) => {
    const g = ctx.fleet.group(req.params.g);
    if (!g) return nimError(404, `Instance group ${req.params.g} not found`);
    return json(200, groupConfigJson(ctx, g));
  });
  const publishGroup = (req: SimRequest) => publishGroupConfig(ctx, req);
  route(router, 'POST', '/instance-groups/:g/config', publishGroup);
  route(router, 'PUT', '/instance-groups/:g/config', publishGroup);

  route(router, 'GET', '/configs', (req) =>
    listPage(ctx, req, 'configs', () =>
      [...ctx.platform.staged.values()].map((c) => ({
        uid: c.uid,
        configName: c.configName,
        createTime: c.createTime,
        updateTime: c.updateTime,
        nginxUid: null,
      })),
    ),
  );

  route(router, 'POST', '/configs', (req) => {
    const err = stagedError(req);
    if (err) return err;
    const b = req.body as Record<string, unknown>;
    const name = b.configName as string;
    if ([...ctx.platform.staged.values()].some((c) => c.configName === name)) return nimError(409, `A staged config named ${name} already exists`);
    const now = ctx.now().toISOString();
    const staged = { uid: ctx.platform.uid(), configName: name, createTime: now, updateTime: now, payload: stripFlags(b) };
    ctx.platform.staged.set(staged.uid, staged);
    return json(201, { uid: staged.uid, createTime: now, updateTime: now, ...staged.payload });
  });

  route(router, 'GET', '/configs/:uid', (req) => {
    const c = ctx.platform.staged.get(req.params.uid);
    return c ? json(200, { uid: c.uid, createTime: c.createTime, updateTime: c.updateTime, ...c.payload }) : nimError(404, `Staged config ${req.params.uid} not found`);
  });

  route(router, 'PUT', '/configs/:uid', (req) => {
    const c = ctx.platform.staged.get(req.params.uid);
    if (!c) return nimError(404, `Staged config ${req.params.uid} not found`);
    const err = stagedError(req);
    if (err) return err;
    c.payload = stripFlags(req.body as Record<string, unknown>);
    c.configName = c.payload.configName as string;
    c.updateTime = ctx.now().toISOString();
    return json(200, { uid: c.uid, createTime: c.createTime, updateTime: c.updateTime, ...c.payload });
  });

  route(router, 'DELETE', '/configs/:uid', (req) => {
    if (!ctx.platform.staged.delete(req.params.uid)) return nimError(404, `Staged config ${req.params.uid} not found`);
    return { status: 204, text: '' };
  });

  // The analyzer (NIM routes /analysis… to its dpm service; the exact path is not published).
  route(router, 'POST', '/analysis/config', (req) => {
    if (req.bodyError) return nimError(400, `The request body is not valid JSON: ${req.bodyError}`);
    const p = decodePayload(req.body, '/etc/nginx');
    if (typeof p === 'string') return nimError(400, p);
    const errors = analyze(p.files);
    return json(200, {
      result: errors.length ? 'fail' : 'pass',
      analyzer: 'syntax',
      filesAnalyzed: p.files.filter(isNginxSyntax).length,
      errors: errors.map((e) => ({ file: e.file, line: e.line, message: e.message, text: `nginx: [emerg] ${formatNginxError(e)}` })),
    });
  });
}

function stagedError(req: SimRequest): SimReply | undefined {
  if (req.bodyError) return nimError(400, `The request body is not valid JSON: ${req.bodyError}`);
  const b = req.body as Record<string, unknown> | undefined;
  if (!b || typeof b.configName !== 'string' || !b.configName.trim()) return nimError(400, 'configName is required');
  const p = decodePayload(b, '/etc/nginx');
  return typeof p === 'string' ? nimError(400, p) : undefined;
}

function stripFlags(b: Record<string, unknown>): Record<string, unknown> {
  const { ignoreConflict: _i, validateConfig: _v, updateTime: _u, ...rest } = b;
  return rest;
}

export function configJson(ctx: NimContext, inst: SimInstance): Record<string, unknown> {
  const cfg = ctx.configs.get(inst);
  const real = ctx.realProcess(inst);
  return {
    build: { nginxPlus: inst.nginxPlus, release: inst.nginxPlus ? 'nginx-plus-r32' : null, version: inst.version },
    configPath: real ? real.confPath : '/etc/nginx/nginx.conf',
    configVersion: {
      instanceGroup: { createTime: '', uid: '', versionHash: '' },
      versions: [{ createTime: cfg.updateTime, uid: inst.uid, versionHash: cfg.versionHash }],
    },
    configFiles: { rootDir: cfg.rootDir, files: encodeFiles(cfg.files) },
    auxFiles: { rootDir: cfg.auxRootDir, files: encodeFiles(cfg.auxFiles) },
    updateTime: cfg.updateTime,
    externalId: cfg.externalId,
    externalIdType: cfg.externalIdType,
  };
}

function groupMembers(ctx: NimContext, g: SimInstanceGroup): SimInstance[] {
  return ctx.fleet.instances.filter((i) => i.instanceGroupUid === g.uid);
}

function groupConfigJson(ctx: NimContext, g: SimInstanceGroup): Record<string, unknown> {
  const cfg = ctx.configs.getGroup(g.uid, groupMembers(ctx, g)[0], g.createTime);
  return {
    configVersion: {
      instanceGroup: { createTime: cfg.createTime, uid: g.uid, versionHash: cfg.versionHash },
      versions: groupMembers(ctx, g).map((i) => ({ createTime: ctx.configs.get(i).updateTime, uid: i.uid, versionHash: ctx.configs.get(i).versionHash })),
    },
    configFiles: { rootDir: cfg.rootDir, files: encodeFiles(cfg.files) },
    auxFiles: { rootDir: cfg.auxRootDir, files: encodeFiles(cfg.auxFiles) },
    updateTime: cfg.updateTime,
    externalId: cfg.externalId,
    externalIdType: cfg.externalIdType,
  };
}

/** A group publish: one deployment, each member's own result (files placed under the member's rootDir). */
function publishGroupConfig(ctx: NimContext, req: SimRequest): SimReply {
  const g = ctx.fleet.group(req.params.g);
  if (!g) return nimError(404, `Instance group ${req.params.g} not found`);
  if (req.bodyError) return nimError(400, `The request body is not valid JSON: ${req.bodyError}`);
  const members = groupMembers(ctx, g);
  if (members.length === 0) return nimError(400, `Instance group ${g.name} has no instances to publish to`);
  const live = ctx.configs.getGroup(g.uid, members[0], g.createTime);
  const p = decodePayload(req.body, live.rootDir);
  if (typeof p === 'string') return nimError(400, p);
  if (p.updateTime && !p.ignoreConflict && Date.parse(p.updateTime) < Date.parse(live.updateTime)) {
    return nimError(
      409,
      `The configuration of instance group ${g.displayName} was modified at ${live.updateTime}, after the updateTime ${p.updateTime} of this request. Get the current configuration, or set ignoreConflict to overwrite it.`,
    );
  }
  const d = ctx.deployments.create(members.map((m) => ({ uid: m.uid, name: m.displayName })), ctx.now());
  const run = applyGroup(ctx, g, members, p, d).finally(() => ctx.running.delete(run));
  ctx.running.add(run);
  return json(202, {
    deploymentUID: d.id,
    links: { rel: `${prefixOf(req)}/systems/instances/deployments/${d.id}` },
    result: 'Publish configuration request Accepted',
  });
}

async function applyGroup(ctx: NimContext, g: SimInstanceGroup, members: SimInstance[], p: DecodedPayload, d: SimDeployment): Promise<void> {
  if (members.some((m) => !ctx.realProcess(m))) await new Promise((r) => setTimeout(r, ctx.deployDelayMs));
  await Promise.all(
    members.map(async (m, i) => {
      const memberRoot = ctx.configs.get(m).rootDir;
      const files = p.files.map((f) => ({ name: path.posix.join(memberRoot, path.posix.relative(p.rootDir, f.name)), contents: f.contents }));
      const failure = await applyTo(ctx, m, files);
      d.targets[i].result = failure ? { ok: false, message: failure } : { ok: true };
      if (!failure) ctx.configs.commit(m, { ...p, rootDir: memberRoot, files }, ctx.now());
    }),
  );
  ctx.deployments.settle(d, ctx.now());
  if (d.status === 'finalized') ctx.configs.commitGroup(g.uid, p, ctx.now());
}

/** Applies files to one instance; the failure text, or undefined when it took. */
async function applyTo(ctx: NimContext, inst: SimInstance, files: ConfigFileBytes[]): Promise<string | undefined> {
  const system = ctx.fleet.system(inst.systemUid)!;
  if (instanceState(ctx, inst) === 'offline') return `nginx-agent on ${system.hostname} is not connected: the instance is offline`;
  const real = ctx.realProcess(inst);
  if (real) {
    const r = await real.apply(files);
    return r.ok ? undefined : tidyNginxOutput(r.message);
  }
  const errors = analyze(files);
  if (!errors.length) return undefined;
  return `nginx: [emerg] ${formatNginxError(errors[0])}\nnginx: configuration file ${errors[0].file} test failed`;
}

function publishConfig(ctx: NimContext, req: SimRequest): SimReply {
  const inst = findInstance(ctx, req);
  if (!inst) return nimError(404, `Instance ${req.params.n} not found on system ${req.params.s}`);
  if (req.bodyError) return nimError(400, `The request body is not valid JSON: ${req.bodyError}`);
  let body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body.configUid === 'string') {
    const staged = ctx.platform.staged.get(body.configUid);
    if (!staged) return nimError(404, `Staged config ${body.configUid} not found`);
    body = { ...staged.payload, updateTime: body.updateTime, ignoreConflict: body.ignoreConflict };
  }
  const live = ctx.configs.get(inst);
  const p = decodePayload(body, live.rootDir);
  if (typeof p === 'string') return nimError(400, p);
  const real = ctx.realProcess(inst);
  if (real) {
    const outside = p.files.find((f) => path.relative(live.rootDir, f.name).startsWith('..'));
    if (outside || p.auxFiles.length) {
      return nimError(400, `Files of ${inst.displayName} must be under ${live.rootDir}${outside ? ` (got ${outside.name})` : ''}`);
    }
  }
  if (p.updateTime && !p.ignoreConflict && Date.parse(p.updateTime) < Date.parse(live.updateTime)) {
    return nimError(
      409,
      `The configuration of ${inst.displayName} was modified at ${live.updateTime}, after the updateTime ${p.updateTime} of this request. Get the current configuration, or set ignoreConflict to overwrite it.`,
    );
  }
  const d = ctx.deployments.create([{ uid: inst.uid, name: inst.displayName }], ctx.now());
  const run = apply(ctx, inst, p, d).finally(() => ctx.running.delete(run));
  ctx.running.add(run);
  return json(202, {
    deploymentUID: d.id,
    links: { rel: `${prefixOf(req)}/systems/instances/deployments/${d.id}` },
    result: 'Publish configuration request Accepted',
  });
}

async function apply(ctx: NimContext, inst: SimInstance, p: DecodedPayload, d: SimDeployment): Promise<void> {
  const real = ctx.realProcess(inst);
  if (!real) await new Promise((r) => setTimeout(r, ctx.deployDelayMs));
  const system = ctx.fleet.system(inst.systemUid)!;
  let failure: string | undefined;
  if (instanceState(ctx, inst) === 'offline') {
    failure = `nginx-agent on ${system.hostname} is not connected: the instance is offline`;
  } else if (real) {
    const r = await real.apply(p.files);
    if (!r.ok) failure = tidyNginxOutput(r.message);
  } else {
    const errors = analyze(p.files);
    if (errors.length) {
      const first = errors[0];
      failure = `nginx: [emerg] ${formatNginxError(first)}\nnginx: configuration file ${first.file} test failed`;
    }
  }
  const now = ctx.now();
  if (failure) ctx.deployments.fail(d, failure, now);
  else {
    ctx.configs.commit(inst, p, now);
    ctx.deployments.finalize(d, now);
  }
  ctx.events.add(
    {
      category: 'agent status',
      level: failure ? 'ERROR' : 'INFO',
      message: failure ? `failed to apply nginx config on ${inst.displayName}` : `successfully applied config on ${inst.displayName}`,
      status: failure ? 'Config Apply Failure' : 'Config Apply Success',
      ...(failure ? { error: failure } : {}),
      dimensions: dims(system.hostname, inst.displayName, inst.uid, inst.systemUid),
    },
    now,
  );
}

function isNginxSyntax(f: ConfigFileBytes): boolean {
  return f.name.endsWith('.conf') || path.posix.basename(f.name) === 'mime.types';
}

function analyze(files: ConfigFileBytes[]) {
  return files.filter(isNginxSyntax).flatMap((f) => parseNginx(f.contents.toString('utf8'), { file: f.name }).errors);
}

/** nginx -t prints "2026/01/01 12:00:00 [emerg] 123#123: msg" when an error_log file is set; show it as "nginx: [emerg] msg". */
export function tidyNginxOutput(out: string): string {
  return out.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(\w+)\] \d+#\d+: /gm, 'nginx: [$1] ').trim();
}
