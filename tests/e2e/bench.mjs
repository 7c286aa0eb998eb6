// Benchmark of the built app (not a test: it prints figures and asserts nothing about time).
//
//   node bench.mjs [--households 5000] [--runs 3] [--write FILE]
//
// 1. The app shell's size: index.html + js + wasm + css from dist/, each gzip -9 — the shell
//    being what a phone fetches before the list works (the screens' modules in <stem>.split/
//    are fetched when first opened, and precached by the service worker); their size is printed
//    apart, and the files a cold start really fetched are listed and checked against the shell.
// 2. Cold start to interactive at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate): from
//    navigation start to the list's [data-testid=counts] being on screen, in a fresh profile.
// 3. With 5,000 households stored (imported through the settings page from a generated file in
//    the bare household format of crates/domain/samples): reload → list shown; a search keystroke
//    → filtered list; save one household → its detail page; open a household's card (its first
//    paint: the head's name, and the whole card down to its exit verdict). At 1× and 4× CPU
//    throttling.
//
// Times are taken inside the page (performance.now(), event timeStamps, a MutationObserver and
// the next animation frame), so Playwright's own round trips are not counted. Each figure is the
// median of --runs runs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  ROOT, appReady, checkChar, formField, go, householdCount, openBrowser, startServer,
} from './support.mjs';

// ---------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const HOUSEHOLDS = Number(opt('households', 5000));
const RUNS = Number(opt('runs', 3));
const WRITE = opt('write', null);

// ---------------------------------------------------------------------------------------------
// Generated households (bare household records, format_version 1, like crates/domain/samples)

