import { beforeAll, describe, expect, it } from 'vitest';
import { argRange, loadReference, type DirectiveReference } from '../../../electron/main/core/configs/reference';
import { lintConfig } from '../../../electron/main/core/configs/lint';
import { diffFiles, mergeThreeWay } from '../../../electron/main/core/configs/diff';

let ref: DirectiveReference;
beforeAll(async () => {
  ref = await loadReference();
});

const MAIN = '/etc/nginx/nginx.conf';
const lint = (text: string, extra: { name: string; contents: string }[] = []) => lintConfig([{ name: MAIN, contents: text }, ...extra], ref, '/etc/nginx');
const rules = (text: string, extra: { name: string; contents: string }[] = []) => lint(text, extra).problems.map((p) => `${p.rule}@${p.line}:${p.column}`);

describe('argRange from the reference syntax', () => {
  it('counts required, optional, alternative and repeated arguments', () => {
    expect(argRange('*`code`* [*`text`*]')).toEqual([1, 2]);
    expect(argRange('*`name`* ...')).toEqual([1, Infinity]);
    expect(argRange('`on` | `off`')).toEqual([1, 1]);
    expect(argRange('')).toEqual([0, 0]);
    expect(argRange('`{...}`')).toEqual([0, 0]);
    expect(ref.spec('proxy_set_header')).toMatchObject({ minArgs: 2, maxArgs: 2 });
  });
});

describe('lintConfig', () => {
  const good = `user nginx;
worker_processes auto;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    include /etc/nginx/conf.d/*.conf;
    server {
        listen 80;
        server_name example.com;
        location / { proxy_pass http://127.0.0.1:8080; proxy_set_header Host $host; }
        location = /s { stub_status; allow 127.0.0.1; deny all; }
        if ($request_method = POST) { return 405; }
    }
}
`;
  const mime = { name: '/etc/nginx/mime.types', contents: 'types {\n    text/html html htm;\n}\n' };
  const site = { name: '/etc/nginx/conf.d/app.conf', contents: 'server {\n    listen 8080;\n    server_name app;\n    return 200 ok;\n}\n' };

  it('passes a valid multi-file config and lists its directives', () => {
    const r = lint(good, [mime, site]);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.directives).toContain('proxy_set_header');
  });

  it('reports an unknown directive with line and column', () => {
    const r = lint(good.replace('sendfile', '').replace('user nginx;', 'user nginx;\n  frobnicate on;'), [mime, site]);
    expect(r.problems).toEqual([
      { file: MAIN, line: 2, column: 3, endColumn: 13, severity: 'error', rule: 'unknown-directive', directive: 'frobnicate', message: 'unknown directive "frobnicate"' },
    ]);
  });

  it('reports a directive in the wrong context, also through an include', () => {
    expect(rules(good.replace('worker_processes auto;', 'worker_processes auto;\nlisten 80;'), [mime, site])).toEqual(['context@3:1']);
    const badSite = { ...site, contents: site.contents.replace('return 200 ok;', 'worker_connections 10;') };
    const r = lint(good, [mime, badSite]);
    expect(r.problems.map((p) => [p.file, p.rule, p.message])).toEqual([[badSite.name, 'context', '"worker_connections" directive is not allowed here (in "server")']]);
  });

  it('reports a wrong number of arguments', () => {
    const r = lint(good.replace('proxy_set_header Host $host;', 'proxy_set_header Host;'), [mime, site]);
    expect(r.problems.map((p) => p.message)).toEqual(['invalid number of arguments in "proxy_set_header" directive (1; expected 2)']);
  });

  it('reports unbalanced braces and a missing semicolon', () => {
    expect(rules(good.replace('events { worker_connections 1024; }', 'events { worker_connections 1024; }}'), [mime, site])).toEqual(['syntax@3:36']);
    expect(lint(good.replace('http {', 'http {{'), [mime, site]).problems[0]).toMatchObject({ rule: 'syntax', line: 4, message: 'unexpected "{"' });
    expect(lint(good.slice(0, -2), [mime, site]).problems.at(-1)).toMatchObject({ rule: 'syntax', message: expect.stringContaining('unexpected end of file') });
    const semi = lint(good.replace('server_name example.com;', 'server_name example.com'), [mime, site]).problems;
    expect(semi[0]).toMatchObject({ rule: 'syntax', line: 9, message: 'directive "server_name" is not terminated by ";"' });
  });

  it('warns about duplicate listen/server_name pairs, also across files (in include order, as nginx reads them)', () => {
    const dup = { name: '/etc/nginx/conf.d/dup.conf', contents: 'server {\n    listen 80;\n    server_name example.com;\n}\n' };
    const r = lint(good, [mime, site, dup]);
    expect(r.problems).toEqual([
      expect.objectContaining({ file: MAIN, line: 9, severity: 'warning', rule: 'duplicate-server', message: expect.stringContaining(`conflicting server name "example.com" on *:80, also defined in ${dup.name}:3`) }),
    ]);
  });

  it('reports duplicate exact and prefix locations in one server or location, as nginx -t does, also through an include', () => {
    const server = (body: string) => `events {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`;
    // Same path, same kind: plain and ^~ are both prefix locations; "=" is its own kind.
    expect(rules(server('        location /a { return 200; }\n        location /a { return 201; }\n'))).toEqual(['duplicate-location@6:9']);
    expect(rules(server('        location /a { return 200; }\n        location ^~ /a { return 201; }\n'))).toEqual(['duplicate-location@6:9']);
    expect(rules(server('        location = /a { return 200; }\n        location =/a { return 201; }\n'))).toEqual(['duplicate-location@6:9']);
    const dup = lint(server('        location /api/ { return 200; }\n        location /api/ { return 201; }\n')).problems[0];
    expect(dup).toMatchObject({ severity: 'error', directive: 'location', message: `duplicate location "/api/", also defined in ${MAIN}:5` });
    // Not duplicates: exact beside prefix, regular expressions, named locations, other servers, other parents.
    expect(rules(server('        location = /a { return 200; }\n        location /a { return 201; }\n'))).toEqual([]);
    expect(rules(server('        location ~ ^/a { return 200; }\n        location ~ ^/a { return 201; }\n        location ~* x { return 200; }\n        location ~* x { return 200; }\n'))).toEqual([]);
    expect(rules(server('        location @up { return 200; }\n        location @down { return 201; }\n'))).toEqual([]);
    expect(rules(server('        location /a { location /a/b { return 200; } }\n        location /c { location /a/b { return 201; } }\n'))).toEqual([]);
    const twoServers = `events {}\nhttp {\n    server { listen 80; location /a { return 200; } }\n    server { listen 81; location /a { return 200; } }\n}\n`;
    expect(rules(twoServers)).toEqual([]);
    // Nested: the same path twice inside one location is a duplicate there.
    expect(rules(server('        location /a {\n            location /a/b { return 200; }\n            location /a/b { return 201; }\n        }\n'))).toEqual(['duplicate-location@7:13']);
    // A location in an included snippet meets the server's own.
    const snippet = { name: '/etc/nginx/snippets/health.conf', contents: 'location /health { return 200; }\n' };
    const r = lint(server('        include /etc/nginx/snippets/health.conf;\n        location /health { return 204; }\n'), [snippet]);
    expect(r.problems).toEqual([
      expect.objectContaining({ file: MAIN, line: 6, rule: 'duplicate-location', message: `duplicate location "/health", also defined in ${snippet.name}:1` }),
    ]);
  });

  it('reports an include of a file that is not part of the config (a glob with no match is fine)', () => {
    expect(rules(good, [site])).toEqual(['missing-include@5:5']);
    expect(rules(good, [mime])).toEqual([]);
  });

  it('lints 20,000 lines', () => {
    const body = Array.from({ length: 2000 }, (_, i) => `server {\n  listen ${1000 + i};\n  server_name a${i};\n  location / {\n    proxy_pass http://x;\n    proxy_set_header Host $host;\n  }\n  return 200;\n}\n`).join('');
    const r = lintConfig([{ name: MAIN, contents: `events {}\nhttp {\n${body}}\n` }], ref);
    expect(r.problems).toEqual([]);
  });
});

