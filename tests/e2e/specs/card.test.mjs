// The household card (#13) at 390×844: every section a worker and a reviewer read (members,
// contact, housing and water, income, the judgement with its reasons, risks, measures, visits
// latest first, the procedure), a visit and a measure added from the card, a section opened in
// the form, and the print view — one A4 page. The list shows a suggestion as a suggestion, sorts,
// and finds a household by its phone number.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  daysAgo, familyOfFour, go, illHousehold, listRows, openApp, registerHousehold, screenshot, startServer, withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** The number of pages of a PDF (its page objects). */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
}

test('the household card: its sections, a visit and a measure added from it, one A4 page printed', { timeout: 240_000 }, async () => {
  await withBrowser('card', async ({ page }) => {
    await openApp(page, server.base, '#/');
    await registerHousehold(page, familyOfFour({ n: 3, surname: '刘' }));
    const id = await registerHousehold(page, illHousehold({ n: 4 }));
    const t0 = Date.now();
    await page.reload();
    await page.getByTestId('detail-head').waitFor();
    const firstPaint = Date.now() - t0;

    // Every section is there, in reading order.
    const sections = await page.locator('[data-testid^="card-"].card-section').evaluateAll((els) => els.map((e) => e.dataset.testid));
    assert.deepEqual(sections, [
      'card-contact', 'card-members', 'card-housing', 'card-income', 'card-judgement', 'card-risks',
      'card-measures', 'card-visits', 'card-procedure', 'card-actions',
    ]);
    assert.match(await page.getByTestId('detail-head').innerText(), /陈大山/);
    assert.match(await page.getByTestId('card-category').innerText(), /建议：边缘易致贫户/, 'a suggestion is said as one');
    assert.match(await page.getByTestId('card-address').innerText(), /良亩村五组 4 号/);
    assert.match(await page.getByTestId('card-phone').innerText(), /13885405678/);
    const members = await page.getByTestId('card-member').allInnerTexts();
    assert.equal(members.length, 2);
    assert.match(members[0], /陈大山\s+户主\s+\d+\s+患有大病\s+弱劳动力或半劳动力/);
    assert.match(await page.getByTestId('card-income').innerText(), /人均纯收入/);
    assert.match(await page.getByTestId('card-judgement').innerText(), /边缘易致贫户/);
    assert.match(await page.getByTestId('suggested-risks').innerText(), /因病/);
    assert.ok(await page.getByTestId('card-visits-none').isVisible(), 'never visited');
    await screenshot(page, 'card-top');

    // A visit added from the card, then an older one: the latest comes first.
    for (const [date, notes] of [[daysAgo(1), '了解住院报销情况'], [daysAgo(20), '首次入户']]) {
      await page.getByTestId('card-add-visit').click();
      await page.locator('#qv-date').fill(date);
      // Nobody is signed in and the household has no helper: the visitor is typed.
      await page.locator('#qv-visitor').fill('张帮扶');
      await page.locator('#qv-notes').fill(notes);
      await page.getByTestId('visit-save').click();
      await page.getByTestId('quick-saved').waitFor();
    }
    const visits = await page.getByTestId('card-visit').allInnerTexts();
    assert.equal(visits.length, 2);
    assert.match(visits[0], new RegExp(`${daysAgo(1)}[\\s\\S]*了解住院报销情况`));
    assert.match(visits[1], new RegExp(daysAgo(20)));
    // A visit in the future is refused by the domain's check, by its field's name.
    await page.getByTestId('card-add-visit').click();
    await page.locator('#qv-date').fill(daysAgo(-3));
    await page.getByTestId('visit-save').click();
    assert.match(await page.getByTestId('quick-errors').innerText(), /走访日期/);
    await page.getByTestId('card-visits').getByRole('button', { name: '取消' }).click();
    assert.equal(await page.getByTestId('card-visit').count(), 2, 'nothing saved');

    // A measure recorded from the card.
    await page.getByTestId('card-add-measure').click();
    await page.locator('#qm-type').selectOption({ label: '健康帮扶' });
    await page.locator('#qm-content').fill('落实大病保险二次报销');
    await page.locator('#qm-implemented').check();
    // A save elsewhere (another tab says so) redraws the card: what is typed here stays.
    await page.locator('#qm-content').evaluate((el) => { el.dataset.before = 'redraw'; });
    await page.evaluate(() => new BroadcastChannel('shouwang').postMessage('another-household'));
    await page.waitForFunction(() => document.querySelector('#qm-content')?.dataset.before !== 'redraw');
    assert.equal(await page.locator('#qm-content').inputValue(), '落实大病保险二次报销');
    assert.equal(await page.locator('#qm-implemented').isChecked(), true);
    assert.equal(await page.locator('#qm-type option:checked').innerText(), '健康帮扶');
    await screenshot(page, 'card-add-measure');
    await page.getByTestId('measure-save').click();
    await page.getByTestId('quick-saved').waitFor();
    const measure = await page.getByTestId('card-measure').innerText();
    assert.match(measure, /健康帮扶[\s\S]*落实大病保险二次报销[\s\S]*已落实/);
    await page.getByTestId('card-visits').scrollIntoViewIfNeeded();
    await screenshot(page, 'card-visits');

    // One section opens in the form.
    assert.equal(await page.getByTestId('card-members-edit').getAttribute('href'), `#/households/${id}/edit?at=members`);
    assert.equal(await page.getByTestId('card-measures-edit').getAttribute('href'), `#/households/${id}/edit?at=measures`);

    // Printed: the card's facts on one A4 page, no buttons.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    assert.equal(await page.getByTestId('card-add-visit').isVisible(), false);
    assert.ok(await page.locator('.card-title').isVisible(), 'the 户卡 heading is printed');
    await screenshot(page, 'card-print', { fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    assert.equal(pdfPages(pdf), 1, 'the card prints on one A4 page');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });

    // The list: the suggestion as one, sorting, and search by phone.
    await go(page, '#/');
    const rows = await listRows(page);
    assert.equal(rows.length, 2);
    assert.match(rows.find((r) => r.includes('陈大山')), /建议：边缘易致贫户/);
    await page.getByTestId('sort').selectOption('name');
    const byName = await listRows(page);
    assert.ok(byName[0].startsWith('刘建国'), byName.join(' | '));
    await page.getByTestId('search').fill('13885405678');
    await page.getByTestId('match-count').filter({ hasText: '1 / 1' }).waitFor();
    assert.match((await listRows(page))[0], /陈大山/);
    await screenshot(page, 'card-list-search-phone');
    console.log(`# card first paint after a reload (navigation → head's name, CPU 1×, includes the app start): ${firstPaint} ms`);
  });
});
