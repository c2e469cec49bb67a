/**
 * What a view costs the renderer at first load: the entry chunk (index.html's module script) plus everything
 * it imports statically, plus the view's route chunk and its static imports — gzip-compressed, as shipped.
 * Dynamic imports (other views, the config editor) are not counted: they load when their view opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const STATIC_IMPORT = /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["']\.\/([^"']+\.js)["']\s*\)/g;

function staticClosure(dir: string, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) visit(m[1]);
  };
  roots.forEach(visit);
  return seen;
}

export interface ViewCost {
  view: string;
  files: number;
  bytes: number;
  gzip: number;
}

/** The initial JS of `view` (a file name prefix such as "FleetView") in a built renderer (out/renderer). */
export function viewCost(rendererDir: string, view: string): ViewCost {
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('no module script in index.html');
  const assets = path.join(rendererDir, 'assets');
  const entryText = fs.readFileSync(path.join(assets, entry), 'utf8');
  const routeChunk = [...entryText.matchAll(DYNAMIC_IMPORT)].map((m) => m[1]).find((f) => f.startsWith(`${view}-`));
  // The landing view is imported statically (it is part of the entry's closure), the others load as routes.
  const files = staticClosure(assets, routeChunk ? [entry, routeChunk] : [entry]);
  let bytes = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = fs.readFileSync(path.join(assets, f));
    bytes += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { view, files: files.size, bytes, gzip };
}

/** Everything the Configs view loads once a config is opened (its whole static + dynamic closure minus the fleet's). */
export function lazyCost(rendererDir: string, view: string, base: string): ViewCost {
  const assets = path.join(rendererDir, 'assets');
  const baseFiles = staticClosureOf(rendererDir, base);
  const all = new Set<string>();
  const visit = (file: string) => {
    if (all.has(file)) return;
    all.add(file);
    const text = fs.readFileSync(path.join(assets, file), 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) visit(m[1]);
    for (const m of text.matchAll(DYNAMIC_IMPORT)) if (!m[1].match(/^(Fleet|Nodes|Activity|Accounts|Settings)View-/)) visit(m[1]);
  };
  for (const f of staticClosureOf(rendererDir, view)) visit(f);
  let bytes = 0;
  let gzip = 0;
  let files = 0;
  for (const f of all) {
    if (baseFiles.has(f)) continue;
    const buf = fs.readFileSync(path.join(assets, f));
    files++;
    bytes += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { view: `${view} (beyond ${base})`, files, bytes, gzip };
}

function staticClosureOf(rendererDir: string, view: string): Set<string> {
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/.exec(html)![1];
  const assets = path.join(rendererDir, 'assets');
  const entryText = fs.readFileSync(path.join(assets, entry), 'utf8');
  const routeChunk = [...entryText.matchAll(DYNAMIC_IMPORT)].map((m) => m[1]).find((f) => f.startsWith(`${view}-`));
  return staticClosure(assets, routeChunk ? [entry, routeChunk] : [entry]);
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '../../out/renderer');
  for (const v of ['FleetView', 'ConfigsView']) {
    const c = viewCost(dir, v);
    console.log(JSON.stringify({ figure: `initial JS of ${v}`, files: c.files, bytes: c.bytes, gzip: c.gzip }));
  }
  const lazy = lazyCost(dir, 'ConfigsView', 'FleetView');
  console.log(JSON.stringify({ figure: 'Configs view beyond the fleet view', files: lazy.files, bytes: lazy.bytes, gzip: lazy.gzip }));
}
