// With no signal the installed app starts from the service worker's cache, a household can be
// edited and saved, and the edit is still there once the connection is back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  appReady, familyOfFour, formField, go, listRows, openApp, registerHousehold, save, screenshot, startServer,
  waitForServiceWorker, withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const reachesServer = (page) =>
  page.evaluate(() =>
    fetch('/api/v1/health', { cache: 'no-store' }).then(
      (r) => r.ok,
      () => false,
    ),
  );

test('offline: the app starts from the cache, an edit is saved, and kept when back online', { timeout: 120_000 }, async () => {
  await withBrowser('offline', async ({ context, page }) => {
    await openApp(page, server.base, '#/');
    const id = await registerHousehold(page, familyOfFour({ wages: '22000' }));
    assert.match(await page.getByTestId('per-capita').innerText(), /7775/); // (22000+6500+2600)/4

    await waitForServiceWorker(page);
    assert.equal(await reachesServer(page), true);

    await context.setOffline(true);
    assert.equal(await reachesServer(page), false, 'the network is really off');
    const shell = await page.reload();
    assert.ok(shell.fromServiceWorker(), 'the page came from the service worker');
    await appReady(page);
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'controlled by the service worker');
    await page.getByTestId('detail-head').waitFor();
    assert.match(await page.getByTestId('detail-head').innerText(), /王建国/);

    // A deep link typed while offline also opens (navigations get the cached shell).
    await page.goto(`${server.base}/#/`);
    await appReady(page);
    assert.match((await listRows(page))[0], /王建国/);
    await screenshot(page, 'offline-list');

    await go(page, `#/households/${id}/edit`);
    const wages = await formField(page, '#f-income-wages');
    assert.equal(await wages.inputValue(), '22000');
    await wages.fill('30000');
    assert.equal(await save(page), id);
    assert.match(await page.getByTestId('per-capita').innerText(), /9775/); // (30000+6500+2600)/4
    assert.equal(await reachesServer(page), false, 'still offline after the save');

    await context.setOffline(false);
    await page.reload();
    await appReady(page);
    assert.equal(await reachesServer(page), true, 'back online');
    await page.getByTestId('per-capita').waitFor();
    assert.match(await page.getByTestId('per-capita').innerText(), /9775/, 'the offline edit is kept');
    await go(page, `#/households/${id}/edit`);
    await formField(page, '#f-income-wages');
    assert.equal(await wages.inputValue(), '30000');
  });
});
