// Benchmark of the import (prints figures, asserts nothing about time).
//
//   node bench-import.mjs [--households 20000]
//
// A township of --households generated households (bench.mjs's generator: 20 villages, 3.5
// members a household) is stored through sync by a worker of its villages, and the office
// exports it as its XLSX (the 户 and 成员 sheets). That file is imported with
// `shouwang import households FILE.xlsx` into an empty database, twice: the first run stores
// every household, the second finds them unchanged and stores nothing. On SQLite, and on
// PostgreSQL when SHOUWANG_TEST_POSTGRES_URL is set (scripts/bench-import starts one). Each run's
// wall time (households per second) and peak memory (maximum resident set, /usr/bin/time -v).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateHouseholds } from './bench.mjs';
import { ROOT, api, shouwangCli, startServer } from './support.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--households');
const N = Number(at >= 0 ? args[at + 1] : 20000);
const BIN = path.join(ROOT, 'target', 'release', 'shouwang');
const PUSH_BATCH = 500;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** Creates `username` with `areas` by the command line and signs it in with a password of its own. */
async function account(server, username, role, areas) {
  const said = shouwangCli(server, ['user', 'add', '--role', role, ...areas.flatMap((a) => ['--area', a]), username]);
  const once = said.match(/one-time password: (\S+)/)[1];
  const device = { device_id: `bench-${username}`, device_name: 'bench' };
  const first = await api(server.base, '/auth/login', { body: { username, password: once, ...device } });
  const password = `bench-${username}-password`;
  const changed = await api(server.base, '/auth/password', {
    token: first.body.token, body: { old_password: once, new_password: password },
  });
  if (changed.status >= 300) throw new Error(`password change: ${JSON.stringify(changed.body)}`);
  const again = await api(server.base, '/auth/login', { body: { username, password, ...device } });
  return again.body.token;
}

/** The township stored through sync and exported by the office: the XLSX's path. */
async function exportedTownship(dir, households, villages) {
  const server = await startServer({ dataDir: mkdtempSync(path.join(dir, 'seed-')) });
  try {
    const worker = await account(server, 'seed', 'worker', villages);
    const office = await account(server, 'office', 'reviewer', [villages[0].slice(0, 9)]);
    let stored = 0;
    for (let i = 0; i < households.length; i += PUSH_BATCH) {
      const changes = households.slice(i, i + PUSH_BATCH).map((h, k) => ({
        change_id: `bench-${i + k}`, base_revision: null, edited_at: new Date().toISOString(), household: h,
      }));
      const r = await api(server.base, '/sync/push', { token: worker, body: { protocol: 1, device_id: 'bench-seed', changes } });
      if (r.status !== 200) throw new Error(`push: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      stored += r.body.results.filter((x) => x.status === 'stored').length;
    }
    if (stored !== households.length) throw new Error(`only ${stored} of ${households.length} stored`);
    const r = await fetch(`${server.base}/api/v1/office/export.xlsx`, { headers: { authorization: `Bearer ${office}` } });
    if (r.status !== 200) throw new Error(`export: ${r.status}`);
    const file = path.join(dir, 'township.xlsx');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    withoutRecordIds(file);
    return file;
  } finally {
    await server.stop();
  }
}

/**
 * Empties column A (记录编号, this server's record ids) below the headers of every sheet, as in a
 * file from the national system: the empty database imports each row as a new household (a
 * record id it does not hold is refused). The XLSX is a zip of XML; Python's zipfile rewrites it.
 */
function withoutRecordIds(file) {
  const script = `
import re, shutil, sys, zipfile
src = sys.argv[1]; tmp = src + '.tmp'
cell = re.compile(r'<c r="A([0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.S)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith('xl/worksheets/sheet'):
            text = data.decode('utf-8')
            text = cell.sub(lambda m: m.group(0) if m.group(1) == '1' else '', text)
            data = text.encode('utf-8')
        zout.writestr(item, data)
shutil.move(tmp, src)
`;
  execFileSync('python3', ['-c', script, file]);
}

/** One import run: its last line, seconds and peak memory (KB). */
function importOnce(url, file) {
  const run = spawnSync('/usr/bin/time', ['-v', BIN, '--database-url', url, 'import', 'households', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`import failed (${run.status}): ${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`);
  const wall = run.stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
  const seconds = Number(wall[1] || 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const rss = Number(run.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)[1]);
  const last = run.stdout.trim().split('\n').filter((l) => l.trim()).slice(-1)[0];
  return { last, seconds, rss };
}

function measure(name, url, file, villages) {
  // The villages are known to the database by their worker, as in a township set up by hand.
  execFileSync(BIN, ['--database-url', url, 'user', 'add', '--role', 'worker', ...villages.flatMap((a) => ['--area', a]), 'w'], { stdio: 'ignore' });
  for (const run of ['first import', 'same file again']) {
    const r = importOnce(url, file);
    console.log(`${name}, ${run}: ${N} households in ${r.seconds.toFixed(1)} s = ${(N / r.seconds).toFixed(0)} households/s, peak memory ${mb(r.rss)} — ${r.last}`);
  }
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-import-'));
  try {
    const households = generateHouseholds(N);
    const villages = [...new Set(households.map((h) => h.area.code))].sort();
    const members = households.reduce((s, h) => s + h.members.length, 0);
    const t0 = Date.now();
    const file = await exportedTownship(dir, households, villages);
    console.log(`# 守望 import benchmark — ${new Date().toISOString()}, ${os.cpus().length} CPUs`);
    console.log(`township: ${N} households, ${members} members, ${villages.length} villages; the office's XLSX ${(statSync(file).size / 1048576).toFixed(1)} MB (stored through sync and exported in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    measure('SQLite', `sqlite://${dir}/import.db`, file, villages);
    const pg = process.env.SHOUWANG_TEST_POSTGRES_URL;
    if (pg) {
      const db = `bench_import_${process.pid}`;
      execFileSync('psql', [pg, '-q', '-c', `CREATE DATABASE ${db}`], { stdio: 'ignore' });
      measure('PostgreSQL', pg.replace(/\/[^/]*$/, `/${db}`), file, villages);
    } else {
      console.log('PostgreSQL: not measured (no SHOUWANG_TEST_POSTGRES_URL)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench-import failed: ${e.stack || e}`);
  process.exit(1);
});
