// The household form in steps, at 390×844: steps with progress, each member on a sub-screen
// from a compact list, the live judgement always in view, leaving with unsaved changes asks
// first, every change saved (a reload right after a keystroke finds it), long texts on several
// lines, every tap target at least 44px, and every input under its standard field name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT, familyOfFour, fillField, fillHousehold, formField, go, householdCount, memberList,
  openBrowser, save, screenshot, showStep, startServer,
} from '../support.mjs';

const STEPS = ['basic', 'members', 'income', 'guarantees', 'risks', 'measures', 'visits', 'procedure'];

let server;
let browser;
let page;
before(async () => {
  server = await startServer();
  browser = await openBrowser();
  page = browser.page;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a blank new-household form (any draft of an earlier test dropped first). */
async function blankForm() {
  await page.goto('about:blank');
  await page.goto(`${server.base}/#/households/new`);
  await page.getByTestId('save').waitFor();
  const discard = page.getByTestId('draft-note').getByRole('button');
  if (await discard.count()) {
    await Promise.all([page.waitForEvent('load'), discard.click()]);
    await page.getByTestId('save').waitFor();
  }
}

/** The standard field names of DOMAIN.md §10, read from the domain crate's table. */
function standardNames() {
  const src = readFileSync(path.join(ROOT, 'crates/domain/src/labels.rs'), 'utf8');
  return [...src.matchAll(/\(\s*"([a-z_.]+)",\s*"([^"]+)",\s*"[^"]*"\s*\)/g)].map((m) => [m[1], m[2]]);
}

/** The standard name of the field at `path`, found as the domain finds it (indices dropped). */
function standardName(names, fieldPath) {
  const key = fieldPath.replace(/\[\d+\]/g, '');
  const exact = names.find(([k]) => k === key);
  if (exact) return exact[1];
  const byLast = names.filter(([k]) => k.split('.').at(-1) === key);
  return byLast.length === 1 ? byLast[0][1] : null;
}

/** Every visible control of the form and its label: [{ name, label, tag, type, height, width }]. */
function visibleControls() {
  return page.locator('section.form').evaluate((form) => [...form.querySelectorAll('input, select, textarea')]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => {
      const label = el.id ? form.querySelector(`label[for="${el.id}"]`) : null;
      const box = (el.type === 'checkbox' ? el.closest('.field') : el).getBoundingClientRect();
      return { id: el.id, name: el.name, label: label?.textContent.trim() ?? null, tag: el.tagName, type: el.type, height: box.height, width: box.width };
    }));
}

/** Every visible button of the page's main part that is smaller than 44×44 px. */
function smallButtons() {
  return page.locator('main').evaluate((main) => [...main.querySelectorAll('button, a.button')]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => ({ text: el.textContent.trim(), ...el.getBoundingClientRect().toJSON() }))
    .filter((b) => b.height < 44 || b.width < 44)
    .map((b) => `${b.text} (${Math.round(b.width)}×${Math.round(b.height)})`));
}

