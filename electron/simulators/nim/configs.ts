import { createHash } from 'node:crypto';
import path from 'node:path';
import { Rng } from '../kit/rng';
import type { SimInstance } from './fleet';

export interface ConfigFileBytes {
  name: string;
  contents: Buffer;
}

export interface LiveConfig {
  rootDir: string;
  files: ConfigFileBytes[];
  auxRootDir: string;
  auxFiles: ConfigFileBytes[];
  updateTime: string;
  createTime: string;
  versionHash: string;
  externalId: string | null;
  externalIdType: 'git' | 'other';
}

/** The files of a publish or staged-config payload, decoded and checked. */
export interface DecodedPayload {
  rootDir: string;
  files: ConfigFileBytes[];
  auxRootDir: string;
  auxFiles: ConfigFileBytes[];
  updateTime?: string;
  ignoreConflict: boolean;
  externalId: string | null;
  externalIdType: 'git' | 'other';
}

/** Reads the real instance's files from disk; undefined for simulated instances. */
export type RealConfigReader = (inst: SimInstance) => { rootDir: string; files: ConfigFileBytes[] } | undefined;

const SEEDED_UPDATE = Date.parse('2025-09-01T00:00:00Z');

/** Each instance's live config: generated on first read for simulated ones, read from disk for real ones. */
export class ConfigStore {
  private readonly live = new Map<string, LiveConfig>();
  private readonly groups = new Map<string, LiveConfig>();

  constructor(
    private readonly seed: string,
    private readonly readReal: RealConfigReader,
  ) {}

  get(inst: SimInstance): LiveConfig {
    let cfg = this.live.get(inst.uid);
    if (!cfg) {
      cfg = this.seedConfig(inst);
      this.live.set(inst.uid, cfg);
    }
    const real = this.readReal(inst);
    if (real) {
      cfg.files = real.files;
      cfg.rootDir = real.rootDir;
      cfg.versionHash = versionHash(cfg.files, cfg.auxFiles);
    }
    return cfg;
  }

  /** Records a successful publish (the files are already on disk for real instances). */
  commit(inst: SimInstance, p: DecodedPayload, now: Date): LiveConfig {
    const cfg = this.get(inst);
    if (!this.readReal(inst)) {
      const byName = new Map(cfg.files.map((f) => [f.name, f]));
      for (const f of p.files) byName.set(f.name, f);
      cfg.files = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    }
    if (p.auxFiles.length) {
      const aux = new Map(cfg.auxFiles.map((f) => [f.name, f]));
      for (const f of p.auxFiles) aux.set(f.name, f);
      cfg.auxFiles = [...aux.values()];
    }
    cfg.versionHash = versionHash(cfg.files, cfg.auxFiles);
    cfg.updateTime = now.toISOString();
    cfg.externalId = p.externalId;
    cfg.externalIdType = p.externalIdType;
    return this.get(inst);
  }

  /**
   * An instance group's config: on first read, a copy of its first member's (or a seeded one). Its files are
   * named under its own rootDir; publishing places them under each member's rootDir.
   */
  getGroup(groupUid: string, firstMember: SimInstance | undefined, createTime: string): LiveConfig {
    let cfg = this.groups.get(groupUid);
    if (!cfg) {
      const from = firstMember ? this.get(firstMember) : undefined;
      cfg = from
        ? { ...from, files: [...from.files], auxFiles: [...from.auxFiles], createTime }
        : { ...this.seedConfig({ index: 0, displayName: groupUid, registrationTime: createTime } as SimInstance), createTime };
      this.groups.set(groupUid, cfg);
    }
    return cfg;
  }

  commitGroup(groupUid: string, p: DecodedPayload, now: Date): void {
    const cfg = this.groups.get(groupUid);
    if (!cfg) return;
    cfg.files = [...p.files].sort((a, b) => a.name.localeCompare(b.name));
    cfg.rootDir = p.rootDir;
    if (p.auxFiles.length) cfg.auxFiles = p.auxFiles;
    cfg.versionHash = versionHash(cfg.files, cfg.auxFiles);
    cfg.updateTime = now.toISOString();
    cfg.externalId = p.externalId;
    cfg.externalIdType = p.externalIdType;
  }

  touchGroup(groupUid: string, now: Date): string | undefined {
    const cfg = this.groups.get(groupUid);
    if (!cfg) return undefined;
    cfg.updateTime = new Date(Math.max(now.getTime(), Date.parse(cfg.updateTime) + 1)).toISOString();
    return cfg.updateTime;
  }

  /** Someone edited the config on the host: the live updateTime moves on (for conflict tests). */
  touch(inst: SimInstance, now: Date): LiveConfig {
    const cfg = this.get(inst);
    cfg.updateTime = now.toISOString();
    cfg.externalId = null;
    cfg.externalIdType = 'other';
    return cfg;
  }

