// The 承诺授权书 signed on screen (#17) at 390×844, against the demo township: the worker records
// the home check of a household with a lead and syncs; the office's approval of the village
// review is refused, in words, while the household has not signed (the domain's
// consent_required_before_proposal). On the card the worker opens 签署, reads the text in force,
// draws a signature with pointer events, confirms and saves: the card shows the signer, the day,
// the witness, the text's version and the signature; offline, after a reload, it is still there.
// After the sync the reviewer's card shows the consent, the office's ZIP of the village holds the
// signature in the household's folder, and the village review is approved.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  api, daysAgo, drawSignature, fillField, go, openApp, save, screenshot, startServer, withBrowser,
} from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
// Demo household 1 (crates/server/src/demo.rs): sample 01, a lead and no home check yet, in
// worker1's village; its head is the first member.
const LEAD_ONLY = '00000000-0000-7000-8000-000000000001';
// Its village (the first demo village) and 户编号.
const VILLAGE = '532328100201';
const NUMBER = '5323281002010001';

async function appLogin(page, base, username) {
  await openApp(page, base, '#/login');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.locator('#login-submit').click();
  await page.getByTestId('login-current').waitFor();
}

async function synced(page) {
  await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });
}

/** The reviewer approves the village review of LEAD_ONLY through the API: the reply. */
async function approveReview(base) {
  const login = await api(base, '/auth/login', {
    body: { username: 'reviewer', password: DEMO_PASSWORD, device_id: 'e2e-consent', device_name: 'e2e' },
  });
  assert.equal(login.status, 200);
  const queue = await api(base, '/office/queue', { token: login.body.token });
  const waiting = queue.body.items.find((i) => i.household.household_id === LEAD_ONLY);
  assert.ok(waiting, 'the household waits for the village review');
  assert.equal(waiting.next_step, 'village_review');
  return api(base, `/office/households/${LEAD_ONLY}/decision`, {
    token: login.body.token,
    body: { step: 'village_review', approve: true, comment: '', base_revision: waiting.revision },
  });
}

/** The signature image on the card has loaded with real pixels. */
async function signatureShown(page) {
  const img = page.locator('[data-testid="consent-signature"] img');
  await img.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => {
    const i = document.querySelector('[data-testid="consent-signature"] img');
    return i && i.complete && i.naturalWidth > 0;
  }, null, { timeout: 30_000 });
  return img.evaluate((i) => ({ w: i.naturalWidth, h: i.naturalHeight }));
}

