#!/usr/bin/env node
'use strict';
// The hangar CLI. Runs the built JavaScript (out/main/cli.js, emitted by `npm run build`); in a checkout
// where that file is missing or older than a source file, it runs the TypeScript sources through tsx
// instead (slower start, always current). HANGAR_CLI_FROM_SOURCE=1 forces the sources.
require('../scripts/check-node.cjs').checkNode();

const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'out', 'main', 'cli.js');

/** Newest modification time of a .ts/.vue file under the given folders (0 where none exist). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return newest;
}

function useBuilt() {
  if (process.env.HANGAR_CLI_FROM_SOURCE === '1') return false;
  let builtTime;
  try {
    builtTime = fs.statSync(built).mtimeMs;
  } catch {
    return false;
  }
  return builtTime >= newestSource(['electron', 'shared']);
}

let cli;
if (useBuilt()) {
  cli = require(built);
} else {
  // Both hooks: the CLI loads the core with import() (ESM loader) and everything else with require().
  require('tsx/cjs/api').register();
  require('tsx/esm/api').register();
  cli = require(path.join(root, 'electron', 'cli.ts'));
}
cli.preferSmallHeap();
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`hangar: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
