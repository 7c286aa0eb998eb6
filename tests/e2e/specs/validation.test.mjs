// An ID number with a wrong check character is caught at the field, and the household cannot be
// saved until it is corrected; the message asks for every digit to be checked and names no "right"
// last one. A number pasted with spaces, full-width digits and a lower-case x is tidied; one already
// in another household on the phone says whose, with a choice to open it or go on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  familyOfFour, fillField, fillHousehold, formField, go, householdCount, idNumber, memberList, openApp, registerHousehold,
  save, screenshot, startServer, withBadCheckChar, withBrowser,
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
    assert.match(message, /逐位核对全部 18 位/, message);
    assert.match(message, /不要只改最后一位/, message);
    assert.doesNotMatch(message, /应为/, `the message names no expected check character: ${message}`);
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

/** `id` as a tired hand or a spreadsheet gives it: spaced in groups, full-width, a lower-case x. */
function messy(id) {
  const wide = [...id.slice(0, 17)].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  const spaced = `${wide.slice(0, 6)} ${wide.slice(6, 14)}\u3000${wide.slice(14)}`;
  return ` ${spaced}${id[17] === 'X' ? 'x' : id[17]} `;
}

test('a pasted ID number is tidied, and one already in another household is named with a choice', { timeout: 120_000 }, async () => {
  await withBrowser('validation-duplicate', async ({ page }) => {
    await openApp(page, server.base, '#/');
    const first = familyOfFour({ n: 11, surname: '孙' });
    await registerHousehold(page, first);

    // A second household; its head is typed with the first household's spouse's number, pasted.
    const spouse = idNumber('1980-09-03', { male: false, n: 11 * 4 + 1 });
    const second = familyOfFour({ n: 12, surname: '郑' });
    second.members = second.members.slice(0, 1);
    second.members[0].id = messy(spouse);
    await go(page, '#/households/new');
    await page.locator('#f-area-code').waitFor();
    await fillHousehold(page, second);
    const input = await formField(page, '#f-members-0-id_number');
    assert.equal(await input.inputValue(), spouse, 'spaces, full-width digits and the x are tidied');
    // The tidied number fills in the birth date it carries.
    assert.equal(await page.locator('#f-members-0-birth_date').inputValue(), '1980-09-03');

    const prompt = page.getByTestId('dup-prompt');
    await prompt.waitFor();
    const said = await prompt.innerText();
    assert.match(said, /可能重复登记/);
    assert.match(said, /已登记在孙建国户（贵州省黔南布依族苗族自治州都匀市墨冲镇良亩村）/, said);
    await prompt.scrollIntoViewIfNeeded();
    await screenshot(page, 'form-duplicate-prompt');
    // "It is another person": the prompt goes; the household saves (the card keeps the notice).
    await page.getByTestId('dup-other-person').click();
    await prompt.waitFor({ state: 'detached' });
    await memberList(page);
    const id = await save(page);
    assert.ok(id);
    assert.match(await page.getByTestId('card-duplicate').innerText(), /孙建国/);

    // Editing again, the prompt offers the other household; opening it asks about nothing
    // (nothing changed) and shows 孙建国's card.
    await go(page, `#/households/${id}/edit`);
    await page.locator('#f-area-code').waitFor();
    await memberList(page);
    await page.getByTestId('member-open').first().click();
    await prompt.waitFor();
    await page.getByTestId('dup-open').click();
    await page.getByTestId('detail-head').filter({ hasText: '孙建国' }).waitFor();
  });
});