  private seedConfig(inst: SimInstance): LiveConfig {
    const rng = new Rng(`nim:config:${this.seed}:${inst.index}`);
    const updated = new Date(SEEDED_UPDATE + rng.int(0, 90 * 86_400) * 1000).toISOString();
    const rootDir = '/etc/nginx';
    // Every file nginx.conf includes is part of the config, as NIM reports it (mime.types too).
    const files: ConfigFileBytes[] = [
      { name: '/etc/nginx/conf.d/default.conf', contents: Buffer.from(siteConf(inst.displayName, rng.int(8000, 8999))) },
      { name: '/etc/nginx/mime.types', contents: Buffer.from(mimeTypes()) },
      { name: '/etc/nginx/nginx.conf', contents: Buffer.from(mainConf()) },
    ];
    return {
      rootDir,
      files,
      auxRootDir: '/',
      auxFiles: [],
      updateTime: updated,
      createTime: inst.registrationTime,
      versionHash: versionHash(files, []),
      externalId: null,
      externalIdType: 'other',
    };
  }
}

export function versionHash(files: ConfigFileBytes[], aux: ConfigFileBytes[]): string {
  const h = createHash('sha256');
  for (const f of [...files, ...aux]) {
    h.update(f.name);
    h.update('\0');
    h.update(f.contents);
    h.update('\0');
  }
  return h.digest('hex');
}

export function encodeFiles(files: ConfigFileBytes[]): { name: string; contents: string }[] {
  return files.map((f) => ({ name: f.name, contents: f.contents.toString('base64') }));
}

/**
 * Decodes `configFiles` / `auxFiles` of a payload. Returns a message for the 400 when a file has no
 * absolute name, lies outside its rootDir, or its contents are not base64.
 */
export function decodePayload(body: unknown, defaultRootDir: string): DecodedPayload | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The request body must be a JSON object';
  const b = body as Record<string, unknown>;
  const cf = b.configFiles as Record<string, unknown> | undefined;
  if (!cf || typeof cf !== 'object' || !Array.isArray(cf.files)) return 'configFiles.files is required and must be an array';
  const rootDir = typeof cf.rootDir === 'string' && cf.rootDir ? cf.rootDir : defaultRootDir;
  const files = decodeList(cf.files, rootDir, 'configFiles');
  if (typeof files === 'string') return files;
  if (files.length === 0) return 'configFiles.files must contain at least one file';
  const af = b.auxFiles as Record<string, unknown> | undefined;
  const auxRootDir = af && typeof af.rootDir === 'string' && af.rootDir ? af.rootDir : '/';
  const auxFiles = af && Array.isArray(af.files) ? decodeList(af.files, auxRootDir, 'auxFiles') : [];
  if (typeof auxFiles === 'string') return auxFiles;
  if (b.updateTime !== undefined && (typeof b.updateTime !== 'string' || Number.isNaN(Date.parse(b.updateTime)))) {
    return 'updateTime must be an RFC3339 timestamp';
  }
  if (b.externalId !== undefined && b.externalId !== null && (typeof b.externalId !== 'string' || b.externalId.length < 1 || b.externalId.length > 150)) {
    return 'externalId must be a string of 1 to 150 characters';
  }
  return {
    rootDir,
    files,
    auxRootDir,
    auxFiles,
    updateTime: b.updateTime as string | undefined,
    ignoreConflict: b.ignoreConflict === true,
    externalId: typeof b.externalId === 'string' ? b.externalId : null,
    externalIdType: b.externalIdType === 'git' ? 'git' : 'other',
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeList(list: unknown[], rootDir: string, field: string): ConfigFileBytes[] | string {
  const out: ConfigFileBytes[] = [];
  for (const [i, f] of list.entries()) {
    const file = f as { name?: unknown; contents?: unknown };
    if (!file || typeof file.name !== 'string' || !path.posix.isAbsolute(file.name)) return `${field}.files[${i}].name must be an absolute path`;
    const rel = path.posix.relative(rootDir, path.posix.normalize(file.name));
    if (rootDir !== '/' && (rel.startsWith('..') || path.posix.isAbsolute(rel) || rel === '')) {
      return `${field}.files[${i}].name ${file.name} is not under rootDir ${rootDir}`;
    }
    const contents = typeof file.contents === 'string' ? file.contents.replace(/\s+/g, '') : undefined;
    if (contents === undefined || contents.length % 4 !== 0 || !BASE64.test(contents)) return `${field}.files[${i}].contents must be base64`;
    out.push({ name: path.posix.normalize(file.name), contents: Buffer.from(contents, 'base64') });
  }
  return out;
}

function mimeTypes(): string {
  return `types {
    text/html                                        html htm shtml;
    text/css                                         css;
    text/plain                                       txt;
    application/javascript                           js;
    application/json                                 json;
    image/png                                        png;
    image/svg+xml                                    svg svgz;
    application/octet-stream                         bin exe dll;
}
`;
}

function mainConf(): string {
  return `user nginx;
worker_processes auto;
error_log /var/log/nginx/error.log notice;
pid /var/run/nginx.pid;

events {
    worker_connections 1024;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    include /etc/nginx/conf.d/*.conf;
}
`;
}

function siteConf(host: string, appPort: number): string {
  return `upstream app {
    server 127.0.0.1:${appPort};
}

server {
    listen 80;
    server_name ${host};

    location / {
        proxy_pass http://app;
        proxy_set_header Host $host;
    }

    location = /nginx_status {
        stub_status;
        allow 127.0.0.1;
        deny all;
    }
}
`;
}
