// Every main screen renders at phone size with real data: the list with households, the top of
// the form, the detail of an at-risk household, the to-do list and the settings. The screenshots
// go to tests/artifacts/screen-*.png for a person to look at.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  daysAgo, familyOfFour, fillField, fillHousehold, formField, go, householdCount, illHousehold, openApp, save, screenshot, startServer,
  withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});


/** No element sticks out sideways (nothing to scroll horizontally on a phone). */
async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what}: the page is ${overflow}px wider than the 390px screen`);
}

test('the main screens render at 390×844 with households stored', { timeout: 120_000 }, async () => {
  await withBrowser('screens', async ({ page }) => {
    await openApp(page, server.base, '#/');
    await screenshot(page, 'screen-list-empty');

    await go(page, '#/households/new');
    await page.locator('#f-area-code').waitFor();
    await screenshot(page, 'screen-form-top');
    await noSidewaysScroll(page, 'form');
    await fillHousehold(page, familyOfFour({ n: 1 }));
    await (await formField(page, '#f-members-1-name')).scrollIntoViewIfNeeded();
    await screenshot(page, 'screen-form-members');
    await save(page);

    // An at-risk household whose identification procedure started 12 days ago (its 15-day limit is near, so it is on the to-do).
    await go(page, '#/households/new');
    await page.locator('#f-area-code').waitFor();
    await fillHousehold(page, illHousehold({ n: 2 }));
    await (await formField(page, '#f-monitoring-procedure-channel')).selectOption('0');
    await fillField(page, '#f-monitoring-procedure-lead_found', daysAgo(12));
    await save(page);
    await page.getByTestId('suggested-category').waitFor();
    await screenshot(page, 'screen-detail');
    await noSidewaysScroll(page, 'detail');
    await page.getByTestId('suggested-risks').scrollIntoViewIfNeeded();
    await screenshot(page, 'screen-detail-risks');

    await go(page, '#/');
    assert.equal(await householdCount(page), 2);
    await screenshot(page, 'screen-list');
    await noSidewaysScroll(page, 'list');

    await go(page, '#/todo');
    await page.getByTestId('todo-page').waitFor();
    const procedures = await page.getByTestId('todo-procedures').innerText();
    assert.match(procedures, /陈大山/, 'the open procedure is due');
    assert.match(await page.getByTestId('todo-first-visit').innerText(), /陈大山/, 'the at-risk household is due its first visit');
    await screenshot(page, 'screen-todo');
    await noSidewaysScroll(page, 'to-do');

    await go(page, '#/settings');
    await page.getByTestId('settings-page').waitFor();
    await page.getByTestId('storage-usage').waitFor();
    assert.match(await page.getByTestId('household-count').innerText(), /2/);
    await screenshot(page, 'screen-settings');
    await noSidewaysScroll(page, 'settings');
  });
});
