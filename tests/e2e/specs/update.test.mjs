// A new version of the app is announced, not forced: the worker applies it when ready, and the
// form open at that moment comes back from its draft after the reload.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, appReady, formField, go, openApp, screenshot, startServer, waitForServiceWorker, withBrowser } from '../support.mjs';

test('an update is announced, applied when the worker chooses, and the open form survives it', { timeout: 120_000 }, async () => {
  // A copy of the build that this test can "deploy" a new version into.
  const dist = mkdtempSync(path.join(os.tmpdir(), 'shouwang-dist-'));
  cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
  const server = await startServer({ dist });
  try {
    await withBrowser('update', async ({ page }) => {
      await openApp(page, server.base, '#/');
      await waitForServiceWorker(page);
      const cachesBefore = await page.evaluate(() => caches.keys());
      assert.equal(cachesBefore.filter((k) => k.startsWith('shouwang-')).length, 1);

      // The worker starts a form and types a name: it is autosaved as a draft.
      await go(page, '#/households/new');
      const name = await formField(page, '#f-members-0-name');
      await name.fill('更新前填写');
      await page.getByTestId('draft-note').waitFor();

      // A new version is deployed: its precache list (and so its cache version) changes.
      const manifest = path.join(dist, 'precache-manifest.js');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/version: '([0-9a-f]+)'/, "version: '$1-next'"));
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

      // Announced, not applied: the form is still on screen with what was typed.
      await page.getByTestId('update-ready').waitFor({ timeout: 20_000 });
      assert.equal(await name.inputValue(), '更新前填写');
      await screenshot(page, 'update-ready');

      // Applied when the worker taps the button: the page reloads under the new version.
      await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), page.getByTestId('update-ready').locator('button').click()]);
      await appReady(page);
      const cachesAfter = await page.evaluate(() => caches.keys());
      assert.deepEqual(cachesAfter.filter((k) => k.startsWith('shouwang-')).map((k) => k.endsWith('-next')), [true], 'only the new cache is left');

      // The open form comes back from its draft.
      await go(page, '#/households/new');
      await formField(page, '#f-members-0-name');
      assert.equal(await page.locator('#f-members-0-name').inputValue(), '更新前填写');
      await page.getByTestId('draft-note').waitFor();
    });
  } finally {
    await server.stop();
    rmSync(dist, { recursive: true, force: true });
  }
});
