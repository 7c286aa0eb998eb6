// The same build over plain HTTP at a name that is not localhost (issue 12, item 2): the browser
// gives it no service worker, so the app says that offline use and installation need HTTPS and
// whom to ask. One server and one browser for the file.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp, openBrowser, screenshot, startServer } from '../support.mjs';

const HOST = 'shouwang.test';
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await openBrowser({ args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('over plain HTTP at a network name the app shows the HTTPS banner', { timeout: 60_000 }, async () => {
  const { page } = browser;
  try {
    await openApp(page, `http://${HOST}:${server.port}`, '#/');
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.equal(await page.evaluate(() => 'serviceWorker' in navigator), false, 'no service worker here');
    const banner = page.getByTestId('https-needed');
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /HTTPS/);
    assert.match(text, /乡镇管理员/, 'says whom to ask');
    await screenshot(page, 'http-banner');
    // On this machine's own address the app is a secure context and says nothing.
    await openApp(page, server.base, '#/');
    assert.equal(await page.getByTestId('https-needed').count(), 0);
    assert.deepEqual(browser.errors, []);
  } catch (e) {
    await screenshot(page, 'FAILED-http-banner').catch(() => {});
    throw e;
  }
});
