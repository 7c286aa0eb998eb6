// A field worker registers a household with four members; it is saved, listed, and still there
// after a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  familyOfFour, formField, go, householdCount, listRows, openApp, registerHousehold, startServer,
  withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('a household with 4 members is saved, listed, and still there after a reload', { timeout: 120_000 }, async () => {
  await withBrowser('register', async ({ page }) => {
    await openApp(page, server.base, '#/');
    assert.equal(await householdCount(page), 0, 'a fresh profile starts with no households');

    const h = familyOfFour();
    const id = await registerHousehold(page, h);
    assert.match(await page.getByTestId('detail-head').innerText(), /王建国/);
    assert.match(await page.locator('.household-head .meta').innerText(), /4/);

    await go(page, '#/');
    assert.equal(await householdCount(page), 1);
    let rows = await listRows(page);
    assert.equal(rows.length, 1);
    assert.match(rows[0], /王建国/);
    assert.match(rows[0], /良亩村/);
    assert.match(rows[0], /4/);

    await page.reload();
    assert.equal(await householdCount(page), 1, 'still stored after a reload');
    rows = await listRows(page);
    assert.match(rows[0], /王建国/);

    await page.getByTestId('row').first().locator('a').click();
    await page.getByTestId('detail-page').waitFor();
    assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/households/${id}`);
    assert.match(await page.getByTestId('detail-head').innerText(), /王建国/);
    await page.reload();
    await page.getByTestId('detail-head').waitFor();
    assert.match(await page.getByTestId('detail-head').innerText(), /王建国/);
    assert.match(await page.locator('.household-head .meta').innerText(), /4/);

    // The form shows all four members as saved.
    await go(page, `#/households/${id}/edit`);
    await formField(page, '#f-members-3-name');
    assert.equal(await page.locator('#f-members-3-name').inputValue(), '王小梅');
    assert.equal(await page.locator('#f-members-1-name').inputValue(), '李秀英');
  });
});
