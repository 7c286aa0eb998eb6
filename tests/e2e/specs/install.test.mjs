// The app can be installed to the home screen: Chromium's own installability check finds nothing
// missing (manifest, icons, a service worker with a fetch handler).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp, startServer, waitForServiceWorker, withBrowser } from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('Chromium reports no installability errors once the service worker is ready', { timeout: 120_000 }, async () => {
  await withBrowser('install', async ({ context, page }) => {
    await openApp(page, server.base, '#/');
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));

    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
    assert.match(manifest.url, /manifest\.webmanifest$/);
    const parsed = JSON.parse(manifest.data);
    assert.equal(parsed.display, 'standalone');
    assert.equal(parsed.lang, 'zh-CN');
    assert.ok(parsed.icons.some((i) => i.purpose === 'maskable'), 'a maskable icon');
  });
});
