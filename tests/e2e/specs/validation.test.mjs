// An ID number with a wrong check character is caught at the field, and the household cannot be
// saved until it is corrected.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  familyOfFour, fillField, fillHousehold, formField, go, householdCount, idNumber, openApp, save, screenshot, startServer,
  withBadCheckChar, withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('an ID number with a bad check character shows its message at the field and blocks saving', { timeout: 120_000 }, async () => {
  await withBrowser('validation', async ({ page }) => {
    await openApp(page, server.base, '#/households/new');
    const h = familyOfFour();
    await fillHousehold(page, h);

    const good = idNumber('1978-04-12', { male: true, n: 7 });
    const bad = withBadCheckChar(good);
    await fillField(page, '#f-members-0-id_number', bad);

    const problem = page.getByTestId('problem-f-members-0-id_number');
    await problem.waitFor({ state: 'visible' });
    const message = await problem.innerText();
    assert.match(message, /校验|id_number\.checksum/, `message at the field: ${message}`);
    assert.ok(message.includes(good[17]), `the message names the expected check character ${good[17]}: ${message}`);
    // The message sits right under its input, inside the same field.
    const sameField = await page.locator('#f-members-0-id_number').evaluate(
      (input, id) => input.closest('.field').querySelector(`[data-testid="${id}"]`) !== null,
      'problem-f-members-0-id_number',
    );
    assert.ok(sameField, 'the message is in the field of the ID number');

    const blocker = page.getByTestId('errors-block-save');
    await blocker.waitFor({ state: 'visible' });
    assert.match(await blocker.innerText(), /1/);
    assert.ok(await page.getByTestId('save').isDisabled(), 'save is disabled while an error remains');
    await page.locator('#f-members-0-id_number').scrollIntoViewIfNeeded();
    await screenshot(page, 'form-id-number-error');

    // Clicking anyway saves nothing.
    await page.getByTestId('save').click({ force: true });
    await page.waitForTimeout(300);
    assert.match(page.url(), /#\/households\/new$/);
    await go(page, '#/');
    assert.equal(await householdCount(page), 0, 'nothing was saved');

    // The draft kept the form; correcting the number lets it save.
    await go(page, '#/households/new');
    await formField(page, '#f-members-0-id_number');
    assert.equal(await page.locator('#f-members-0-id_number').inputValue(), bad, 'the draft kept the typed number');
    await page.locator('#f-members-0-id_number').fill(good);
    await problem.waitFor({ state: 'detached' });
    await save(page);
  });
});
