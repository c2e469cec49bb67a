import { tokenizeNginx, type NginxToken } from './tokenize';

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
  const { tokens, errors: lexErrors, lastLine } = tokenizeNginx(text);
  const errors: NginxParseError[] = lexErrors.map((e) => ({ ...e, file }));
  const report = (message: string, line: number, column?: number) => {
    if (errors.length < MAX_ERRORS) errors.push(column === undefined ? { message, line, file } : { message, line, column, file });
  };

  const root: NginxDirective[] = [];
  const stack: { directive: NginxDirective | undefined; children: NginxDirective[] }[] = [{ directive: undefined, children: root }];
  let words: Extract<NginxToken, { kind: 'word' }>[] = [];

  const current = () => stack[stack.length - 1];
  /** True when it reported (the caller then does not report the same directive again). */
  const checkContinuation = (): boolean => {
    for (let k = 1; k < words.length; k++) {
      const w = words[k];
      if (w.startsLine && !w.quoted && known.has(w.value) && words[k - 1].line < w.line) {
        const prev = words[k - 1];
        report(`directive "${words[0].value}" is not terminated by ";"`, prev.line, prev.column + prev.value.length);
        return true;
      }
    }
    return false;
  };
  const take = (): NginxDirective => {
    const [name, ...args] = words;
    words = [];
    return { name: name.value, args: args.map((a) => a.value), line: name.line, column: name.column };
  };

  for (const t of tokens) {
    if (t.kind === 'word') {
      words.push(t);
      continue;
    }
    if (t.kind === ';') {
      if (words.length === 0) {
        report('unexpected ";"', t.line, t.column);
        continue;
      }
      checkContinuation();
      const d = take();
      if (BLOCK_DIRECTIVES.has(d.name) && d.name !== 'server') report(`directive "${d.name}" has no opening "{"`, t.line, t.column);
      current().children.push(d);
      continue;
    }
    if (t.kind === '{') {
      if (words.length === 0) {
        report('unexpected "{"', t.line, t.column);
        // Keep the structure balanced so the matching "}" is not reported again.
        stack.push({ directive: undefined, children: [] });
        continue;
      }
      if (!checkContinuation() && simple.has(words[0].value)) report(`directive "${words[0].value}" is not terminated by ";"`, t.line, t.column);
      const d = take();
      d.block = [];
      current().children.push(d);
      stack.push({ directive: d, children: d.block });
      continue;
    }
    // '}'
    if (words.length > 0) {
      report('unexpected "}"', t.line, t.column);
      words = [];
    }
    if (stack.length === 1) report('unexpected "}"', t.line, t.column);
    else stack.pop();
  }

  if (words.length > 0) report('unexpected end of file, expecting ";" or "}"', lastLine);
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
