// The split build (scripts/split-wasm.sh): the list starts with the shell's code alone, every
// other screen's code is a module fetched when the screen first opens — from the service
// worker's cache once it is installed, so offline too — and a module that cannot be fetched is
// a message with a retry, never a dead app.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT, familyOfFour, go, listShown, openApp, registerHousehold, screenshot, startServer,
  waitForServiceWorker, withBrowser,
} from '../support.mjs';

const DIST = path.join(ROOT, 'dist');

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** The build's module directory (<stem>.split) and the files in it. */
function splitBuild() {
  const dirs = readdirSync(DIST).filter((f) => f.endsWith('.split'));
  assert.equal(dirs.length, 1, `one module directory in dist/, found ${dirs.join(', ')}`);
  return { dir: dirs[0], files: readdirSync(path.join(DIST, dirs[0])) };
}

/** Init script: records when the list's figures are first painted (performance.now()). */
function listPaintedAt() {
  const mo = new MutationObserver(() => {
    if (!document.querySelector('[data-testid=counts]')) return;
    mo.disconnect();
    requestAnimationFrame(() => { window.__listAt = performance.now(); });
  });
  mo.observe(document, { subtree: true, childList: true });
}

/** Collects the paths the page requests from now on. */
function requests(page) {
  const seen = [];
  page.on('request', (r) => seen.push(decodeURIComponent(new URL(r.url()).pathname)));
  return seen;
}

test('the list starts with the shell alone; a screen brings its module, from the cache when offline', { timeout: 180_000 }, async () => {
  const { dir, files } = splitBuild();
  const modules = files.filter((f) => f.endsWith('.wasm'));
  for (const m of ['form', 'field', 'office', 'sync', 'migrate']) {
    assert.ok(modules.includes(`split_${m}.wasm`), `the ${m} module is built: ${modules.join(', ')}`);
  }
  // Every module is precached, so every screen opens offline.
  const manifest = readFileSync(path.join(DIST, 'precache-manifest.js'), 'utf8');
  for (const f of files) assert.ok(manifest.includes(`'./${dir}/${f}'`), `${dir}/${f} is precached`);

  await withBrowser('split-modules', async ({ context, page }) => {
    await context.addInitScript(listPaintedAt);
    const seen = requests(page);
    await openApp(page, server.base);
    await listShown(page);
    await page.waitForFunction(() => typeof window.__listAt === 'number');
    // What started downloading before the list was painted: the shell's wasm and loader only.
    const early = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.startTime < window.__listAt)
      .map((e) => decodeURIComponent(new URL(e.name).pathname)));
    const wasm = early.filter((p) => p.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one wasm fetched to start the list, got ${wasm.join(', ')}`);
    assert.match(wasm[0], /^\/shouwang-app-[0-9a-f]+_bg\.wasm$/);
    assert.ok(early.includes(`/${dir}/__wasm_split.js`), 'the module loader comes with the shell');

    // Then the screens' modules and the sync engine's come in the background, without a
    // screen being opened: a worker who loses the signal now still has every screen.
    const entries = ['form', 'field', 'office', 'sync'].map((m) => `/${dir}/split_${m}.wasm`);
    await page.waitForFunction((want) => {
      const got = new Set(performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      return want.every((f) => got.has(f));
    }, entries);
    assert.ok(seen.every((p) => !p.endsWith('.wasm') || p === wasm[0] || p.startsWith(`/${dir}/`)), 'only this build\'s modules');
    await context.setOffline(true);
    try {
      await registerHousehold(page, familyOfFour({ n: 71 }));
    } finally {
      await context.setOffline(false);
    }

    await waitForServiceWorker(page);
    await context.setOffline(true);
    try {
      await page.reload();
      await go(page, '#/');
      await listShown(page);
      for (const [hash, testid] of [['#/settings', 'import'], ['#/todo', 'todo-page'], ['#/households/new', 'save']]) {
        await go(page, hash);
        await page.getByTestId(testid).first().waitFor({ state: 'attached' });
      }
      await screenshot(page, 'split-offline-form');
    } finally {
      await context.setOffline(false);
    }
  });
});

test('a screen whose module cannot be downloaded says so, and opens on retry', { timeout: 120_000 }, async () => {
  await withBrowser('split-retry', async ({ context, page }) => {
    let block = true;
    await context.route(/\.split\/.*\.wasm$/, (route) => (block ? route.abort('internetdisconnected') : route.continue()));
    await openApp(page, server.base);
    await listShown(page);
    await go(page, '#/settings');
    const failed = page.getByTestId('screen-load-failed');
    await failed.waitFor();
    assert.match(await failed.innerText(), /这个页面的程序没有下载下来/);
    await screenshot(page, 'split-load-failed');
    // The list still works: its code is in the shell.
    await go(page, '#/');
    await listShown(page);
    await go(page, '#/settings');
    await failed.waitFor();
    block = false;
    await failed.getByRole('button').click();
    await page.getByTestId('import').waitFor({ state: 'attached' });
    assert.equal(await failed.count(), 0);
  });
});
