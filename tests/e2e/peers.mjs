// Shouwang beside Enketo on the same household survey (not a test: it prints figures and asserts
// nothing about time). Runs the peer harness (../shared/peers/enketo, read-only) for both pages in
// one go and prints the side-by-side table with the ratios and the goals of issue 14.
//
//   node peers.mjs [--harness DIR] [--dist DIR] [--selectors FILE] [--only enketo|shouwang]
//                  [--module form] [--runs 7] [--warmup 1] [--cpu 4] [--bytes-only]
//
// The harness is copied (without node_modules, dist/, results) into target/peers/enketo, which is
// git-ignored, and built there: npm ci (only when its package-lock.json changed), the native
// libxslt binding, then Enketo's production build. The Shouwang target file is written from the
// build in --dist (default dist/): the hashed names of the shell, the split loader, the module the
// form is in and the chunks that module imports (read from the loader), as the cold form load
// fetches them. After the run, every file the page fetched before it was interactive is checked
// against that list, so the byte count cannot leave out what the form really needed.
//
// --selectors FILE takes the form's selectors (and path) from another target file, to measure an
// older build whose form had other markup (e.g. the example target of the harness), and
// --module the split module its form was in. --bytes-only prints the files the form needs and
// their sizes, and runs nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const HARNESS = path.resolve(opt('harness', path.join(ROOT, '..', 'shared', 'peers', 'enketo')));
const DIST = path.resolve(opt('dist', path.join(ROOT, 'dist')));
const SELECTORS = opt('selectors', null);
const ONLY = opt('only', null);
const BYTES_ONLY = args.includes('--bytes-only');
const RUNS = opt('runs', process.env.RUNS || '7');
const WARMUP = opt('warmup', process.env.WARMUP || '1');
const CPU = opt('cpu', process.env.CPU_THROTTLE || '4');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WORK = path.join(ROOT, 'target', 'peers', 'enketo');

/** The module the household form is in (src/app.rs, `screens`). */
const FORM_MODULE = opt('module', 'form');
/**
 * The form's markup as the harness drives it. The form opens at its members step (`?at=members`),
 * so the ten members of (b) are added to the list on screen; the other steps are in the page,
 * hidden, and the per-capita figure is in the status bar that is always in view.
 */
const SHOUWANG = {
  name: 'shouwang',
  path: '/#/households/new?at=members',
  readySelector: '[data-testid=save]',
  firstInput: 'form [data-step]:not([hidden]) input:not([type=hidden])',
  addRepeat: '[data-testid=member-add]',
  repeatItem: '[data-testid=member]',
  repeatField: 'input[id^="f-members-"][id$="-name"]',
  income: {
    wage: '#f-income-wages',
    business: '#f-income-business',
    property: '#f-income-property',
    transfer: '#f-income-transfers',
    cost: '#f-income-production_costs',
  },
  perCapitaOutput: '[data-testid=per-capita]',
};