/** A small deterministic PRNG (mulberry32), so every run stores the same 5,000 households. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '邓', '曹', '彭', '曾', '蒙', '韦', '潘', '杜', '龙', '石'];
const MALE = ['建国', '志强', '国华', '德明', '永红', '光荣', '文军', '海波', '春生', '明亮', '小军', '家豪', '宇航', '俊杰', '子涵'];
const FEMALE = ['秀英', '桂兰', '玉梅', '丽华', '春燕', '小红', '晓敏', '海燕', '雪梅', '美玲', '小梅', '欣怡', '雨涵', '佳琪', '紫萱'];
// 20 villages of 墨冲镇 (522701102), each with a code and a name; the first characters are distinct
// from the given names above, so a search by village picks out about 1/20 of the households.
const VILLAGES = ['良亩', '新场', '坝固', '岩脚', '凉水', '翁奇', '大寨', '甲乙', '摆桥', '牛场', '沙寨', '茶园', '青坪', '河阳', '桥边', '高枧', '平塘', '坪上', '石板', '枫香'].map(
  (v, i) => ({ code: `522701102${String(201 + i).padStart(3, '0')}`, name: `贵州省黔南布依族苗族自治州都匀市墨冲镇${v}村`, short: v }),
);

const pad = (n, w = 2) => String(n).padStart(w, '0');

function idFor(birth, male, seq) {
  const sexDigit = male ? 1 + 2 * (seq % 5) : 2 * (seq % 5);
  const first17 = `522701${birth.replaceAll('-', '')}${pad(Math.floor(seq / 5) % 100)}${sexDigit}`;
  return first17 + checkChar(first17);
}

/** Household number `n` (0-based): 1 to 6 members, incomes and illnesses spread by the PRNG. */
function household(n, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const village = VILLAGES[n % VILLAGES.length];
  const surname = pick(SURNAMES);
  const date = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
  const members = [];
  const headMale = rand() < 0.8;
  const headYear = int(1950, 1995);
  const person = (relation, male, year, extra = {}) => {
    const birth = date(year, int(1, 12), int(1, 28));
    const age = 2026 - year;
    const child = age < 16;
    const i = members.length;
    members.push({
      id: `m${i + 1}`,
      name: relation === 'spouse' ? pick(SURNAMES) + pick(male ? MALE : FEMALE) : surname + pick(male ? MALE : FEMALE),
      id_type: 'resident_id',
      id_number: idFor(birth, male, (n * 7 + i) % 500),
      sex: male ? 'male' : 'female',
      birth_date: birth,
      relation,
      education: child || age < 22 ? null : pick(['illiterate', 'primary', 'junior_high', 'senior_high', 'vocational']),
      school_stage: child ? (age < 6 ? 'preschool' : age < 12 ? 'primary' : 'junior_high') : age < 22 ? 'senior_high' : null,
      health: { chronic_illness: rand() < 0.1, serious_illness: false, disabled: false, disability_grade: null },
      labour: child || age < 22 ? 'none' : age > 65 ? 'weak' : 'ordinary',
      work_place: '',
      work_months: 0,
      medical_insurance: true,
      pension_insurance: !child,
      dibao: false,
      tekun: false,
      counted: true,
      ...extra,
    });
  };
  person('head', headMale, headYear);
  if (rand() < 0.85) person('spouse', !headMale, Math.min(2000, headYear + int(-3, 3)));
  const kids = int(0, 3);
  for (let k = 0; k < kids; k++) {
    const male = rand() < 0.5;
    person(male ? 'son' : 'daughter', male, Math.min(2024, headYear + int(22, 35)));
  }
  if (rand() < 0.2) person(rand() < 0.5 ? 'father' : 'mother', false, Math.max(1935, headYear - int(22, 30)));
  // A worker away from home in some households.
  const worker = members.find((m) => m.labour === 'ordinary' && m.relation !== 'head');
  if (worker && rand() < 0.6) {
    worker.work_place = pick(['都匀市', '贵阳市', '广州市', '深圳市', '杭州市']);
    worker.work_months = int(3, 12);
  }
  const ill = rand() < 0.12;
  if (ill) members[0].health.serious_illness = true;
  const medical = ill ? int(8000, 30000) : int(0, 2000);
  const inpatient = ill ? Math.floor(medical * 0.7) : 0;
  const hasVisit = rand() < 0.7;
  return {
    format_version: 1,
    id: `b0000000-${pad(Math.floor(n / 10000), 4)}-4b6e-9a10-${pad(n, 12)}`,
    household_number: `5227011022${pad(n, 6)}`,
    area: { code: village.code, name: village.name, code_year: 2024 },
    address: `${village.short}村${int(1, 9)}组 ${int(1, 80)} 号`,
    phone: `138${pad(int(0, 99999999), 8)}`,
    household_type: rand() < 0.3 ? 'formerly_poor' : 'ordinary',
    relocated: false,
    resettlement_site: '',
    housing_grade: pick(['A', 'A', 'B']),
    guarantees: {
      food_clothing_insecure: false, housing_unsafe: false, school_dropout: false, medical_insurance_gap: false, water_unsafe: false,
    },
    members,
    income: {
      period_start: '2025-11-01',
      period_end: '2026-10-31',
      wages: String(int(0, 90) * 1000),
      business: String(int(0, 20) * 500),
      property: String(int(0, 4) * 250),
      transfers: String(int(0, 10) * 300),
      production_costs: String(int(0, 10) * 200),
      insurance_claims: '0',
      spending: { medical: String(medical), inpatient: String(inpatient), largest_single_stay: String(Math.floor(inpatient / 2)), education: String(int(0, 5) * 400) },
      previous_net: null,
      stable_since: null,
    },
    monitoring: {
      category: null, risks: [], override_reason: '', identified_on: null, helper: '',
      procedure: {
        channel: null, lead_found: null, home_check: null, village_review: null, publicity_start: null, publicity_end: null,
        township_check: null, county_approval: null,
      },
      exit: null,
    },
    measures: [],
    visits: hasVisit ? [{ id: 'v1', date: date(2026, int(8, 11), int(1, 28)), visitor: '驻村干部', notes: '', gps: null }] : [],
  };
}

export function generateHouseholds(count, seed = 20261129) {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, n) => household(n, rand));
}

// ---------------------------------------------------------------------------------------------
// Measuring inside the page

