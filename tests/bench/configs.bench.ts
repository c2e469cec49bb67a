/**
 * Config benchmark: the core's diff (jsdiff, per file) of two 20,000-line configs that differ in 1% of their
 * lines, the three-way merge of base/live/draft at that size, and the lint of a 20,000-line config (the
 * project's parser plus the directive reference), each run as the app runs it — the first call (cold JIT) and
 * the median of the following ones; a file's rename with the includes that name it. Then the renderer's bundle: the fleet view's initial JS and what the
 * Configs view adds, gzip (when out/renderer has been built).
 *
 * BENCH_SCALE=small runs 2,000-line configs (inside `npm test`). One JSON line per figure, then a table.
 * Exits non-zero on a missed target only with BENCH_STRICT=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { diffFiles, mergeThreeWay } from '../../electron/main/core/configs/diff';
import { lintConfig } from '../../electron/main/core/configs/lint';
import { loadReference } from '../../electron/main/core/configs/reference';
import { planRename } from '../../electron/main/core/configs/rename';
import { lazyCost, viewCost } from './bundle-size';
import { Figures } from './figures';

const LINES = process.env.BENCH_SCALE === 'small' ? 2_000 : 20_000;
const RUNS = 25;
const TARGETS: Record<string, number> = { diff_ms: 100, lint_ms: 100 };

const figures = new Figures(TARGETS);
const report = figures.report;

/** A realistic config of `lines` lines: many server blocks with locations, upstreams and headers. */
function bigConfig(lines: number, variant: (i: number) => string = () => 'app'): string {
  const out = ['user nginx;', 'worker_processes auto;', 'events {', '    worker_connections 1024;', '}', 'http {', '    default_type application/octet-stream;'];
  let i = 0;
  while (out.length < lines - 1) {
    out.push(
      `    upstream backend_${i} {`,
      `        server 10.0.${i % 250}.1:8080;`,
      `        server 10.0.${i % 250}.2:8080 backup;`,
      '    }',
      '    server {',
      `        listen ${10000 + i};`,
      `        server_name site${i}.example.com;`,
      '        location / {',
      `            proxy_pass http://backend_${i};`,
      '            proxy_set_header Host $host;',
      `            add_header X-Site "${variant(i)}";`,
      '        }',
      `        location = /health { return 200 "ok ${i}"; }`,
      '    }',
    );
    i++;
  }
  out.length = lines - 1;
  // Close whatever block the cut left open, so the config is valid at any size.
  const text = out.join('\n');
  const open = (text.match(/{/g) ?? []).length - (text.match(/}/g) ?? []).length;
  return `${text}\n${'}\n'.repeat(Math.max(0, open))}`;
}

function time(fn: () => void): { first: number; median: number } {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  const runs: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { first, median: runs[Math.floor(runs.length / 2)] };
}

async function main(): Promise<number> {
  const name = '/etc/nginx/nginx.conf';
  const base = bigConfig(LINES);
  const lineCount = base.split('\n').length - 1;
  // 1% of the blocks changed in the draft; another 1% (elsewhere) changed live.
  const draft = bigConfig(LINES, (i) => (i % 100 === 7 ? 'draft' : 'app'));
  const live = bigConfig(LINES, (i) => (i % 100 === 57 ? 'live' : 'app'));

  const d = time(() => diffFiles([{ name, contents: base }], [{ name, contents: draft }]));
  const changed = diffFiles([{ name, contents: base }], [{ name, contents: draft }]).files[0];
  report('diff_ms', d.median, 'ms', `${lineCount} vs ${lineCount} lines, +${changed.added} −${changed.removed}; first call ${d.first.toFixed(1)} ms`);

  const m = time(() => mergeThreeWay([{ name, contents: base }], [{ name, contents: live }], [{ name, contents: draft }]));
  const merged = mergeThreeWay([{ name, contents: base }], [{ name, contents: live }], [{ name, contents: draft }]);
  report('merge3_ms', m.median, 'ms', `three-way, ${merged.conflicts} conflicts; first call ${m.first.toFixed(1)} ms`);

  const t0 = performance.now();
  const ref = await loadReference();
  report('reference_load_ms', performance.now() - t0, 'ms', 'first lint only: @nginx/reference-lib imported and indexed');
  let problems = -1;
  const l = time(() => {
    problems = lintConfig([{ name, contents: draft }], ref).problems.length;
  });
  report('lint_ms', l.median, 'ms', `${lineCount} lines, ${problems} problems; first call ${l.first.toFixed(1)} ms`);

  // A rename (what the Rename dialog asks as you type): every server includes the renamed file.
  const including = draft.replace(/^ {8}location = \/health/gm, '        include conf.d/health.conf;\n        location = /health');
  const renameFiles = [
    { name, contents: including },
    { name: '/etc/nginx/conf.d/health.conf', contents: 'add_header X-Health 1;\n' },
  ];
  let rewritten = 0;
  const r = time(() => {
    rewritten = planRename(renameFiles, { from: '/etc/nginx/conf.d/health.conf', to: '/etc/nginx/conf.d/status.conf', prefix: '/etc/nginx', updateIncludes: true }).includes.length;
  });
  report('rename_ms', r.median, 'ms', `${including.split('\n').length - 1} lines, ${rewritten} includes rewritten; first call ${r.first.toFixed(1)} ms`);

  const renderer = path.resolve(__dirname, '../../out/renderer');
  if (fs.existsSync(path.join(renderer, 'index.html'))) {
    const fleet = viewCost(renderer, 'FleetView');
    report('fleet_initial_js_gzip_kb', fleet.gzip / 1024, 'KB', `${fleet.files} files, ${(fleet.bytes / 1024).toFixed(0)} KB raw`);
    const configs = lazyCost(renderer, 'ConfigsView', 'FleetView');
    report('configs_view_extra_js_gzip_kb', configs.gzip / 1024, 'KB', `loaded when the Configs view opens: ${configs.files} files, ${(configs.bytes / 1024).toFixed(0)} KB raw`);
  } else {
    process.stdout.write('{"note":"out/renderer is not built: bundle sizes skipped (npm run build first)"}\n');
  }

  const rows = figures.all.map((f) => [f.figure, `${f.value} ${f.unit}`, f.target !== undefined ? `≤ ${f.target} ${f.unit}` : '', f.pass === undefined ? '' : f.pass ? 'met' : 'MISSED', f.note ?? '']);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  process.stdout.write(`\n${rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ')).join('\n')}\n`);
  return figures.exitCode();
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
