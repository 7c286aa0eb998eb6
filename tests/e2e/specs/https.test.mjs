// A township deployment as a phone meets it (issue 12): the server speaks HTTPS itself with a
// certificate of the township's own CA (`shouwang tls init`), the test CA is trusted in the
// browser's certificate store (the NSS database in its HOME, as a phone that installed the CA),
// and the app is opened at a name that is not localhost (mapped to 127.0.0.1). The service
// worker controls the page, Chromium finds nothing missing to install it, the office prints a
// village's QR codes, a worker's phone signs in with one and sets its own password, a household
// saved is there after an offline reload, and an in-app browser is told to open the phone's.
// One server and one browser for the whole file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT, appReady, familyOfFour, go, listShown, openApp, openBrowser, registerHousehold, screenshot,
  startServer, waitForServiceWorker,
} from '../support.mjs';

const BIN = path.join(ROOT, 'target', 'release', 'shouwang');
const HOST = 'shouwang.test';
const VILLAGE = '532328100201';
const VILLAGE_NAME = '云南省楚雄彝族自治州元谋县元马镇小雷宰村';
const DEMO_PASSWORD = 'shouwang-demo';
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 12; V2134A) AppleWebKit/537.36 (KHTML, like Gecko) '
  + 'Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230405 '
  + 'MicroMessenger/8.0.35.2360(0x28002339) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN';

let tmp;
let server;
let browser;
const cspViolations = [];

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'shouwang-https-'));
  const tls = path.join(tmp, 'tls');
  execFileSync(BIN, ['tls', 'init', '--host', HOST, '--dir', tls], { encoding: 'utf8' });
  // The browser trusts the township CA as a phone that installed it: Chromium on Linux reads
  // the NSS database in $HOME/.pki/nssdb.
  const home = path.join(tmp, 'home');
  const nssdb = path.join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nssdb}`, '-n', 'shouwang-township-ca', '-t', 'C,,', '-i', path.join(tls, 'ca.pem')]);
  server = await startServer({
    demo: true,
    args: ['--tls-cert', path.join(tls, 'cert.pem'), '--tls-key', path.join(tls, 'key.pem')],
    tls: { ca: path.join(tls, 'ca.pem'), host: HOST },
  });
  browser = await openBrowser({
    args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    env: { ...process.env, HOME: home },
  });
  browser.page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs a step; on failure keeps a screenshot of the page. */
async function step(name, fn) {
  try {
    await fn(browser.page);
    assert.deepEqual(browser.errors, [], 'no uncaught errors in the page');
  } catch (e) {
    await screenshot(browser.page, `FAILED-${name}`).catch(() => {});
    throw e;
  }
}

/** `fetch` from the page (same origin, the browser's trust store): status and JSON. */
async function pageApi(page, route, { token, body } = {}) {
  return page.evaluate(async ({ route, token, body }) => {
    const res = await fetch(`/api/v1${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: text };
  }, { route, token, body });
}

test('over HTTPS at a trusted name the service worker controls the page and Chromium can install the app', { timeout: 120_000 }, async () => {
  await step('https-install', async (page) => {
    await openApp(page, server.base, '#/');
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await waitForServiceWorker(page);
    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
    for (const banner of ['https-needed', 'in-app-browser', 'certificate-untrusted']) {
      assert.equal(await page.getByTestId(banner).count(), 0, `no ${banner} banner`);
    }
    // The app runs under the content security policy: nothing it does was blocked.
    assert.deepEqual(cspViolations, []);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  });
});