/** Installed in every document: records when [data-testid=counts] first appears and is painted. */
function countsObserver() {
  const seen = () => {
    const el = document.querySelector('[data-testid=counts]');
    if (!el || window.__countsAt !== undefined) return false;
    window.__countsAt = null;
    const text = el.textContent;
    requestAnimationFrame(() => {
      window.__countsText = text;
      window.__countsAt = performance.now();
    });
    return true;
  };
  const mo = new MutationObserver(() => {
    if (seen()) mo.disconnect();
  });
  mo.observe(document, { subtree: true, childList: true });
}

async function countsShownAt(page) {
  await page.waitForFunction(() => typeof window.__countsAt === 'number', null, { timeout: 60_000 });
  return page.evaluate(() => ({ ms: window.__countsAt, text: window.__countsText.replace(/\s+/g, ' ') }));
}

/** Waits until the background fetch of the screens' modules after a start has finished. */
async function modulesIn(page) {
  await page.waitForFunction(() => ['form', 'field', 'office', 'sync'].every((m) => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith(`/split_${m}.wasm`) && e.responseEnd > 0)), null, { timeout: 60_000 });
  await page.waitForTimeout(1000); // compiled and instantiated
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;

async function throttle(context, page, rate) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return cdp;
}

/** Reload → the list's counts painted, showing `expected` households. */
async function listLoad(page, expected) {
  await go(page, '#/');
  await page.getByTestId('counts').waitFor();
  await page.reload();
  const shown = await countsShownAt(page);
  if (!shown.text.startsWith(`${expected} `)) throw new Error(`list shows "${shown.text}", expected ${expected} households`);
  return shown.ms;
}

/** A search keystroke (one character committed into the search box) → the filtered list painted. */
async function searchOnce(page, char) {
  const search = page.getByTestId('search');
  await search.fill('');
  await page.getByTestId('match-count').filter({ hasText: `/ ${HOUSEHOLDS}` }).waitFor();
  await search.focus();
  const before = await page.getByTestId('match-count').innerText();
  await page.evaluate(() => {
    window.__search = new Promise((resolve) => {
      const input = document.querySelector('[data-testid=search]');
      const count = document.querySelector('[data-testid=match-count]');
      const before = count.textContent;
      let start;
      input.addEventListener('input', (e) => (start = e.timeStamp), { capture: true, once: true });
      const mo = new MutationObserver(() => {
        if (count.textContent !== before) {
          mo.disconnect();
          requestAnimationFrame(() => resolve({ ms: performance.now() - start, text: count.textContent }));
        }
      });
      mo.observe(count, { subtree: true, childList: true, characterData: true });
    });
  });
  await page.keyboard.insertText(char);
  const r = await page.evaluate(() => window.__search);
  if (r.text === before) throw new Error('the match count did not change');
  return r;
}

/**
 * Opens household `id`'s form, changes the wages, clicks save. Returns { save, detail }: click →
 * the record committed (the app moves to the detail route only once the IndexedDB transaction has
 * completed, so the `hashchange` marks the end of the save), and click → detail page painted.
 */
async function saveOnce(page, id, wages) {
  await go(page, `#/households/${id}/edit`);
  const input = await formField(page, '#f-income-wages');
  await input.fill(String(wages));
  const save = page.getByTestId('save');
  if (await save.isDisabled()) {
    const errors = await page.locator('.problem.error').allInnerTexts();
    throw new Error(`household ${id} cannot be saved: ${errors.join(' | ')}`);
  }
  await page.evaluate(() => {
    window.__save = new Promise((resolve) => {
      let start;
      let saved;
      document.addEventListener('click', (e) => (start = e.timeStamp), { capture: true, once: true });
      window.addEventListener('hashchange', (e) => (saved = e.timeStamp), { once: true });
      const done = () => document.querySelector('[data-testid=detail-page] [data-testid=detail-head]');
      const mo = new MutationObserver(() => {
        if (done()) {
          mo.disconnect();
          requestAnimationFrame(() => resolve({ save: saved - start, detail: performance.now() - start }));
        }
      });
      mo.observe(document, { subtree: true, childList: true });
    });
  });
  await save.click();
  return page.evaluate(() => window.__save);
}