describe('diff and three-way merge', () => {
  it('diffs per file: modified, added, removed, unchanged', () => {
    const d = diffFiles(
      [{ name: '/a', contents: 'x\ny\n' }, { name: '/b', contents: 'b\n' }, { name: '/c', contents: 'c\n' }],
      [{ name: '/a', contents: 'x\nz\n' }, { name: '/c', contents: 'c\n' }, { name: '/d', contents: 'd\n' }],
    );
    expect(d.files.map((f) => `${f.name}:${f.change}:+${f.added}-${f.removed}`)).toEqual(['/a:modified:+1-1', '/b:removed:+0-1', '/c:unchanged:+0-0', '/d:added:+1-0']);
    expect(d.unified).toContain('--- a/a\tlive\n+++ b/a\tdraft\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n');
    expect(d.unified).toContain('+++ /dev/null');
  });

  it('merges non-overlapping changes cleanly and marks overlapping ones', () => {
    const base = [{ name: '/n', contents: 'a\nb\nc\nd\ne\n' }];
    const clean = mergeThreeWay(base, [{ name: '/n', contents: 'a\nB\nc\nd\ne\n' }], [{ name: '/n', contents: 'a\nb\nc\nd\nE\n' }]);
    expect(clean).toEqual({ conflicts: 0, files: [expect.objectContaining({ conflict: false, merged: 'a\nB\nc\nd\nE\n' })] });
    const clash = mergeThreeWay(base, [{ name: '/n', contents: 'a\nLIVE\nc\nd\ne\n' }], [{ name: '/n', contents: 'a\nDRAFT\nc\nd\ne\n' }]);
    expect(clash.conflicts).toBe(1);
    expect(clash.files[0].merged).toBe('a\n<<<<<<< draft\nDRAFT\n||||||| base\nb\n=======\nLIVE\n>>>>>>> live\nc\nd\ne\n');
  });

  it('merges scattered edits of a large config with many identical lines (each side\'s edits kept, adjacent ones too)', () => {
    const block = (i: number, tag: string) => `server {\n    listen ${i};\n    add_header X "${tag}";\n}\n`;
    const make = (f: (i: number) => string) => Array.from({ length: 500 }, (_, i) => block(i, f(i))).join('');
    const base = make(() => 'base');
    const draft = make((i) => (i % 50 === 3 || i === 100 ? 'draft' : 'base'));
    const live = make((i) => (i % 50 === 28 || i === 101 ? 'live' : 'base'));
    const expected = make((i) => (i % 50 === 3 || i === 100 ? 'draft' : i % 50 === 28 || i === 101 ? 'live' : 'base'));
    const r = mergeThreeWay([{ name: '/n', contents: base }], [{ name: '/n', contents: live }], [{ name: '/n', contents: draft }]);
    expect(r.conflicts).toBe(0);
    expect(r.files[0].merged).toBe(expected);
  });
});
