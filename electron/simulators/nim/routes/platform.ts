import { json, type Router } from '../../kit/server';
import { nimError, prefixOf, route, type NimContext } from '../context';
import { listPage } from './inventory';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const NAME = /^[a-zA-Z0-9_.-]{1,100}$/;

/** Network scan, certificates, users and roles: simple but with NIM's shapes and codes. */
export function platformRoutes(router: Router, ctx: NimContext): void {
  const store = ctx.platform;

  route(router, 'POST', '/servers/scan', (req) => {
    const b = req.body as { cidr?: unknown; portRanges?: unknown; hostDiscovery?: unknown } | undefined;
    const m = typeof b?.cidr === 'string' ? CIDR.exec(b.cidr) : null;
    if (req.bodyError || !m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
      return nimError(400, 'cidr is required, like 192.0.2.0/24');
    }
    const ports = b!.portRanges ?? ['80', '443'];
    if (!Array.isArray(ports) || ports.some((p) => typeof p !== 'string' || !/^\d{1,5}(-\d{1,5})?$/.test(p))) {
      return nimError(400, 'portRanges must be an array of ports or ranges like "80" or "8000-8100"');
    }
    const discovery = b!.hostDiscovery ?? 'icmp';
    if (discovery !== 'icmp' && discovery !== 'none') return nimError(400, 'hostDiscovery must be "icmp" or "none"');
    const hosts = 2 ** (32 - Number(m[5]));
    const found = ctx.fleet.systems.filter((s) => inCidr(s.ip, m)).length;
    store.lastScan = {
      completionTime: ctx.now().toISOString(),
      duration: Math.min(hosts, 65536) * 2,
      endpointsScanned: Math.min(hosts, 65536) * ports.length,
      nginxFound: found,
      percentageComplete: 100,
      request: { cidr: b!.cidr as string, portRanges: ports as string[], hostDiscovery: discovery },
      serversFound: found,
      status: 'complete',
    };
    return json(200, store.lastScan);
  });

  route(router, 'GET', '/servers/scan', () => (store.lastScan ? json(200, store.lastScan) : nimError(404, 'No scan has been run')));

  route(router, 'GET', '/servers', (req) => {
    const scan = store.lastScan;
    const m = scan ? CIDR.exec(scan.request.cidr) : null;
    return listPage(ctx, req, `servers:${scan?.completionTime ?? ''}`, () =>
      m
        ? ctx.fleet.systems
            .filter((s) => inCidr(s.ip, m))
            .map((s) => ({
              certs: [],
              createTime: scan!.completionTime,
              updateTime: scan!.completionTime,
              cves: [],
              links: [],
              network: [{ ip: s.ip, port: 80 }],
              serverApplication: 'nginx',
              vendor: 'nginx',
              version: ctx.fleet.instancesOf(s.uid)[0]?.version ?? '',
            }))
        : [],
    );
  });

  route(router, 'GET', '/certs', (req) => listPage(ctx, req, 'certs', () => [...store.certs.values()]));
  route(router, 'GET', '/certs/:name', (req) => {
    const c = store.certs.get(req.params.name);
    return c ? json(200, c) : nimError(404, `Certificate ${req.params.name} not found`);
  });
  route(router, 'PUT', '/certs/:name', (req) => {
    const b = req.body as { name?: unknown; certPEMDetails?: { publicCert?: unknown }; instanceRefs?: unknown } | undefined;
    if (req.bodyError || !b || !NAME.test(req.params.name)) return nimError(400, 'The body must be a certificate object and the name must be a simple name');
    const pem = b.certPEMDetails?.publicCert;
    if (typeof pem !== 'string' || !pem.includes('BEGIN CERTIFICATE')) return nimError(400, 'certPEMDetails.publicCert must hold a PEM certificate');
    const refs = Array.isArray(b.instanceRefs) ? b.instanceRefs.filter((r): r is string => typeof r === 'string') : [];
    const existed = store.certs.get(req.params.name);
    const now = ctx.now().toISOString();
    const cert = store.newCert(req.params.name, refs, existed?.createTime ?? now);
    cert.certPEMDetails.publicCert = pem;
    cert.updateTime = now;
    store.certs.set(req.params.name, cert);
    return json(existed ? 200 : 201, cert);
  });
  route(router, 'DELETE', '/certs/:name', (req) =>
    store.certs.delete(req.params.name) ? { status: 204, text: '' } : nimError(404, `Certificate ${req.params.name} not found`),
  );

  route(router, 'GET', '/users', (req) => listPage(ctx, req, 'users', () => [...store.users.values()]));
  route(router, 'GET', '/users/:name', (req) => {
    const u = store.users.get(req.params.name);
    return u ? json(200, u) : nimError(404, `User ${req.params.name} not found`);
  });
  route(router, 'POST', '/users', (req) => {
    const b = req.body as { metadata?: { name?: unknown; displayName?: unknown; description?: unknown }; userDef?: Record<string, unknown> } | undefined;
    const name = b?.metadata?.name;
    if (req.bodyError || typeof name !== 'string' || !NAME.test(name)) return nimError(400, 'metadata.name is required');
    if (store.users.has(name)) return nimError(409, `User ${name} already exists`);
    const def = b!.userDef ?? {};
    const roles = Array.isArray(def.roles) ? (def.roles as { ref?: unknown }[]) : [];
    const prefix = prefixOf(req);
    for (const r of roles) {
      const ref = typeof r?.ref === 'string' ? r.ref : '';
      if (!store.roles.has(ref.split('/').pop() ?? '')) return nimError(400, `Role ${ref || '(empty)'} does not exist`);
    }
    const user = {
      metadata: {
        name,
        displayName: typeof b!.metadata!.displayName === 'string' ? b!.metadata!.displayName : name,
        description: typeof b!.metadata!.description === 'string' ? b!.metadata!.description : '',
        createTime: ctx.now().toISOString(),
      },
      userDef: {
        email: typeof def.email === 'string' ? def.email : '',
        firstName: typeof def.firstName === 'string' ? def.firstName : '',
        lastName: typeof def.lastName === 'string' ? def.lastName : '',
        groups: [],
        roles: roles.map((r) => ({ ref: `${prefix}/roles/${String(r.ref).split('/').pop()}` })),
      },
    };
    store.users.set(name, user);
    return json(201, user);
  });
  route(router, 'DELETE', '/users/:name', (req) =>
    store.users.delete(req.params.name) ? { status: 204, text: '' } : nimError(404, `User ${req.params.name} not found`),
  );

  route(router, 'GET', '/roles', (req) => listPage(ctx, req, 'roles', () => [...store.roles.values()]));
  route(router, 'GET', '/roles/:name', (req) => {
    const r = store.roles.get(req.params.name);
    return r ? json(200, r) : nimError(404, `Role ${req.params.name} not found`);
  });
  route(router, 'PUT', '/roles/:name', (req) => {
    const b = req.body as { metadata?: { displayName?: unknown; description?: unknown }; roleDef?: { permissions?: unknown } } | undefined;
    if (req.bodyError || !b || !NAME.test(req.params.name)) return nimError(400, 'The body must be a role object');
    const perms = b.roleDef?.permissions;
    if (!Array.isArray(perms)) return nimError(400, 'roleDef.permissions must be an array');
    const existed = store.roles.get(req.params.name);
    const role = {
      metadata: {
        kind: 'role' as const,
        name: req.params.name,
        displayName: typeof b.metadata?.displayName === 'string' ? b.metadata.displayName : req.params.name,
        description: typeof b.metadata?.description === 'string' ? b.metadata.description : '',
        tags: [],
        createTime: existed?.metadata.createTime ?? ctx.now().toISOString(),
      },
      roleDef: { permissions: perms as never[] },
    };
    store.roles.set(req.params.name, role);
    return json(existed ? 200 : 201, role);
  });
}

function inCidr(ip: string, m: RegExpExecArray): boolean {
  const toInt = (parts: string[]) => parts.reduce((acc, p) => (acc << 8) + Number(p), 0) >>> 0;
  const bits = Number(m[5]);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(ip.split('.')) & mask) >>> 0) === ((toInt(m.slice(1, 5)) & mask) >>> 0);
}