test('the form goes in steps with progress; every input has its standard label; every tap target is 44px', { timeout: 120_000 }, async () => {
  await blankForm();
  const names = standardNames();
  const steps = page.getByTestId('steps').getByRole('button');
  assert.equal(await steps.count(), STEPS.length);
  assert.equal(await page.getByTestId('step-of').innerText(), '第 1 步，共 8 步');
  // A blank form opens on what it waits for, not on a red badge.
  assert.match(await page.getByTestId('live-classification').innerText(), /填写成员姓名或收入后/);
  for (const [i, id] of STEPS.entries()) {
    if (i > 0) await page.getByTestId('step-next').click();
    await page.locator(`[data-step="${id}"]`).waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('step-of').innerText(), `第 ${i + 1} 步，共 8 步`);
    assert.equal(await page.getByTestId(`step-${id}`).getAttribute('aria-current'), 'step');
    // One step on screen: the others are in the page, hidden.
    assert.equal(await page.locator('[data-step]:not([hidden])').count(), 1);
    if (id === 'measures') await page.getByTestId('measure-add').click();
    if (id === 'visits') await page.getByTestId('visit-add').click();
    if (id === 'risks') await page.getByTestId('risk-add').click();
    const controls = await visibleControls();
    assert.ok(controls.length > 0, `step ${id} shows its fields`);
    for (const c of controls) {
      assert.ok(c.label, `${c.name} (step ${id}) has a <label for>`);
      assert.equal(c.label, standardName(names, c.name), `${c.name} is labelled with its standard name`);
      assert.ok(c.height >= 44, `${c.name} is ${c.height}px tall (step ${id})`);
    }
    assert.deepEqual(await smallButtons(), [], `step ${id}: buttons under 44px`);
    await screenshot(page, `form-step-${i + 1}-${id}`, { fullPage: true });
  }
  assert.ok(await page.getByTestId('step-next').isDisabled(), 'no step after the last');
  // Long texts are on several lines.
  for (const id of ['#f-visits-0-notes', '#f-measures-0-content', '#f-monitoring-override_reason']) {
    assert.equal(await page.locator(id).evaluate((el) => el.tagName), 'TEXTAREA', `${id} is multi-line`);
  }
  await page.getByTestId('step-basic').click();
  await page.locator('[data-step="basic"]').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('step-prev').isDisabled(), true);
});

test('members are a compact list: adding one adds one row, editing one redraws no other, details on a sub-screen', { timeout: 120_000 }, async () => {
  await blankForm();
  await fillHousehold(page, familyOfFour({ n: 3 }));
  await memberList(page);
  const rows = page.getByTestId('member');
  assert.equal(await rows.count(), 4);
  assert.match(await rows.nth(1).getByTestId('member-summary').innerText(), /配偶 · 女 · \d+ 岁/);
  // Mark the rows' elements: a row that is drawn again loses its mark.
  await rows.evaluateAll((els) => els.forEach((el, i) => (el.__mark = i)));
  const controlsBefore = await page.locator('[data-step="members"] :is(input, select, textarea, button)').count();
  await page.getByTestId('member-add').click();
  assert.equal(await rows.count(), 5);
  const controlsAfter = await page.locator('[data-step="members"] :is(input, select, textarea, button)').count();
  assert.equal(controlsAfter - controlsBefore, 2, 'one row: a name and its details button');
  // The new name is ready to type.
  await page.waitForFunction(() => document.activeElement?.id === 'f-members-4-name');
  await fillField(page, '#f-members-4-name', '王小花');
  await fillField(page, '#f-members-2-work_place', '都匀市');
  await memberList(page);
  assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.__mark)), [0, 1, 2, 3, undefined], 'the first four rows were not drawn again');
  await screenshot(page, 'form-member-list');

  // The sub-screen: one member's fields, the name in the title.
  await rows.nth(2).getByTestId('member-open').click();
  const sub = page.getByTestId('member-screen');
  await sub.waitFor();
  assert.match(await sub.locator('h3').innerText(), /成员 3：王小军/);
  assert.equal(await page.locator('#f-members-2-work_place').inputValue(), '都匀市');
  assert.equal(await rows.first().isVisible(), false, 'the list gives way to the member');
  await screenshot(page, 'form-member-screen', { fullPage: true });
  // Removing the new member from its sub-screen goes back to the list.
  await memberList(page);
  await rows.nth(4).getByTestId('member-open').click();
  await page.getByTestId('member-remove').click();
  await page.getByTestId('member-add').waitFor({ state: 'visible' });
  assert.equal(await rows.count(), 4);
});

