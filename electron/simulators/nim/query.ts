/**
 * The query language of NIM's analytics APIs: times (`now`, `now-3h`, `-30m`, RFC3339), durations
 * (`5m`, `1h`) and filters (`system_id='a' AND (nginx_id in ('x','y') OR hostname='web*')`).
 */
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

export function parseDuration(s: string): number | undefined {
  const m = /^(\d+)([smhdwMy])$/.exec(s.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

/** A time parameter in ms, or undefined when it is not one of the documented forms. */
export function parseTime(s: string, now: number): number | undefined {
  const t = s.trim();
  if (t === 'now') return now;
  const rel = /^(now)?([+-])(\d+)([smhdwMy])$/.exec(t);
  if (rel) return now + (rel[2] === '-' ? -1 : 1) * Number(rel[3]) * UNIT_MS[rel[4]];
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

export type Dimensions = Record<string, string>;
export type Predicate = (d: Dimensions) => boolean;

/** Compiles a filter expression; throws an Error with a readable message when it does not parse. */
export function compileFilter(src: string): Predicate {
  const tokens = lex(src);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expectTok = (v: string) => {
    const t = next();
    if (!t || t.v.toLowerCase() !== v) throw new Error(`expected "${v}" in filter at "${t?.v ?? 'end'}"`);
  };

  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek() && peek().kind === 'word' && peek().v.toLowerCase() === 'or') {
      next();
      const l = left;
      const r = andExpr();
      left = (d) => l(d) || r(d);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = primary();
    while (peek() && peek().kind === 'word' && peek().v.toLowerCase() === 'and') {
      next();
      const l = left;
      const r = primary();
      left = (d) => l(d) && r(d);
    }
    return left;
  };
  const list = (): string[] => {
    expectTok('(');
    const out: string[] = [];
    while (peek() && peek().v !== ')') {
      const t = next();
      if (t.v !== ',') out.push(t.v);
    }
    expectTok(')');
    return out;
  };
  const primary = (): Predicate => {
    const t = next();
    if (!t) throw new Error('filter ends too early');
    if (t.v === '(' && t.kind === 'punct') {
      const inner = orExpr();
      expectTok(')');
      return inner;
    }
    if (t.kind !== 'word') throw new Error(`unexpected "${t.v}" in filter`);
    const dim = t.v;
    const op = next();
    if (!op) throw new Error(`filter predicate on "${dim}" has no operator`);
    const opv = op.v.toLowerCase();
    if (opv === 'in' || opv === 'not') {
      const values = list();
      const inList = (d: Dimensions) => values.some((v) => wildcard(v)(d[dim] ?? ''));
      return opv === 'in' ? inList : (d) => !inList(d);
    }
    if (op.kind !== 'op') throw new Error(`unknown operator "${op.v}" in filter`);
    const valueTok = next();
    if (!valueTok || valueTok.kind === 'punct' || valueTok.kind === 'op') throw new Error(`filter predicate on "${dim}" has no value`);
    const value = valueTok.v;
    const match = wildcard(value);
    switch (op.v) {
      case '=':
        return (d) => match(d[dim] ?? '');
      case '!=':
        return (d) => !match(d[dim] ?? '');
      default:
        return (d) => compare(d[dim] ?? '', value, op.v);
    }
  };

  const pred = orExpr();
  if (i < tokens.length) throw new Error(`unexpected "${tokens[i].v}" in filter`);
  return pred;
}

type Tok = { kind: 'word' | 'string' | 'op' | 'punct'; v: string };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new Error('unclosed quote in filter');
      out.push({ kind: 'string', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'punct', v: c });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = src.slice(i, i + 2);
      const op = ['!=', '>=', '<='].includes(two) ? two : c;
      if (op === '!') throw new Error('unknown operator "!" in filter');
      out.push({ kind: 'op', v: op });
      i += op.length;
    } else {
      let j = i;
      while (j < src.length && !/[\s'"(),=!<>]/.test(src[j])) j++;
      out.push({ kind: 'word', v: src.slice(i, j) });
      i = j;
    }
  }
  return out;
}

function wildcard(pattern: string): (v: string) => boolean {
  if (!pattern.includes('*')) return (v) => v === pattern;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (v) => re.test(v);
}

function compare(a: string, b: string, op: string): boolean {
  const na = Number(a);
  const nb = Number(b);
  const numeric = a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb);
  const x = numeric ? na : a;
  const y = numeric ? nb : b;
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  return x >= y;
}