test('a consent signed on screen is stored with its text version, kept offline and seen by the reviewer', { timeout: 300_000 }, async () => {
  const server = await startServer({ demo: true });
  try {
    await withBrowser('consent-worker', async ({ context, page }) => {
      await appLogin(page, server.base, 'worker1');
      await synced(page);
      await go(page, `#/households/${LEAD_ONLY}/edit`);
      await fillField(page, '#f-monitoring-procedure-home_check', daysAgo(0));
      await save(page);
      await page.getByTestId('sync-now').click();
      await synced(page);

      // Unsigned: the office cannot approve the village review, and says why.
      const refused = await approveReview(server.base);
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.equal(refused.body.reason, 'consent_required');
      assert.match(refused.body.message.zh, /承诺授权书/);

      await go(page, `#/households/${LEAD_ONLY}`);
      const section = page.getByTestId('consent');
      await section.getByTestId('consent-unsigned').waitFor();
      const head = (await page.getByTestId('card-member').first().innerText()).split(/\s+/)[0];
      await section.getByTestId('consent-sign').click();
      await page.getByTestId('consent-form').waitFor();
      assert.match(await page.getByTestId('consent-text').innerText(), /授权[\s\S]*收入[\s\S]*车辆[\s\S]*住房公积金[\s\S]*第 1 版/);
      // Real labels, with the standard field names; the head signs by default.
      assert.equal(await page.getByLabel('签字人', { exact: true }).inputValue(), head);
      assert.equal(await page.locator('#consent-relation option:checked').innerText(), '户主');
      assert.equal(await page.getByLabel('见证人').inputValue(), 'worker1');
      // The pad's buttons are tap-sized.
      for (const id of ['signature-clear', 'signature-confirm', 'consent-save']) {
        const b = await page.getByTestId(id).boundingBox();
        assert.ok(b.height >= 44, `${id} is ${b.height}px tall`);
      }

      // An empty signature is refused; so is a save before the confirm.
      await page.getByTestId('signature-confirm').click();
      assert.match(await page.getByTestId('signature-problem').innerText(), /还没有签名/);
      await page.getByTestId('consent-save').click();
      assert.match(await page.getByTestId('consent-errors').innerText(), /确认/);

      await drawSignature(page);
      await page.getByTestId('signature-confirm').click();
      await page.getByTestId('signature-confirmed').waitFor();
      assert.equal(await page.getByTestId('consent-errors').count(), 0, 'the earlier refusal is gone once confirmed');
      await screenshot(page, 'consent-signing');
      await page.getByTestId('consent-save').click();

      const signed = section.getByTestId('consent-signed');
      await signed.waitFor({ timeout: 30_000 });
      const field = (f) => signed.locator(`[data-field="${f}"]`).innerText();
      assert.equal(await field('text_version'), '第 1 版');
      assert.equal(await field('signer'), head);
      assert.equal(await field('relation'), '户主');
      assert.equal(await field('signed_on'), daysAgo(0));
      assert.equal(await field('witness'), 'worker1');
      const size = await signatureShown(page);
      assert.ok(size.w >= 300 && size.h >= 200, `the signature is ${size.w}×${size.h}`);
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'consent-signed');

      // Offline, after a reload: still there, image and all (kept on the phone).
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('consent').getByTestId('consent-signed').waitFor();
      assert.equal(await page.locator('[data-testid="consent-signed"] [data-field="text_version"]').innerText(), '第 1 版');
      await signatureShown(page);
      await context.setOffline(false);

      // The record syncs; the stored household carries the consent and its attachment.
      await page.getByTestId('sync-now').click();
      await synced(page);
    });

    await withBrowser('consent-reviewer', async ({ page }) => {
      await appLogin(page, server.base, 'reviewer');
      await synced(page);
      await go(page, `#/households/${LEAD_ONLY}`);
      const signed = page.getByTestId('consent').getByTestId('consent-signed');
      await signed.waitFor({ timeout: 30_000 });
      assert.equal(await signed.locator('[data-field="text_version"]').innerText(), '第 1 版');
      assert.equal(await signed.locator('[data-field="witness"]').innerText(), 'worker1');
      // The picture comes from the server's attachment route once the phone has uploaded it.
      await signatureShown(page);
      await page.getByTestId('consent').scrollIntoViewIfNeeded();
      await screenshot(page, 'consent-reviewer');

      // The office downloads the village's pictures from the dashboard: a ZIP with the
      // signature in the household's folder, named by its 户编号.
      await go(page, '#/office/dashboard');
      const zip = page.getByTestId('attachments-export');
      await zip.waitFor();
      assert.equal(await page.getByLabel('村', { exact: true }).inputValue(), VILLAGE);
      const downloading = page.waitForEvent('download');
      await zip.getByTestId('zip-download').click();
      const download = await downloading;
      assert.match(download.suggestedFilename(), new RegExp(`^shouwang-photos-${VILLAGE}-.*\\.zip$`));
      const bytes = await readFile(await download.path());
      assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP');
      assert.ok(bytes.includes(Buffer.from(`${NUMBER}/承诺授权书签名.png`)), 'the signature, in the household\'s folder');
      assert.ok(bytes.includes(Buffer.from('\x89PNG', 'latin1')), 'the PNG itself');
      await zip.scrollIntoViewIfNeeded();
      await screenshot(page, 'consent-office-zip');
    });

    // Signed and synced: the village review is approved.
    const approved = await approveReview(server.base);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
  } finally {
    await server.stop();
  }
});
