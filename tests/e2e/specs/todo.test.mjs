// 待办 (#13) at 390×844: a step the township returned (with its comment and the procedure's last
// day), an upload the server refused (with the reason), a red household with no procedure, a
// household never visited and a monthly visit overdue — each item saying what is due and by when.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  api, daysAgo, familyOfFour, fillField, fillHousehold, formField, go, illHousehold, openApp, registerHousehold, save, screenshot,
  shouwangCli, startServer, withBrowser,
} from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
// Demo household 1: sample 01 in village 1, a lead and no home check (crates/server/src/demo.rs).
const LEAD_ONLY = '00000000-0000-7000-8000-000000000001';
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

const synced = (page) => page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });

/** The to-do item of the household headed by `head` in group `testid`: its what and its when. */
async function item(page, testid, head) {
  const row = page.getByTestId(testid).getByTestId('todo-item').filter({ hasText: head });
  await row.waitFor();
  return { what: await row.getByTestId('todo-what').innerText(), when: await row.getByTestId('todo-when').innerText() };
}

test('the to-do list says what is due for each household, and by when', { timeout: 300_000 }, async () => {
  await withBrowser('todo', async ({ page }) => {
    // Village 2 is worker 1's at sign-in, and handed to another worker right after: the phone
    // still offers it, the server refuses it.
    shouwangCli(server, ['user', 'assign', 'worker1', VILLAGE_2[0]]);
    await appLogin(page, 'worker1');
    await synced(page);
    shouwangCli(server, ['user', 'unassign', 'worker1', VILLAGE_2[0]]);

    // The worker records the home check; the township returns the village review.
    await go(page, `#/households/${LEAD_ONLY}/edit`);
    await fillField(page, '#f-monitoring-procedure-home_check', daysAgo(0));
    await save(page);
    const head = (await page.getByTestId('detail-head').innerText()).trim();
    await synced(page);
    const login = await api(server.base, '/auth/login', {
      body: { username: 'reviewer', password: DEMO_PASSWORD, device_id: 'e2e-todo', device_name: 'e2e' },
    });
    const queue = await api(server.base, '/office/queue', { token: login.body.token });
    const waiting = queue.body.items.find((i) => i.household.household_id === LEAD_ONLY);
    const returned = await api(server.base, `/office/households/${LEAD_ONLY}/decision`, {
      token: login.body.token,
      body: { step: 'village_review', approve: false, comment: '请补充入户核实照片', base_revision: waiting.revision },
    });
    assert.equal(returned.status, 200, JSON.stringify(returned.body));
    await page.getByTestId('sync-now').click();
    await synced(page);

    // A household registered in a village no longer the worker's: refused.
    const elsewhere = familyOfFour({ n: 8, surname: '周' });
    [elsewhere.areaCode, elsewhere.areaName] = VILLAGE_2;
    await registerHousehold(page, elsewhere);
    await page.getByTestId('card-refused').waitFor({ timeout: 30_000 });

    // Red (food and clothing not secured) with no procedure, never visited.
    await go(page, '#/households/new');
    await page.locator('#f-area-code').waitFor();
    const red = familyOfFour({ n: 9, surname: '吴' });
    [red.areaCode, red.areaName] = VILLAGE_1;
    await fillHousehold(page, red);
    await (await formField(page, '#f-guarantees-food_clothing_insecure')).check();
    await save(page);

    // At risk, last visited 40 days ago: its monthly visit is overdue.
    const ill = illHousehold({ n: 10 });
    [ill.areaCode, ill.areaName] = VILLAGE_1;
    await registerHousehold(page, ill);
    // Its upload redraws the card: typed after it (what the card keeps over a redraw is its
    // forms being open, not their fields).
    await page.getByTestId('card-waiting').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('card-add-visit').click();
    await page.locator('#qv-date').fill(daysAgo(40));
    await page.getByTestId('visit-save').click();
    await page.getByTestId('quick-saved').waitFor();

    await go(page, '#/todo');
    await page.getByTestId('todo-page').waitFor();
    const r = await item(page, 'todo-returned', head);
    assert.match(r.what, /「村级民主评议」被退回：请补充入户核实照片/);
    assert.match(r.when, /^\d{4}-\d{2}-\d{2} 前/);
    const refused = await item(page, 'todo-refused', '周建国');
    assert.match(refused.what, /不是你负责的村/);
    assert.equal(refused.when, '尽快');
    const start = await item(page, 'todo-start-procedure', '吴建国');
    assert.match(start.what, /登记发现线索，启动识别程序/);
    const first = await item(page, 'todo-first-visit', '吴建国');
    assert.equal(first.what, '首次入户走访');
    const visit = await item(page, 'todo-visits', '陈大山');
    assert.match(visit.what, new RegExp(`上次走访 ${daysAgo(40)}`));
    assert.match(visit.when, new RegExp(`^${daysAgo(10)} 前 · 超期 10 天`));
    // The groups come most urgent first.
    const groups = await page.locator('[data-testid="todo-page"] ul.rows').evaluateAll((uls) => uls.map((u) => u.dataset.testid));
    const order = ['todo-returned', 'todo-refused', 'todo-leads', 'todo-start-procedure', 'todo-procedures', 'todo-first-visit', 'todo-visits'];
    assert.deepEqual(groups, order.filter((g) => groups.includes(g)));
    await screenshot(page, 'todo-items');
    await screenshot(page, 'todo-items-full', { fullPage: true });
  });
});