const run = (cmd, argv, options = {}) => {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal})`);
};
const sha = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const gz = (file) => gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** Copies the harness (sources only) into WORK and builds Enketo's page there. */
function prepareHarness() {
  if (!fs.existsSync(path.join(HARNESS, 'scripts', 'measure.mjs'))) throw new Error(`no peer harness at ${HARNESS} (--harness DIR)`);
  const skip = new Set(['node_modules', 'dist', 'build', 'shots']);
  fs.mkdirSync(WORK, { recursive: true });
  for (const entry of fs.readdirSync(HARNESS)) {
    if (skip.has(entry) || /^results.*\.json$/.test(entry)) continue;
    fs.rmSync(path.join(WORK, entry), { recursive: true, force: true });
    fs.cpSync(path.join(HARNESS, entry), path.join(WORK, entry), { recursive: true });
  }
  // The copies keep the read-only mode of the originals; the build writes beside them.
  run('chmod', ['-R', 'u+w', WORK]);
  const stamp = path.join(WORK, 'node_modules', '.lock.sha256');
  const want = sha(path.join(WORK, 'package-lock.json'));
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    console.log('== npm ci (peer harness)');
    run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: WORK });
    fs.writeFileSync(stamp, want);
  }
  console.log('== native libxslt for enketo-transformer');
  const native = spawnSync('bash', ['scripts/build-native.sh'], { cwd: WORK, stdio: 'inherit' });
  if (native.status !== 0) console.log('WARNING: native build failed; the Enketo build uses the committed transformed form');
  console.log('== Enketo build');
  run(process.execPath, ['scripts/build.mjs'], { cwd: WORK, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * The files a cold load of the form fetches, from the build in DIST: index.html, the CSS and
 * the shell's JS and wasm it names, the icon, the split loader, the form's module and the chunks
 * the loader lists as its dependencies.
 */
function formFiles() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:href|src)=["']\/?([^"'#?]+\.(?:css|js|wasm|svg))["']/g)].map((m) => m[1]);
  const css = refs.filter((f) => f.endsWith('.css'));
  const js = refs.filter((f) => /^shouwang-app-[0-9a-f]+\.js$/.test(f));
  if (js.length !== 1) throw new Error(`expected one shouwang-app-*.js in ${DIST}/index.html, found ${js.join(', ') || 'none'}`);
  const stem = js[0].replace(/\.js$/, '');
  const split = `${stem}.split`;
  const loader = fs.readFileSync(path.join(DIST, split, '__wasm_split.js'), 'utf8');
  const entry = loader.match(new RegExp(`__wasm_split_load_${FORM_MODULE}\\s*=[\\s\\S]*?\\./(split_${FORM_MODULE}\\.wasm)[\\s\\S]*?, \\[([^\\]]*)\\]\\)\\)`));
  if (!entry) throw new Error(`no module "${FORM_MODULE}" in ${split}/__wasm_split.js`);
  const chunks = entry[2].split(',').map((s) => s.trim()).filter(Boolean).map((c) => {
    const m = loader.match(new RegExp(`const ${c} = makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\./([^"]+)"`));
    if (!m) throw new Error(`chunk ${c} of ${FORM_MODULE} not found in the loader`);
    return m[1];
  });
  const files = ['index.html', ...css, js[0], `${stem}_bg.wasm`, `${split}/__wasm_split.js`, `${split}/${entry[1]}`, ...chunks.map((c) => `${split}/${c}`)];
  for (const icon of refs.filter((f) => f.endsWith('.svg'))) files.push(icon);
  for (const f of files) if (!fs.existsSync(path.join(DIST, f))) throw new Error(`${f} is named by the build but missing in ${DIST}`);
  return files;
}

function writeShouwangTarget() {
  const selectors = SELECTORS ? JSON.parse(fs.readFileSync(SELECTORS, 'utf8')) : SHOUWANG;
  const target = {
    ...SHOUWANG,
    ...Object.fromEntries(Object.entries(selectors).filter(([k]) => k in SHOUWANG)),
    description: `Shouwang household form, written by tests/e2e/peers.mjs from the build in ${DIST}`,
    distDir: DIST,
    transferFiles: formFiles(),
  };
  const file = path.join(WORK, 'target.shouwang.json');
  fs.writeFileSync(file, JSON.stringify(target, null, 2) + '\n');
  return { file, target };
}

function measure(name, targetFile) {
  console.log(`\n== measure ${name} (${RUNS} runs + ${WARMUP} warm-up, CPU throttling ${CPU}x)`);
  run(process.execPath, ['scripts/measure.mjs', '--target', targetFile, '--runs', RUNS, '--warmup', WARMUP,
    '--cpu', CPU, '--chromium', CHROMIUM, '--out', `results.${name}.json`, '--shots', 'shots'], { cwd: WORK });
  return JSON.parse(fs.readFileSync(path.join(WORK, `results.${name}.json`), 'utf8'));
}

/** gzip -9 of the files a target names (the same computation for both pages). */
function bytes(targetFile) {
  const t = JSON.parse(fs.readFileSync(targetFile, 'utf8'));
  const dir = path.resolve(path.dirname(targetFile), t.distDir);
  const rows = t.transferFiles.map((f) => ({ f, raw: fs.statSync(path.join(dir, f)).size, gz: gz(path.join(dir, f)) }));
  return { rows, raw: rows.reduce((s, r) => s + r.raw, 0), gz: rows.reduce((s, r) => s + r.gz, 0) };
}

/** Files the Shouwang page fetched before it was interactive that the byte count left out. */
function uncounted(result, files) {
  const counted = new Set(files);
  const extra = new Set();
  for (const r of result.runs.filter((x) => !x.warmup)) {
    for (const res of r.resources) {
      if (res.responseEnd > r.a_interactive_ms) continue;
      const f = decodeURIComponent(new URL(res.name, 'http://x').pathname).replace(/^\//, '');
      // the service worker's own files are fetched by the worker for its cache, not by the form
      if (['sw.js', 'precache-manifest.js'].includes(f)) continue;
      if (!counted.has(f)) extra.add(f);
    }
  }
  return [...extra];
}

const fmt = (s) => (s == null ? '-' : `${s.median} (${s.min}–${s.max})`);
const ratio = (e, s) => (e && s ? (e / s).toFixed(2) : '-');

function table(enketo, shouwang, eb, sb) {
  const rows = [
    ['(a) navigation → form interactive', 'a_interactive_ms', 1.5],
    ['(b) add 10 members, fill one field each', 'b_add10_ms', 2],
    ['(c) income change → per-capita in the DOM', 'c_calc_dom_ms', 2],
    ['(c) income change → next frame', 'c_calc_frame_ms', 2],
  ];
  const get = (r, k) => r.metrics[k] ?? r.secondary[k];
  const lines = [];
  lines.push(`| figure (ms) | Enketo median (min–max) | Shouwang median (min–max) | Enketo ÷ Shouwang | goal |`);
  lines.push('| --- | ---: | ---: | ---: | --- |');
  for (const [label, k, goal] of rows) {
    const e = get(enketo, k);
    const s = get(shouwang, k);
    const q = e && s ? e.median / s.median : null;
    lines.push(`| ${label} | ${fmt(e)} | ${fmt(s)} | ${ratio(e?.median, s?.median)} | ≥ ${goal} ${q == null ? '' : q >= goal ? 'met' : `missed (${(goal / q).toFixed(2)}× short)`} |`);
  }
  for (const [label, k] of [['(c′) 5 further changes, DOM', 'c_repeat5_dom_ms'], ['first contentful paint', 'fcp_ms']]) {
    const e = get(enketo, k);
    const s = get(shouwang, k);
    lines.push(`| ${label} | ${fmt(e)} | ${fmt(s)} | ${ratio(e?.median, s?.median)} | |`);
  }
  const q = eb.gz / sb.gz;
  lines.push(`| bytes the form needs, gzip -9 | ${eb.gz.toLocaleString('en')} | ${sb.gz.toLocaleString('en')} | ${q.toFixed(2)} | ≥ 1 ${q >= 1 ? 'met' : `missed (${(sb.gz - eb.gz).toLocaleString('en')} bytes over)`} |`);
  lines.push(`| bytes the form needs, raw | ${eb.raw.toLocaleString('en')} | ${sb.raw.toLocaleString('en')} | ${(eb.raw / sb.raw).toFixed(2)} | |`);
  return lines.join('\n');
}

function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`no build in ${DIST} (trunk build --release --offline)`);
  if (BYTES_ONLY) {
    const rows = formFiles().map((f) => ({ f, raw: fs.statSync(path.join(DIST, f)).size, gz: gz(path.join(DIST, f)) }));
    for (const r of rows) console.log(`  ${r.f.padEnd(64)} ${String(r.gz).padStart(8)} ${String(r.raw).padStart(9)}`);
    console.log(`  ${'total (gzip -9, raw)'.padEnd(64)} ${String(rows.reduce((s, r) => s + r.gz, 0)).padStart(8)} ${String(rows.reduce((s, r) => s + r.raw, 0)).padStart(9)}`);
    return;
  }
  prepareHarness();
  const { file: sTarget, target } = writeShouwangTarget();
  const eTarget = path.join(WORK, 'target.enketo.json');
  console.log(`\nShouwang target ${path.relative(ROOT, sTarget)}: ${target.transferFiles.length} files from ${DIST}`);
  const enketo = ONLY === 'shouwang' ? null : measure('enketo', eTarget);
  const shouwang = ONLY === 'enketo' ? null : measure('shouwang', sTarget);
  const chrome = execFileSync(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  console.log(`\n# Shouwang beside Enketo — ${new Date().toISOString()}, ${chrome}, CPU ${CPU}× throttled, median (min–max) of ${RUNS} runs after ${WARMUP} warm-up`);
  if (shouwang) {
    const sb = bytes(sTarget);
    console.log('\nShouwang, the files the form needs (gzip -9 / raw):');
    for (const r of sb.rows) console.log(`  ${r.f.padEnd(64)} ${String(r.gz).padStart(8)} ${String(r.raw).padStart(9)}`);
    const extra = uncounted(shouwang, target.transferFiles);
    if (extra.length) console.log(`WARNING: fetched before interactive but not counted: ${extra.join(', ')}`);
    if (enketo) console.log(`\n${table(enketo, shouwang, bytes(eTarget), sb)}`);
    console.log(`\nper-capita after the first change: Shouwang "${shouwang.verification.perCapitaAfterFirstChange}" (expected ${shouwang.method.expectedPerCapitaAfter})`);
  }
  if (enketo) console.log(`per-capita after the first change: Enketo "${enketo.verification.perCapitaAfterFirstChange}" (expected ${enketo.method.expectedPerCapitaAfter})`);
  console.log(`results: ${path.relative(ROOT, WORK)}/results.{enketo,shouwang}.json, screenshots in ${path.relative(ROOT, WORK)}/shots/`);
}

main();
