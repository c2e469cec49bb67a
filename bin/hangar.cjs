#!/usr/bin/env node
'use strict';
// The hangar CLI, run from the TypeScript sources through tsx (no build step needed in a checkout).
const path = require('node:path');
require('tsx/cjs/api').register();
require(path.join(__dirname, '..', 'electron', 'main', 'heap.ts')).preferSmallHeap();
const { main } = require(path.join(__dirname, '..', 'electron', 'cli.ts'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`hangar: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
