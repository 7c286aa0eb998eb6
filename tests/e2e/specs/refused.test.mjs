// Every refusal explained where the worker is, and sync without tapping 同步 (#13), at 390×844.
// The phone refuses a household outside the worker's villages before the save; the server
// refuses what the phone could not know: worker 1 was given village 2, signed in, and then lost it
// to another worker (the admin's command line), so the phone still offers village 2. A household
// registered there goes up by itself and is refused. The list row, the card, the status line and
// the to-do list say so in words (never a record path); the mark stays through an edit that does
// not fix it; the fix — village 1, chosen from the worker's villages — goes up by itself and
// clears every mark.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  familyOfFour, fillField, formField, go, openApp, registerHousehold, save, screenshot, shouwangCli, startServer,
  withBrowser,
} from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
const VILLAGE_1 = ['532328100201', '云南省楚雄彝族自治州元谋县元马镇小雷宰村'];
const VILLAGE_2 = ['532328100202', '云南省楚雄彝族自治州元谋县元马镇能禹村'];

let server;
before(async () => {
  server = await startServer({ demo: true });
});
after(async () => {
  await server?.stop();
});

async function appLogin(page, username) {
  await openApp(page, server.base, '#/login');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.locator('#login-submit').click();
  await page.getByTestId('login-current').waitFor();
}

/** No record path (`area.code`, `members[0].id_number`…) in what the worker reads. */
function inWords(text) {
  assert.doesNotMatch(text, /[a-z_]+\.[a-z_]+|\[\d+\]/, `a technical path in: ${text}`);
}

test('a refused household is marked and explained everywhere, and its fix goes up without tapping 同步', { timeout: 240_000 }, async () => {
  await withBrowser('refused', async ({ page }) => {
    shouwangCli(server, ['user', 'assign', 'worker1', VILLAGE_2[0]]);
    await appLogin(page, 'worker1');
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });
    shouwangCli(server, ['user', 'unassign', 'worker1', VILLAGE_2[0]]);
    // The sync button is never tapped below: every sync is the app's own.
    let taps = 0;
    await page.exposeFunction('countTap', () => { taps += 1; });
    await page.evaluate(() => document.addEventListener('click', (e) => {
      if (e.target.closest('#sync-now')) window.countTap();
    }, true));

    const h = familyOfFour({ n: 7, surname: '钱' });
    [h.areaCode, h.areaName] = VILLAGE_2;
    const id = await registerHousehold(page, h);
    // The save goes up a moment later, and is refused.
    await page.getByTestId('card-refused').waitFor({ timeout: 30_000 });
    const reason = await page.getByTestId('card-refused-reason').innerText();
    assert.match(reason, /能禹村/);
    assert.match(reason, /不是你负责的村/);
    inWords(reason);
    const status = await page.locator('#sync-status').innerText();
    assert.match(status, /钱建国户未上传：所在地区「云南省楚雄彝族自治州元谋县元马镇能禹村」/);
    assert.doesNotMatch(status, /全部已上传/);
    inWords(status);
    await screenshot(page, 'refused-card');

    // The list row says it, with the reason.
    await go(page, '#/');
    const row = page.getByTestId('row').filter({ hasText: '钱建国' });
    assert.match(await row.getByTestId('row-refused').innerText(), /未上传：所在地区/);
    await screenshot(page, 'refused-list');
    // So does the to-do list, from the status line's link.
    await page.getByTestId('sync-refused-link').click();
    await page.getByTestId('todo-refused').waitFor();
    assert.match(await page.getByTestId('todo-refused').innerText(), /钱建国[\s\S]*不是你负责的村/);
    await screenshot(page, 'refused-todo');

    // An edit that does not fix it: still marked, and sent again by itself (refused again).
    await go(page, `#/households/${id}/edit`);
    await fillField(page, '#f-phone', '13885409999');
    await save(page);
    await page.getByTestId('card-refused').waitFor();
    await page.waitForTimeout(6000);
    assert.ok(await page.getByTestId('card-refused').isVisible(), 'stays marked until a version is accepted');

    // The fix: the right village, chosen from the worker's (its name comes with it). The edit of
    // a household already waiting goes up by itself.
    await go(page, `#/households/${id}/edit`);
    const picker = await formField(page, '#f-area');
    const choices = await picker.locator('option').allInnerTexts();
    assert.ok(choices.includes(`${VILLAGE_1[1]}（${VILLAGE_1[0]}）`), choices.join(' | '));
    await picker.selectOption({ label: `${VILLAGE_1[1]}（${VILLAGE_1[0]}）` });
    assert.equal(await page.locator('#f-area-code').inputValue(), VILLAGE_1[0]);
    assert.equal(await page.locator('#f-area-name').inputValue(), VILLAGE_1[1]);
    await save(page);
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('card-refused').count(), 0);
    await go(page, '#/');
    assert.equal(await page.getByTestId('row').filter({ hasText: '钱建国' }).getByTestId('row-refused').count(), 0);
    await go(page, '#/todo');
    await page.getByTestId('todo-page').waitFor();
    assert.equal(await page.getByTestId('todo-refused').count(), 0);
    await screenshot(page, 'refused-fixed');
    assert.equal(taps, 0, 'nobody tapped 同步');

    // The server holds the fixed household in village 1.
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reviewer', password: DEMO_PASSWORD, device_id: 'e2e-check', device_name: 'e2e' }),
    }).then((r) => r.json());
    const history = await fetch(`${server.base}/api/v1/households/${id}/history`, {
      headers: { authorization: `Bearer ${login.token}` },
    }).then((r) => r.json());
    assert.equal(history.versions.at(-1).household.area.code, VILLAGE_1[0]);
  });
});

test('a new household starts in the worker\'s village, and one outside the worker\'s villages is refused on the phone', { timeout: 120_000 }, async () => {
  await withBrowser('village', async ({ page }) => {
    // worker2 has one village, 能禹村: its households come down with the first sync.
    await appLogin(page, 'worker2');
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });
    await go(page, '#/households/new');
    await page.locator('#f-area-code').waitFor();
    assert.equal(await page.locator('#f-area-code').inputValue(), VILLAGE_2[0]);
    assert.equal(await page.locator('#f-area-name').inputValue(), VILLAGE_2[1]);
    const picker = page.locator('#f-area');
    assert.equal(await page.locator('label[for="f-area"]').innerText(), '所在地区');
    assert.deepEqual(await picker.locator('option').allInnerTexts(), [
      '（未选择）', `${VILLAGE_2[1]}（${VILLAGE_2[0]}）`, '其他村（在下面填写代码和名称）',
    ]);
    await screenshot(page, 'form-village');

    // Village 1's code typed by hand: refused at the field, before any sync, in words.
    await fillField(page, '#f-area-code', VILLAGE_1[0]);
    const problem = page.getByTestId('problem-f-area-code');
    await problem.waitFor();
    const said = await problem.innerText();
    assert.match(said, /不是你负责的村（你负责：532328100202）/, said);
    assert.match(said, /保存后也不能上传/, said);
    assert.equal(await picker.inputValue(), '1', 'the picker shows 其他村');
    await page.getByTestId('errors-block-save').waitFor();
    assert.ok(await page.getByTestId('save').isDisabled(), 'save is disabled');
    await screenshot(page, 'form-village-refused');

    // Back to the worker's village from the picker: the error goes.
    await picker.selectOption('0');
    await problem.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#f-area-code').inputValue(), VILLAGE_2[0]);
  });
});
