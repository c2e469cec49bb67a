import { types } from 'node:util';

/** How deep and how large an input may be before it is refused (far beyond any real form or CLI call). */
const MAX_DEPTH = 32;
const MAX_NODES = 100_000;

/**
 * Why `value` is not plain data — a Proxy, a property behind a getter or setter, an object that is not a plain
 * object or array, a cycle, or too deep/large — or undefined when it is plain. Reads only own data properties, so
 * nothing the caller put in can run code here; anything that throws anyway is reported, not rethrown.
 */
export function notPlainData(value: unknown): string | undefined {
  let nodes = 0;
  const seen = new Set<object>();
  const visit = (v: unknown, path: string, depth: number): string | undefined => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') return `${path || '(root)'}: a function is not data`;
      if (typeof v === 'symbol') return `${path || '(root)'}: a symbol is not data`;
      return undefined;
    }
    if (types.isProxy(v)) return `${path || '(root)'}: a Proxy is not accepted`;
    if (++nodes > MAX_NODES) return 'the input is too large';
    if (depth > MAX_DEPTH) return `${path || '(root)'}: nested too deeply`;
    if (seen.has(v)) return `${path || '(root)'}: a cycle is not accepted`;
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return `${path || '(root)'}: only plain objects and arrays are accepted`;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key === 'symbol') return `${path || '(root)'}: symbol keys are not accepted`;
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (!d) continue;
      const at = path ? `${path}.${key}` : key;
      if (d.get || d.set) return `${at}: a getter or setter is not accepted`;
      const why = visit(d.value, at, depth + 1);
      if (why) return why;
    }
    seen.delete(v);
    return undefined;
  };
  try {
    return visit(value, '', 0);
  } catch {
    return 'the input could not be read';
  }
}