test('the live judgement stays in view and follows each keystroke; an error elsewhere is found from the save bar', { timeout: 120_000 }, async () => {
  await blankForm();
  await fillHousehold(page, familyOfFour({ n: 4, wages: '22000' }));
  await showStep(page, 'income');
  const perCapita = page.getByTestId('per-capita');
  assert.match(await perCapita.innerText(), /7775/); // (22000 + 6500 + 2600) / 4
  await page.locator('#f-income-wages').fill('30000');
  assert.match(await perCapita.innerText(), /9775/);
  await page.getByTestId('warning-badge').waitFor();
  // Scrolled to the bottom of the step, the judgement is still on screen.
  await page.locator('#f-income-stable_since').scrollIntoViewIfNeeded();
  const box = await page.getByTestId('live-classification').boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 844, `the judgement is in view (${JSON.stringify(box)})`);
  await screenshot(page, 'form-income-scrolled');

  // An error on a member's sub-screen while on another step: counted on its step, found in one tap.
  await fillField(page, '#f-members-1-id_number', '52270119800903002');
  await showStep(page, 'income');
  const blocker = page.getByTestId('errors-block-save');
  await blocker.waitFor();
  assert.equal(await page.getByTestId('step-members').locator('.errors').innerText(), '1');
  await page.getByTestId('first-error').click();
  await page.getByTestId('member-screen').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'f-members-1-id_number');
  await page.getByTestId('problem-f-members-1-id_number').waitFor();
  await screenshot(page, 'form-first-error');
});

test('every change is saved: a reload right after a keystroke finds it', { timeout: 120_000 }, async () => {
  await blankForm();
  await fillField(page, '#f-address', '良亩村三组 9 号');
  await fillField(page, '#f-members-0-name', '张');
  // The last keystroke and the reload with nothing in between.
  const name = page.locator('#f-members-0-name');
  await name.press('End');
  await name.pressSequentially('德明');
  await page.reload();
  assert.equal(await (await formField(page, '#f-members-0-name')).inputValue(), '张德明');
  assert.equal(await (await formField(page, '#f-address')).inputValue(), '良亩村三组 9 号');
  await page.getByTestId('draft-note').waitFor();
  // The same on a later step, with the reload in the very task of the keystroke: no idle time
  // comes between them, only the page going away.
  await formField(page, '#f-income-wages');
  await Promise.all([
    page.waitForEvent('load'),
    page.evaluate(() => {
      const wages = document.querySelector('#f-income-wages');
      wages.value = '12345';
      wages.dispatchEvent(new Event('input', { bubbles: true }));
      location.reload();
    }),
  ]);
  assert.equal(await (await formField(page, '#f-income-wages')).inputValue(), '12345');
});

test('leaving with unsaved changes asks first: stay, leave keeping the draft, or discard', { timeout: 120_000 }, async () => {
  await blankForm();
  await fillField(page, '#f-members-0-name', '李离开');
  const dialog = page.getByTestId('leave-dialog');
  await page.getByTestId('nav-list').click();
  await dialog.waitFor();
  assert.match(page.url(), /#\/households\/new$/, 'the link was held');
  await screenshot(page, 'form-leave-dialog');
  await page.getByTestId('leave-stay').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#f-members-0-name').inputValue(), '李离开');

  // Leaving keeps the draft: the form opens with it again.
  await page.getByTestId('nav-todo').click();
  await page.getByTestId('leave-keep').click();
  await page.getByTestId('todo-page').waitFor();
  await go(page, '#/households/new');
  assert.equal(await (await formField(page, '#f-members-0-name')).inputValue(), '李离开');
  await page.getByTestId('draft-note').waitFor();

  // Discarding drops it: nothing saved, and the form is blank again.
  await page.getByTestId('nav-list').click();
  await page.getByTestId('leave-discard').click();
  await page.getByTestId('counts').waitFor();
  assert.equal(await householdCount(page), 0);
  await go(page, '#/households/new');
  assert.equal(await (await formField(page, '#f-members-0-name')).inputValue(), '');

  // A saved form leaves without a question.
  await blankForm();
  await fillHousehold(page, familyOfFour({ n: 5 }));
  await save(page);
  await page.getByTestId('nav-list').click();
  await page.getByTestId('counts').waitFor();
  assert.equal(await householdCount(page), 1);
});
