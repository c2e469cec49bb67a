import { scanNginx } from './tokenize';

/** One directive of an NGINX config, with its block when it opens one (crossplane-like). */
export interface NginxDirective {
  name: string;
  args: string[];
  line: number;
  /** Column of the directive's name (1-based). */
  column: number;
  block?: NginxDirective[];
}

export interface NginxParseError {
  /** nginx-style text without the location ("unexpected \"}\""). */
  message: string;
  line: number;
  /** 1-based, where the token that gave it away starts (absent for end-of-file and lexer errors). */
  column?: number;
  file: string;
}

export interface NginxParseResult {
  ok: boolean;
  directives: NginxDirective[];
  errors: NginxParseError[];
}

/** Directives that open a block in the core and the modules shipped with common builds. */
export const BLOCK_DIRECTIVES: ReadonlySet<string> = new Set([
  'http',
  'events',
  'server',
  'location',
  'upstream',
  'map',
  'geo',
  'types',
  'if',
  'limit_except',
  'split_clients',
  'stream',
  'mail',
  'match',
  'charset_map',
]);

/**
 * Common directives that never take a block. A line that starts with one of them in the middle of
 * another directive's arguments almost always means the previous line lost its ";".
 */
export const SIMPLE_DIRECTIVES: ReadonlySet<string> = new Set([
  'access_log',
  'add_header',
  'alias',
  'allow',
  'auth_basic',
  'client_max_body_size',
  'default_type',
  'deny',
  'error_log',
  'error_page',
  'expires',
  'fastcgi_pass',
  'gzip',
  'include',
  'index',
  'keepalive_timeout',
  'listen',
  'pid',
  'proxy_pass',
  'proxy_read_timeout',
  'proxy_set_header',
  'resolver',
  'return',
  'rewrite',
  'root',
  'sendfile',
  'server_name',
  'ssl_certificate',
  'ssl_certificate_key',
  'stub_status',
  'try_files',
  'user',
  'worker_connections',
  'worker_processes',
]);

const MAX_ERRORS = 20;

/** Parses one config file into directives and reports structural errors with line numbers, as nginx words them. */
export function parseNginx(
  text: string,
  options: {
    file?: string;
    /** Directives that never open a block (default: a built-in list of common ones). */
    simpleDirectives?: ReadonlySet<string>;
    /** Every directive name: one starting a line inside another directive's arguments means a missing ";". */
    knownDirectives?: ReadonlySet<string>;
  } = {},
): NginxParseResult {
  const file = options.file ?? 'nginx.conf';
  const simple = options.simpleDirectives ?? SIMPLE_DIRECTIVES;
  const known = options.knownDirectives ?? simple;
  const errors: NginxParseError[] = [];
  const report = (message: string, line: number, column?: number) => {
    if (errors.length < MAX_ERRORS) errors.push(column === undefined ? { message, line, file } : { message, line, column, file });
  };

  const root: NginxDirective[] = [];
  const stack: { directive: NginxDirective | undefined; children: NginxDirective[] }[] = [{ directive: undefined, children: root }];
  // The words of the directive being read, in parallel arrays reused across directives (no object per word).
  const wv: string[] = [];
  const wl: number[] = [];
  const wc: number[] = [];
  const wq: boolean[] = [];
  const ws: boolean[] = [];
  let nw = 0;

  const current = () => stack[stack.length - 1];
  /** True when it reported (the caller then does not report the same directive again). */
  const checkContinuation = (): boolean => {
    for (let k = 1; k < nw; k++) {
      if (ws[k] && !wq[k] && wl[k - 1] < wl[k] && known.has(wv[k])) {
        report(`directive "${wv[0]}" is not terminated by ";"`, wl[k - 1], wc[k - 1] + wv[k - 1].length);
        return true;
      }
    }
    return false;
  };
  const take = (): NginxDirective => {
    const d: NginxDirective = { name: wv[0], args: wv.slice(1, nw), line: wl[0], column: wc[0] };
    nw = 0;
    return d;
  };

  const { errors: lexErrors, lastLine } = scanNginx(text, {
    word(value, quoted, line, column, startsLine) {
      wv[nw] = value;
      wl[nw] = line;
      wc[nw] = column;
      wq[nw] = quoted;
      ws[nw] = startsLine;
      nw++;
    },
    punct(kind, line, column) {
      if (kind === ';') {
        if (nw === 0) {
          report('unexpected ";"', line, column);
          return;
        }
        checkContinuation();
        const d = take();
        if (BLOCK_DIRECTIVES.has(d.name) && d.name !== 'server') report(`directive "${d.name}" has no opening "{"`, line, column);
        current().children.push(d);
        return;
      }
      if (kind === '{') {
        if (nw === 0) {
          report('unexpected "{"', line, column);
          // Keep the structure balanced so the matching "}" is not reported again.
          stack.push({ directive: undefined, children: [] });
          return;
        }
        if (!checkContinuation() && simple.has(wv[0])) report(`directive "${wv[0]}" is not terminated by ";"`, line, column);
        const d = take();
        d.block = [];
        current().children.push(d);
        stack.push({ directive: d, children: d.block });
        return;
      }
      // '}'
      if (nw > 0) {
        report('unexpected "}"', line, column);
        nw = 0;
      }
      if (stack.length === 1) report('unexpected "}"', line, column);
      else stack.pop();
    },
  });
  for (const e of lexErrors) if (errors.length < MAX_ERRORS) errors.push({ ...e, file });

  if (nw > 0) report('unexpected end of file, expecting ";" or "}"', lastLine);
  if (stack.length > 1) {
    const open = stack[stack.length - 1].directive;
    const where = open ? ` (block "${open.name}" opened on line ${open.line} is not closed)` : '';
    report(`unexpected end of file, expecting "}"${where}`, lastLine);
  }
  errors.sort((a, b) => a.line - b.line);
  return { ok: errors.length === 0, directives: root, errors };
}

/** "unexpected \"}\" in /etc/nginx/nginx.conf:12", the way nginx -t prints a location. */
export function formatNginxError(e: NginxParseError): string {
  return `${e.message} in ${e.file}:${e.line}`;
}

/** Walks every directive depth-first with its parent chain (for lints and lookups). */
export function* walkNginx(directives: NginxDirective[], parents: NginxDirective[] = []): Generator<{ directive: NginxDirective; parents: NginxDirective[] }> {
  for (const d of directives) {
    yield { directive: d, parents };
    if (d.block) yield* walkNginx(d.block, [...parents, d]);
  }
}
