// Shared helpers of the end-to-end tests (and of bench.mjs): the release server on a free port,
// Chromium (the system one, never a downloaded browser) in a fresh persistent profile, screenshots,
// valid 居民身份证号, and filling the household form the way a field worker does.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The phone the app is designed for. */
export const VIEWPORT = { width: 390, height: 844 };

/** The flags these machines need (docs: TOOLCHAIN.md); the profile dir is given per launch. */
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// ---------------------------------------------------------------------------------------------
// The server

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Starts `target/release/shouwang serve` against dist/ on a free port (or `port`, to restart a
 * server where it was) with its own SQLite database in `dataDir` (a fresh temp dir by default;
 * pass the previous one to restart on the same data), and waits for /api/v1/health.
 * `demo` loads the demo township. Returns { base, port, dataDir, stop, kill, log }.
 */
export async function startServer({
  dist = path.join(ROOT, 'dist'),
  dataDir = null,
  port = null,
  demo = false,
  // More `serve` flags (e.g. --tls-cert …); with `tls: { ca, host }` the server speaks HTTPS,
  // its base is https://host:port, and health is checked trusting `ca` (a PEM file).
  args: extra = [],
  tls = null,
} = {}) {
  const bin = path.join(ROOT, 'target', 'release', 'shouwang');
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: run scripts/e2e (it builds it)`);
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`no build in ${dist}: run scripts/e2e`);
  port = port ?? (await freePort());
  dataDir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'shouwang-e2e-data-'));
  const base = tls ? `https://${tls.host}:${port}` : `http://127.0.0.1:${port}`;
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--dist', dist,
    '--database-url', `sqlite://${dataDir}/shouwang.db`, ...extra];
  // The server's own files (attachments, ACME state) in the test's folder too, not the repo's.
  if (!extra.includes('--data-dir')) args.push('--data-dir', dataDir);
  if (demo) args.push('--demo');
  const child = spawn(bin, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' },
  });
  children.add(child);
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    children.delete(child);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error(`server exited (${JSON.stringify(exited)}) before it was healthy:\n${log}`);
    try {
      if (tls ? await healthyOverTls(port, tls) : (await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server at ${base} not healthy after 15 s:\n${log}`);
    }
    await sleep(100);
  }
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  };
  // A crash, not a shutdown: nothing in flight is finished.
  const kill = async () => {
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  };
  return { base, port, dataDir, stop, kill, log: () => log };
}

/** `GET /api/v1/health` over TLS to 127.0.0.1 as `tls.host`, trusting only `tls.ca`. */
function healthyOverTls(port, tls) {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: '/api/v1/health', servername: tls.host, ca: readFileSync(tls.ca), headers: { host: `${tls.host}:${port}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// The township's calendar

/** The township's time zone: the server's default `time_zone`, and the test phones' clock. */
/**
 * Runs the server's command line (as an admin at the township's machine would) on the database
 * of `server`, a running one included (SQLite takes both); returns what it printed.
 */
export function shouwangCli(server, args) {
  const bin = path.join(ROOT, 'target', 'release', 'shouwang');
  return execFileSync(bin, ['--database-url', `sqlite://${server.dataDir}/shouwang.db`, ...args], { encoding: 'utf8' });
}

export const TIME_ZONE = 'Asia/Shanghai';

/** The township's calendar day `days` before today (after it, for a negative `days`), as
 *  YYYY-MM-DD: the day the server and the phones call today, whatever this machine's zone. */
export function daysAgo(days = 0) {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The browser

/**
 * Chromium with a fresh profile directory (a persistent context, so service workers and the
 * installability check behave as in a real browser), at 390×844. Returns { context, page, close }.
 * `args` adds Chromium flags, `env` replaces its environment (a HOME with the test CA's NSS store).
 * `close` closes the browser and deletes the profile; call it (tests do through `withBrowser`).
 * `under` is the directory the profile is made in (the system temp dir by default).
 */
export async function openBrowser({ viewport = VIEWPORT, under = os.tmpdir(), args = [], env = undefined } = {}) {
  const dir = await mkdtemp(path.join(under, 'shouwang-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROME_FLAGS, ...args],
      env,
      viewport,
      locale: 'zh-CN',
      // A phone in the township: its clock shows Beijing time, as the server's calendar does.
      timezoneId: TIME_ZONE,
      acceptDownloads: true,
      serviceWorkers: 'allow',
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  const watch = (p) =>
    p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
  context.pages().forEach(watch);
  context.on('page', watch);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  return { context, page, dir, errors, close };
}

/**
 * Runs `fn({ context, page, ... })` in a fresh browser; fails if a page threw an uncaught error;
 * on failure saves a screenshot of every open page as tests/artifacts/FAILED-<name>-<n>.png;
 * always closes the browser and its profile.
 */
export async function withBrowser(name, fn, options) {
  const b = await openBrowser(options);
  try {
    const result = await fn(b);
    // A panic in the app (wasm `unreachable`) or any uncaught exception fails the test.
    if (b.errors.length) throw new Error(`uncaught errors in the page:\n${b.errors.join('\n')}`);
    return result;
  } catch (e) {
    let n = 0;
    for (const p of b.context.pages()) {
      n += 1;
      await screenshot(p, `FAILED-${name}-${n}`).catch(() => {});
    }
    if (b.errors.length) e.message += `\npage errors:\n${b.errors.join('\n')}`;
    throw e;
  } finally {
    await b.close();
  }
}

/** Saves a screenshot of the viewport as tests/artifacts/<name>.png; returns the path. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Calls the server's API at `/api/v1{route}`: GET, or POST with a JSON `body`; `token` signs
 * it. Returns { status, body } with the body parsed (null when empty).
 */
export async function api(base, route, { token, body } = {}) {
  const res = await fetch(`${base}/api/v1${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Signs `username` in through the API (a device of its own); returns the token. */
export async function apiLogin(base, username, password) {
  const r = await api(base, '/auth/login', {
    body: { username, password, device_id: `e2e-${username}`, device_name: 'e2e check' },
  });
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

// ---------------------------------------------------------------------------------------------
// The app

/** Opens the app at `hash` (e.g. '#/settings') and waits until its store is open. */
export async function openApp(page, base, hash = '#/') {
  await page.goto(`${base}/${hash}`);
  await appReady(page);
}

/** The app is mounted and its store open (the loading line is gone, a page section shown). */
export async function appReady(page) {
  await page.locator('main section.page').first().waitFor({ state: 'visible' });
}

/** Goes to a screen by its hash, as a link would. */
export async function go(page, hash) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** The list page is shown with its figures. */
export async function listShown(page) {
  await page.getByTestId('counts').waitFor({ state: 'visible' });
}

/** The household count in the list's figures (its first number). */
export async function householdCount(page) {
  await listShown(page);
  return Number(await page.getByTestId('counts').locator('b').first().innerText());
}

/**
 * Waits until the service worker is ready, reloads, and checks it controls the page (so the next
 * load can come from its cache).
 */
export async function waitForServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await appReady(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 10_000,
  });
}

// ---------------------------------------------------------------------------------------------
// 居民身份证号 and the code lists

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The ISO 7064 MOD 11-2 check character of 17 digits. */
export function checkChar(first17) {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return '10X98765432'[sum % 11];
}

/**
 * A valid 18-character ID number for someone born on `birth` ('YYYY-MM-DD'), male or female
 * (digit 17 odd for men), from area `area` (6 digits); `n` (0–99) varies the sequence.
 */
export function idNumber(birth, { male, area = '522701', n = 1 } = {}) {
  const sexDigit = male ? 1 + 2 * (n % 5) : 2 * (n % 5);
  const first17 = `${area}${birth.replaceAll('-', '')}${String(Math.floor(n / 5) % 100).padStart(2, '0')}${sexDigit}`;
  return first17 + checkChar(first17);
}

/** Breaks the check character of a valid ID number (a typical one-digit typing error). */
export function withBadCheckChar(id) {
  const good = id[17];
  const bad = good === '1' ? '2' : '1';
  return id.slice(0, 17) + bad;
}

const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * The order of a code list as the form shows it (`pub const ALL: [Relation; 12] = [...]` in the
 * domain crate), as snake_case names: the form's <select> values are positions in that list.
 */
export function codeList(typeName, file = 'crates/domain/src/model/member.rs') {
  const src = readFileSync(path.join(ROOT, file), 'utf8');
  const m = src.match(new RegExp(`pub const ALL: \\[${typeName}; \\d+\\] = \\[([^\\]]*)\\]`));
  if (!m) throw new Error(`no ${typeName}::ALL in ${file}`);
  return m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => snake(s.split('::')[1]));
}

/** The <select> value of `name` in code list `typeName`. */
export function codeIndex(typeName, name) {
  const list = codeList(typeName);
  const i = list.indexOf(name);
  if (i < 0) throw new Error(`${name} is not in ${typeName}::ALL (${list.join(', ')})`);
  return String(i);
}

// ---------------------------------------------------------------------------------------------
// Households

/**
 * A 4-member household: 户主, 配偶 of the other sex, a son at senior high school and a daughter
 * at primary school, with a wage earner. Valid: it saves.
 */
export function familyOfFour({ n = 1, surname = '王', wages = '22000' } = {}) {
  return {
    areaCode: '522701102203',
    areaName: '贵州省黔南布依族苗族自治州都匀市墨冲镇良亩村',
    address: `良亩村三组 ${n} 号`,
    phone: '13885401234',
    members: [
      { name: `${surname}建国`, relation: 'head', birth: '1978-04-12', male: true, education: 'junior_high', n },
      {
        name: '李秀英', relation: 'spouse', birth: '1980-09-03', male: false, education: 'primary',
        workPlace: '都匀市', workMonths: '10', n,
      },
      { name: `${surname}小军`, relation: 'son', birth: '2009-06-20', male: true, school: 'senior_high', labour: 'none', n },
      { name: `${surname}小梅`, relation: 'daughter', birth: '2014-02-11', male: false, school: 'primary', labour: 'none', n },
    ],
    income: { wages, business: '6500', transfers: '2600' },
  };
}

/**
 * An at-risk household (边缘易致贫户, 因病): low income, the head seriously ill with high
 * compliant medical self-payment.
 */
export function illHousehold({ n = 2 } = {}) {
  return {
    areaCode: '522701102203',
    areaName: '贵州省黔南布依族苗族自治州都匀市墨冲镇良亩村',
    address: `良亩村五组 ${n} 号`,
    phone: '13885405678',
    members: [
      {
        name: '陈大山', relation: 'head', birth: '1970-03-15', male: true, education: 'primary',
        labour: 'weak', seriouslyIll: true, n,
      },
      { name: '赵桂兰', relation: 'spouse', birth: '1972-05-20', male: false, education: 'primary', n },
    ],
    income: { wages: '9000', business: '3000', medical: '18500', inpatient: '15200', largestSingleStay: '9100' },
  };
}

// The household form is in steps (基本情况 → 成员 → 收入支出 → …), one on screen at a time; a
// member's fields but the name are on the member's own sub-screen. These helpers reach a field
// the way a worker does: by its step's button, and the member's 详情 button.

/** Shows step `id` of the form (`basic`, `members`, `income`, …). */
export async function showStep(page, id) {
  const button = page.getByTestId(`step-${id}`);
  if ((await button.getAttribute('aria-current')) !== 'step') await button.click();
  await page.locator(`[data-step="${id}"]`).waitFor({ state: 'visible' });
}

/** Shows the member list (the members step, no member's sub-screen open). */
export async function memberList(page) {
  await showStep(page, 'members');
  const back = page.getByTestId('member-back').first();
  if (await back.isVisible()) await back.click();
  await page.getByTestId('member-add').waitFor({ state: 'visible' });
}

/**
 * The form's input `selector` (`#f-…`), on screen: its step shown, and for a member's field
 * other than the name, the member's sub-screen open. Returns its locator.
 */
export async function formField(page, selector) {
  const field = page.locator(selector);
  const member = selector.match(/^#f-members-(\d+)-(.+)$/);
  if (member && member[2] === 'name') {
    await memberList(page);
  } else if (member) {
    await showStep(page, 'members');
    if ((await field.count()) === 0) {
      await memberList(page);
      await page.getByTestId('member').nth(Number(member[1])).getByTestId('member-open').click();
    }
  } else {
    await field.waitFor({ state: 'attached' });
    const step = await field.evaluate((el) => el.closest('[data-step]')?.dataset.step);
    if (!step) throw new Error(`${selector} is in no step of the form`);
    await showStep(page, step);
  }
  await field.waitFor({ state: 'visible' });
  return field;
}

/** Types `value` into the form's input `selector` (reached as `formField` does). */
export async function fillField(page, selector, value) {
  await (await formField(page, selector)).fill(value);
}

/** Fills the form of a new household (the form page must be open, with its first member). */
export async function fillHousehold(page, h) {
  await fillField(page, '#f-area-code', h.areaCode);
  await fillField(page, '#f-area-name', h.areaName);
  if (h.address) await fillField(page, '#f-address', h.address);
  if (h.phone) await fillField(page, '#f-phone', h.phone);
  for (const [i, m] of h.members.entries()) {
    if (i > 0) {
      await memberList(page);
      await page.getByTestId('member-add').click();
    }
    await fillMember(page, i, m);
  }
  const money = {
    wages: 'income-wages',
    business: 'income-business',
    transfers: 'income-transfers',
    medical: 'income-spending-medical',
    inpatient: 'income-spending-inpatient',
    largestSingleStay: 'income-spending-largest_single_stay',
  };
  for (const [key, value] of Object.entries(h.income || {})) {
    await fillField(page, `#f-${money[key]}`, value);
  }
}

/** Fills member `i` (its row must exist): the name in the list, the rest on its sub-screen. */
export async function fillMember(page, i, m) {
  const f = (field) => formField(page, `#f-members-${i}-${field}`);
  await (await f('name')).fill(m.name);
  if (m.relation) await (await f('relation')).selectOption(codeIndex('Relation', m.relation));
  // A valid number fills in the birth date and the sex.
  const id = m.id || idNumber(m.birth, { male: m.male, n: (m.n ?? 0) * 4 + i });
  await (await f('id_number')).fill(id);
  if (m.education) await (await f('education')).selectOption(codeIndex('Education', m.education));
  if (m.school) await (await f('school_stage')).selectOption(codeIndex('SchoolStage', m.school));
  if (m.labour) await (await f('labour')).selectOption(codeIndex('LabourSkill', m.labour));
  if (m.seriouslyIll) await (await f('health-serious_illness')).check();
  if (m.workPlace) {
    await (await f('work_place')).fill(m.workPlace);
    await (await f('work_months')).fill(m.workMonths);
  }
  await memberList(page);
}

/**
 * Waits until the form has judged its last change: the domain's validation runs when the browser
 * is idle after a change, and idle callbacks run in the order they were asked for.
 */
export async function formJudged(page) {
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 })));
}

/**
 * Asserts the form has no blocking error; otherwise fails with every error message on the form,
 * so a failure says which rule blocked the save.
 */
export async function expectSavable(page) {
  await formJudged(page);
  if ((await page.getByTestId('errors-block-save').count()) === 0) return;
  const errors = await page.locator('.problem.error').evaluateAll((ps) =>
    ps.map((p) => `${p.dataset.testid || '(no testid)'}: ${p.textContent.trim()}`),
  );
  const head = await page.getByTestId('errors-block-save').innerText();
  throw new Error(`save is blocked: ${head}\n  ${errors.join('\n  ')}`);
}

/** Clicks save and waits for the detail page of the saved household; returns its id. */
export async function save(page) {
  await expectSavable(page);
  await page.getByTestId('save').click();
  await page.waitForURL(/#\/households\/(?!new)[^/]+$/);
  await page.getByTestId('detail-page').waitFor({ state: 'visible' });
  await page.getByTestId('detail-head').waitFor({ state: 'visible' });
  return decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
}

/** Registers household `h` through the form; returns its id (the detail page is shown). */
export async function registerHousehold(page, h) {
  await go(page, '#/households/new');
  await page.locator('#f-area-code').waitFor({ state: 'visible' });
  await fillHousehold(page, h);
  return save(page);
}

/** The texts of the list rows, in order. */
export async function listRows(page) {
  await listShown(page);
  return page.getByTestId('row').evaluateAll((rows) => rows.map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
}

// ---------------------------------------------------------------------------------------------
// The 承诺授权书 (#17)

/** Draws a two-stroke signature on the pad with the mouse (Chromium sends pointer events). */
export async function drawSignature(page) {
  const canvas = page.getByTestId('signature-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const at = (fx, fy) => [box.x + box.width * fx, box.y + box.height * fy];
  for (const stroke of [[[0.1, 0.6], [0.25, 0.3], [0.4, 0.7], [0.55, 0.35]], [[0.6, 0.5], [0.9, 0.45]]]) {
    await page.mouse.move(...at(...stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(...p), { steps: 8 });
    await page.mouse.up();
  }
}

/** Signs household `id`'s consent on its card as its head, and waits until the card shows it. */
export async function signConsent(page, id) {
  await go(page, `#/households/${id}`);
  await page.getByTestId('consent-sign').click();
  await drawSignature(page);
  await page.getByTestId('signature-confirm').click();
  await page.getByTestId('signature-confirmed').waitFor();
  await page.getByTestId('consent-save').click();
  await page.getByTestId('consent-signed').waitFor({ timeout: 30_000 });
}