/**
 * Opens household `id`'s card (the detail page) from the list, as a tap on its row does. Returns
 * { first, full }: hash change → the head's name painted (first paint), and → the whole card
 * painted (down to its exit verdict, the card's last part).
 */
async function cardOnce(page, id) {
  await go(page, '#/');
  await page.getByTestId('counts').waitFor();
  await page.evaluate(() => {
    window.__card = new Promise((resolve) => {
      const start = performance.now();
      let first;
      const check = () => {
        const page = document.querySelector('[data-testid=detail-page]');
        if (first === undefined && page?.querySelector('[data-testid=detail-head]')) {
          first = null;
          requestAnimationFrame(() => (first = performance.now() - start));
        }
        if (page?.querySelector('[data-testid=exit-verdict]')) {
          mo.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve({ first: first ?? performance.now() - start, full: performance.now() - start })));
        }
      };
      const mo = new MutationObserver(check);
      mo.observe(document, { subtree: true, childList: true });
    });
  });
  await go(page, `#/households/${id}`);
  return page.evaluate(() => window.__card);
}

// ---------------------------------------------------------------------------------------------
// The figures

function gzBytes(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

/** The shell (top-level html/js/wasm/css and the split loader) and the screens' modules. */
function shellSize() {
  const dist = path.join(ROOT, 'dist');
  const top = readdirSync(dist).filter((f) => f === 'index.html' || /\.(js|wasm|css)$/.test(f));
  const splitDirs = readdirSync(dist).filter((f) => f.endsWith('.split'));
  const loaders = splitDirs.map((d) => `${d}/__wasm_split.js`);
  const shell = [...top.filter((f) => !['sw.js', 'precache-manifest.js'].includes(f)), ...loaders];
  const rows = shell.map((f) => ({ file: f, raw: statSync(path.join(dist, f)).size, gz: gzBytes(path.join(dist, f)) }));
  const modules = splitDirs.flatMap((d) => readdirSync(path.join(dist, d)).filter((f) => f.endsWith('.wasm')).map((f) => `${d}/${f}`));
  const moduleRows = modules.map((f) => ({ file: f, raw: statSync(path.join(dist, f)).size, gz: gzBytes(path.join(dist, f)) }));
  return {
    rows,
    files: new Set(shell),
    total: rows.reduce((s, r) => s + r.gz, 0),
    raw: rows.reduce((s, r) => s + r.raw, 0),
    modules: moduleRows,
  };
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

async function main() {
  if (WRITE) {
    writeFileSync(WRITE, JSON.stringify(generateHouseholds(HOUSEHOLDS), null, 1));
    console.log(`wrote ${HOUSEHOLDS} households to ${WRITE}`);
    return;
  }
  const chromeVersion = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  console.log(`# 守望 app benchmark — ${new Date().toISOString()}, ${os.cpus().length} CPUs, ${chromeVersion}, median of ${RUNS} runs`);
  const summary = {};

  const shell = shellSize();
  for (const r of shell.rows) console.log(`shell ${r.file}: ${kb(r.gz)} gzip -9 (${kb(r.raw)} raw)`);
  console.log(`app shell total (index.html + js + wasm + css), gzip -9: ${kb(shell.total)} (${shell.total} bytes; ${kb(shell.raw)} raw)`);
  const screens = shell.modules.filter((m) => /\/split_/.test(m.file));
  const modulesGz = shell.modules.reduce((s, m) => s + m.gz, 0);
  console.log(`screen modules (fetched when a screen first opens, precached by the service worker): ${shell.modules.length} files, ${kb(modulesGz)} gzip -9 together (${kb(shell.modules.reduce((s, m) => s + m.raw, 0))} raw)`);
  for (const m of screens.sort((a, b) => b.gz - a.gz)) console.log(`  entry ${path.basename(m.file).replace(/_\d+\.wasm$/, '')}: ${kb(m.gz)} gzip -9`);
  summary.shell = kb(shell.total);
  summary.modules = kb(modulesGz);

  const server = await startServer();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'shouwang-bench-'));
  try {
    // Cold start: a fresh profile each run (nothing cached), then a warm start (service worker cache).
    const cold = [];
    const warm = [];
    const firstForm = [];
    for (let run = 0; run < RUNS; run++) {
      const b = await openBrowser();
      try {
        await b.context.addInitScript(countsObserver);
        await throttle(b.context, b.page, 4);
        await b.page.goto(`${server.base}/#/`);
        cold.push((await countsShownAt(b.page)).ms);
        if (run === 0) {
          // The code whose fetch started before the list was painted (resource timing), which
          // must all be the shell's: the screens' modules come after, in the background.
          const code = await b.page.evaluate(() => performance.getEntriesByType('resource')
            .filter((e) => e.startTime < window.__countsAt)
            .map((e) => decodeURIComponent(new URL(e.name).pathname).replace(/^\//, ''))
            .filter((f) => /\.(wasm|js)$/.test(f) && !['sw.js', 'precache-manifest.js'].includes(f)));
          const outside = code.filter((f) => !shell.files.has(f));
          console.log(`code fetched before the list was painted (cold start): ${code.join(', ')}`);
          if (outside.length) throw new Error(`the cold start fetched code outside the shell: ${outside.join(', ')}`);
        }
        await b.page.evaluate(() => navigator.serviceWorker.ready);
        await b.page.reload();
        await countsShownAt(b.page);
        await b.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
        await b.page.reload();
        warm.push((await countsShownAt(b.page)).ms);
        // The household form's first opening in this page: its module comes from the service
        // worker's cache and is instantiated (the list's own code is already running).
        firstForm.push(await b.page.evaluate(() => new Promise((resolve) => {
          const t0 = performance.now();
          const obs = new MutationObserver(() => {
            if (!document.querySelector('[data-testid=save]')) return;
            obs.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          });
          obs.observe(document.body, { childList: true, subtree: true });
          location.hash = '#/households/new';
        })));
      } finally {
        await b.close();
      }
    }
    console.log(`cold start to interactive, CPU 4× slower, empty cache (navigation → counts painted): ${ms(median(cold))} (runs: ${cold.map((x) => x.toFixed(0)).join(', ')} ms)`);
    console.log(`warm start to interactive, CPU 4× slower, from the service worker cache: ${ms(median(warm))} (runs: ${warm.map((x) => x.toFixed(0)).join(', ')} ms)`);
    console.log(`household form opened for the first time after a warm start (its module from the cache), CPU 4× slower: ${ms(median(firstForm))} (runs: ${firstForm.map((x) => x.toFixed(0)).join(', ')} ms)`);
    summary.cold4x = ms(median(cold));
    summary.form4x = ms(median(firstForm));
    summary.warm4x = ms(median(warm));

    // 5,000 households.
    const file = path.join(tmp, `households-${HOUSEHOLDS}.json`);
    const data = generateHouseholds(HOUSEHOLDS);
    await writeFile(file, JSON.stringify(data));
    console.log(`generated ${HOUSEHOLDS} households: ${kb(statSync(file).size)} of JSON, ${data.reduce((s, h) => s + h.members.length, 0)} members`);
    const b = await openBrowser();
    try {
      const { context, page } = b;
      await context.addInitScript(countsObserver);
      await page.goto(`${server.base}/#/settings`);
      await appReady(page);
      const t0 = Date.now();
      await page.getByTestId('import').setInputFiles(file);
      await page.getByTestId('import-result').waitFor({ timeout: 600_000 });
      const importMs = Date.now() - t0;
      const result = await page.getByTestId('import-result').innerText();
      console.log(`import ${HOUSEHOLDS} households through settings (file chosen → result shown, CPU 1×): ${ms(importMs)} — ${result}`);
      await go(page, '#/');
      // The list re-reads its summaries once the import is stored; on a loaded machine that
      // takes a moment after the result is shown.
      await page.getByTestId('counts').locator('b').first().filter({ hasText: String(HOUSEHOLDS) }).waitFor({ timeout: 60_000 }).catch(() => {});
      const n = await householdCount(page);
      if (n !== HOUSEHOLDS) throw new Error(`the list counts ${n} households after the import, expected ${HOUSEHOLDS}`);
      const usage = await page.evaluate(() => navigator.storage.estimate());
      console.log(`storage used with ${HOUSEHOLDS} households: ${kb(usage.usageDetails?.indexedDB ?? usage.usage)} of IndexedDB`);

      const target = data[1];
      let wages = 50000;
      for (const rate of [1, 4]) {
        const cdp = await throttle(context, page, rate);
        const list = [];
        const search = [];
        const saves = [];
        const details = [];
        const cardFirst = [];
        const cardFull = [];
        for (let run = 0; run < RUNS; run++) {
          list.push(await listLoad(page, HOUSEHOLDS));
          const r = await searchOnce(page, VILLAGES[1].short[0]);
          search.push(r.ms);
          if (run === 0) console.log(`  (search "${VILLAGES[1].short[0]}" → match count "${r.text.trim()}")`);
        }
        await page.getByTestId('search').fill('');
        // Saves are timed in the steady state: once the modules the app fetches in the
        // background after a start (field screens, office, sync) are in.
        await modulesIn(page);
        for (let run = 0; run < RUNS; run++) {
          const r = await saveOnce(page, target.id, (wages += 1000));
          if (!(r.save > 0)) throw new Error(`no hashchange seen after the save: ${JSON.stringify(r)}`);
          saves.push(r.save);
          details.push(r.detail);
        }
        for (let run = 0; run < RUNS; run++) {
          const r = await cardOnce(page, data[2 + run].id);
          cardFirst.push(r.first);
          cardFull.push(r.full);
        }
        await cdp.detach();
        const tag = `CPU ${rate}×`;
        console.log(`list shown with ${HOUSEHOLDS} households, ${tag} (reload → counts painted): ${ms(median(list))} (runs: ${list.map((x) => x.toFixed(0)).join(', ')} ms)`);
        console.log(`search keystroke → filtered list painted, ${HOUSEHOLDS} households, ${tag}: ${ms(median(search))} (runs: ${search.map((x) => x.toFixed(0)).join(', ')} ms)`);
        console.log(`save one household (click → committed), ${HOUSEHOLDS} stored, ${tag}: ${ms(median(saves))} (runs: ${saves.map((x) => x.toFixed(0)).join(', ')} ms)`);
        console.log(`save one household → detail painted, ${HOUSEHOLDS} stored, ${tag}: ${ms(median(details))} (runs: ${details.map((x) => x.toFixed(0)).join(', ')} ms)`);
        console.log(`household card opened from the list, ${HOUSEHOLDS} stored, ${tag}: first paint (head's name) ${ms(median(cardFirst))}, whole card ${ms(median(cardFull))} (runs: ${cardFirst.map((x) => x.toFixed(0)).join(', ')} / ${cardFull.map((x) => x.toFixed(0)).join(', ')} ms)`);
        summary[`card${rate}x`] = `${ms(median(cardFirst))}/${ms(median(cardFull))}`;
        summary[`list${rate}x`] = ms(median(list));
        summary[`search${rate}x`] = ms(median(search));
        summary[`save${rate}x`] = ms(median(saves));
        summary[`detail${rate}x`] = ms(median(details));
      }
      summary.import = ms(importMs);
    } finally {
      await b.close();
    }
  } finally {
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
  console.log(
    `summary | shell gz ${summary.shell} (screen modules ${summary.modules}) | cold 4× ${summary.cold4x} | warm 4× ${summary.warm4x} | first form 4× ${summary.form4x} | import ${HOUSEHOLDS} ${summary.import} | ` +
      `list ${summary.list1x} (4×: ${summary.list4x}) | search ${summary.search1x} (4×: ${summary.search4x}) | save ${summary.save1x} (4×: ${summary.save4x}) | save → detail ${summary.detail1x} (4×: ${summary.detail4x}) | card first/whole ${summary.card1x} (4×: ${summary.card4x})`,
  );
}

// Run, unless imported for its generator (bench-import.mjs).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`bench failed: ${e.stack || e}`);
    process.exit(1);
  });
}
