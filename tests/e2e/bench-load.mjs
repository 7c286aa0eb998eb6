// Benchmark of a first visit and an app update over a village connection (not a test: it prints
// figures and asserts nothing about time).
//
//   node bench-load.mjs --before BIN [--after BIN] [--dist DIR] [--runs 3]
//
// Each variant serves the same build (dist/) from its own server:
//   before       the server BIN given with --before (e.g. built from main): plain HTTP, every file
//                sent raw, no cache headers — as a township ran it until now;
//   after-http   this server over plain HTTP on 127.0.0.1: the build's brotli copies, cache headers;
//   after-https  this server over HTTPS at a name (the township CA trusted in the profile), as a
//                township deploys it.
// The browser reaches the server through a TCP proxy that counts the bytes the server sends
// (the wire, TLS records included). The page runs at 4× CPU throttling on a 3G-like connection
// (CDP Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip).
//   first visit  a fresh profile opens the app: time from navigation start to the household list
//                ([data-testid=counts]) on screen, bytes until then, and bytes until the service
//                worker has precached the build (the visit's whole download);
//   app update   the server restarts with a new build (the same files under new content hashes,
//                as after a code change: every script and wasm module new, styles and icons the
//                same); the open app finds the update; bytes until the new version waits.
// Each figure is the median of --runs runs.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, openBrowser, sleep } from './support.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const BEFORE = opt('before', null);
const AFTER = opt('after', path.join(ROOT, 'target', 'release', 'shouwang'));
const DIST = opt('dist', path.join(ROOT, 'dist'));
const RUNS = Number(opt('runs', 3));
const HOST = 'shouwang.test';
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A TCP proxy on `port` to whatever `target()` says; counts bytes sent to the browser. */
function proxy(port, target) {
  const counter = { down: 0, up: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(target(), '127.0.0.1');
    client.on('data', (d) => (counter.up += d.length));
    upstream.on('data', (d) => (counter.down += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ counter, close: () => server.close() })));
}

/** Starts `bin serve` on a free port with `extra` flags; resolves once it accepts connections. */
async function serve(bin, dist, dataDir, extra) {
  const port = await freePort();
  const child = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--dist', dist,
    '--database-url', `sqlite://${dataDir}/shouwang.db`, ...extra], { stdio: 'ignore', env: { ...process.env, RUST_LOG: 'warn' } });
  for (let i = 0; i < 300; i += 1) {
    const up = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (up) return { port, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${bin} did not start`);
}

/** `dist` copied with the app's content hash changed, as a new build of changed code is. */
function updatedBuild(dist, into) {
  cpSync(dist, into, { recursive: true });
  const stem = readdirSync(into).find((f) => /^shouwang-app-[0-9a-f]+\.js$/.test(f)).slice(0, -3);
  const next = `shouwang-app-${'f'.repeat(16 - 4)}beef`;
  const walk = (dir) => readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  for (const f of walk(into)) {
    if (/\.(br|gz)$/.test(f)) rmSync(f);
    else if (/\.(html|js|css|webmanifest|json)$/.test(f)) writeFileSync(f, readFileSync(f, 'utf8').replaceAll(stem, next));
  }
  for (const f of readdirSync(into).filter((f) => f.startsWith(stem))) {
    renameSync(path.join(into, f), path.join(into, f.replace(stem, next)));
  }
  execFileSync('bash', [path.join(ROOT, 'scripts', 'precache.sh'), into], { stdio: 'ignore' });
  execFileSync('bash', [path.join(ROOT, 'scripts', 'compress.sh'), into], { stdio: 'ignore' });
}

/** Waits until no byte has moved for `quiet` ms. */
async function settled(counter, quiet = 2000) {
  let last = -1;
  let still = 0;
  while (still < quiet) {
    await sleep(250);
    const now = counter.down + counter.up;
    still = now === last ? still + 250 : 0;
    last = now;
  }
}

async function run(variant, distB) {
  const data = mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-load-'));
  const home = path.join(data, 'home');
  let extra = [];
  let browserArgs = [];
  let env;
  if (variant.https) {
    const tls = path.join(data, 'tls');
    execFileSync(AFTER, ['tls', 'init', '--host', HOST, '--dir', tls], { stdio: 'ignore' });
    const nssdb = path.join(home, '.pki', 'nssdb');
    mkdirSync(nssdb, { recursive: true });
    execFileSync('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nssdb}`, '-n', 'bench', '-t', 'C,,', '-i', path.join(tls, 'ca.pem')]);
    extra = ['--tls-cert', path.join(tls, 'cert.pem'), '--tls-key', path.join(tls, 'key.pem')];
    browserArgs = [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`];
    env = { ...process.env, HOME: home };
  }
  let server = await serve(variant.bin, DIST, data, extra);
  const proxyPort = await freePort();
  const { counter, close } = await proxy(proxyPort, () => server.port);
  const base = variant.https ? `https://${HOST}:${proxyPort}` : `http://127.0.0.1:${proxyPort}`;
  const b = await openBrowser({ args: browserArgs, env });
  try {
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    counter.down = 0;
    await b.page.goto(`${base}/#/`, { waitUntil: 'commit' });
    const toList = await b.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=counts]');
      return el && el.offsetParent !== null ? performance.now() : null;
    }, null, { timeout: 300_000, polling: 'raf' });
    const ms = await toList.jsonValue();
    const bytesToList = counter.down;
    await b.page.evaluate(() => navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true));
    await settled(counter);
    const firstVisit = counter.down;

    // The update: a new build behind the same address.
    await server.stop();
    server = await serve(variant.bin, distB, data, extra);
    counter.down = 0;
    await b.page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      for (let i = 0; i < 1200 && !reg.waiting; i += 1) await new Promise((r) => setTimeout(r, 250));
      if (!reg.waiting) throw new Error('no update waiting');
    });
    await settled(counter);
    return { ms, bytesToList, firstVisit, update: counter.down };
  } finally {
    await b.close();
    close();
    await server.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

const variants = [
  ...(BEFORE ? [{ name: 'before (plain, raw, no cache headers)', bin: BEFORE, https: false }] : []),
  { name: 'after, plain HTTP on 127.0.0.1', bin: AFTER, https: false },
  { name: 'after, HTTPS at a name', bin: AFTER, https: true },
];
if (!BEFORE) console.log('note: no --before server given; only this server is measured');
const distB = mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-dist-b-'));
rmSync(distB, { recursive: true });
updatedBuild(DIST, distB);
console.log(`First visit and app update at 4× CPU, ${NETWORK.downloadThroughput * 8 / 1e6} Mbit/s down, ${NETWORK.latency} ms RTT; median of ${RUNS} runs; bytes sent by the server`);
console.log('| variant | navigation → household list | bytes until the list | first visit (with precache) | app update |');
console.log('| --- | --- | --- | --- | --- |');
for (const v of variants) {
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await run(v, distB));
  const m = (k) => median(runs.map((r) => r[k]));
  console.log(`| ${v.name} | ${(m('ms') / 1000).toFixed(2)} s | ${kb(m('bytesToList'))} | ${kb(m('firstVisit'))} | ${kb(m('update'))} |`);
}
rmSync(distB, { recursive: true, force: true });
