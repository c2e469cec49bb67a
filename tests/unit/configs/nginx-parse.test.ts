import { describe, expect, it } from 'vitest';
import { formatNginxError, parseNginx, walkNginx } from '../../../electron/main/core/configs/nginx/parse';

const GOOD = `# main context
user root;
worker_processes 1;
events { worker_connections 64; }
http {
    log_format main '$remote_addr - "$request" '
                    '$status \${body_bytes_sent}';
    server {
        listen 127.0.0.1:8080;
        location = /x { return 200 "a;b {c}\\n"; }
        location ~ ^/(img|css)/ { root html; }
    }
    upstream app { server 10.0.0.1:80; server 10.0.0.2:80 backup; }
}
`;

describe('parseNginx', () => {
  it('builds the block structure of a valid config', () => {
    const r = parseNginx(GOOD);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.directives.map((d) => d.name)).toEqual(['user', 'worker_processes', 'events', 'http']);
    const http = r.directives[3];
    expect(http.line).toBe(5);
    const server = http.block!.find((d) => d.name === 'server')!;
    expect(server.block!.map((d) => d.name)).toEqual(['listen', 'location', 'location']);
    const ret = server.block![1].block![0];
    expect(ret).toMatchObject({ name: 'return', args: ['200', 'a;b {c}\\n'], line: 10 });
    const logFormat = http.block![0];
    expect(logFormat.args).toEqual(['main', '$remote_addr - "$request" ', '$status ${body_bytes_sent}']);
    const names = [...walkNginx(r.directives)].map((w) => w.directive.name);
    expect(names.filter((n) => n === 'server')).toHaveLength(3);
  });

  it('reports an unexpected closing brace with its line', () => {
    const r = parseNginx('events {}\nhttp {\n  server {}\n}\n}\n', { file: '/etc/nginx/nginx.conf' });
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(formatNginxError(r.errors[0])).toBe('unexpected "}" in /etc/nginx/nginx.conf:5');
  });

  it('reports a block left open at end of file and where it was opened', () => {
    const r = parseNginx('http {\n  server {\n    listen 80;\n');
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toContain('unexpected end of file, expecting "}"');
    expect(r.errors[0].message).toContain('block "server" opened on line 2');
    expect(r.errors[0].line).toBe(4);
  });

  it('reports a missing semicolon before a closing brace', () => {
    const r = parseNginx('http {\n  server {\n    listen 80\n  }\n}\n');
    expect(r.errors.map(formatNginxError)).toEqual(['unexpected "}" in nginx.conf:4']);
  });

  it('reports a missing semicolon when the next line starts another directive', () => {
    const r = parseNginx('http {\n  server {\n    listen 80\n    server_name example.com;\n  }\n}\n');
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ message: 'directive "listen" is not terminated by ";"', line: 3 });
  });

  it('reports a simple directive that opens a block and a block directive without one', () => {
    expect(parseNginx('listen 80 {\n}\n').errors[0]).toMatchObject({ message: 'directive "listen" is not terminated by ";"', line: 1 });
    expect(parseNginx('events {}\nhttp;\n').errors[0]).toMatchObject({ message: 'directive "http" has no opening "{"', line: 2 });
  });

  it('reports a missing semicolon at end of file and an unclosed quote', () => {
    expect(parseNginx('worker_processes 1').errors[0].message).toBe('unexpected end of file, expecting ";" or "}"');
    const q = parseNginx('http {\n  return 200 "oops;\n}\n');
    expect(q.ok).toBe(false);
    expect(q.errors[0]).toMatchObject({ line: 2 });
    expect(q.errors[0].message).toContain('quote');
  });

  it('ignores braces and semicolons inside comments', () => {
    const r = parseNginx('# } ; {\nevents { } # trailing }\n');
    expect(r.ok).toBe(true);
    expect(r.directives).toHaveLength(1);
  });
});