test('the office prints a village\'s QR codes; a phone signs in with one and sets its own password', { timeout: 180_000 }, async () => {
  await step('https-enrol', async (page) => {
    // The township office, on this device for the moment: the reviewer signs in.
    await openApp(page, server.base, '#/login');
    await page.locator('#login-username').fill('reviewer');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.locator('#login-submit').click();
    await page.getByTestId('login-current').waitFor();
    await go(page, '#/office/enrol');
    await page.getByTestId('enrol-village').waitFor();
    assert.equal(await page.getByTestId('enrol-village').inputValue(), VILLAGE);
    await page.getByTestId('enrol-make').click();
    await page.getByTestId('enrol-sheet').waitFor();
    assert.equal(await page.getByTestId('enrol-sheet-http').count(), 0, 'the codes carry the HTTPS address');
    const cards = page.getByTestId('enrol-card');
    assert.equal(await cards.count(), 1, 'one worker in the village');
    assert.match(await cards.first().innerText(), /worker1/);
    assert.equal(await cards.first().locator('svg').count(), 1, 'a QR code');
    await screenshot(page, 'enrol-sheet', { fullPage: true });
    const code = (await page.getByTestId('enrol-code').first().innerText()).match(/[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}/)[0];
    await go(page, '#/login');
    await page.getByTestId('login-logout').click();
    await page.locator('#login-username').waitFor();

    // The worker scans the code: the address opens the enrolment page, which signs in.
    await page.goto(`${server.base}/#/enrol?code=${code}`);
    await page.locator('#enrol-password-new').waitFor();
    assert.match(await page.getByTestId('enrol-signed-in').innerText(), /worker1/);
    await page.locator('#enrol-password-new').fill('worker1-own-password');
    await page.locator('#enrol-password-again').fill('worker1-own-password');
    await page.locator('#enrol-password-submit').click();
    await page.getByTestId('enrol-done').waitFor();
    await screenshot(page, 'enrol-done');
    const login = await pageApi(page, '/auth/login', {
      body: { username: 'worker1', password: 'worker1-own-password', device_id: 'check', device_name: 'e2e' },
    });
    assert.equal(login.status, 200, login.body);
    // The code worked once.
    const again = await pageApi(page, '/enrol', { body: { code, device_id: 'other', device_name: 'e2e' } });
    assert.equal(again.status, 410, again.body);
  });
});

test('a household saved on the phone is in the list after an offline reload', { timeout: 180_000 }, async () => {
  await step('https-offline', async (page) => {
    await go(page, '#/');
    await listShown(page);
    const h = familyOfFour({ n: 12, surname: '钱' });
    h.areaCode = VILLAGE;
    h.areaName = VILLAGE_NAME;
    await registerHousehold(page, h);
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await appReady(page);
      await go(page, '#/');
      await page.getByTestId('search').fill('钱建国');
      await page.getByTestId('row').filter({ hasText: '钱建国' }).first().waitFor();
      await screenshot(page, 'https-offline-list');
    } finally {
      await browser.context.setOffline(false);
    }
  });
});

test('the enrolment page offers the township certificate with the steps for Android and iOS', { timeout: 60_000 }, async () => {
  await step('https-enrol-page', async (page) => {
    await go(page, '#/enrol');
    await page.getByTestId('township-ca').waitFor();
    const href = await page.getByTestId('ca-download').getAttribute('href');
    assert.equal(href, '/township-ca.crt', 'downloaded from the page\'s own (HTTPS) origin');
    const ca = await pageApi(page, '/enrol/info');
    assert.match(JSON.parse(ca.body).township_ca.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const text = await page.getByTestId('township-ca').innerText();
    for (const words of ['安卓手机', '苹果手机', '证书信任设置', 'Firefox']) {
      assert.ok(text.includes(words), `${words} in the steps`);
    }
    await screenshot(page, 'enrol-page', { fullPage: true });
  });
});

test('in an in-app browser (WeChat) the app says to open the page in the phone\'s browser', { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setUserAgentOverride', { userAgent: WECHAT_UA });
    await page.goto(`${server.base}/#/`);
    await page.getByTestId('in-app-browser').waitFor();
    assert.match(await page.getByTestId('in-app-browser').innerText(), /在浏览器打开/);
    await screenshot(page, 'in-app-browser-banner');
  } finally {
    await page.close();
  }
});
