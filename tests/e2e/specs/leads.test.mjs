// 核实线索 on the worker's phone (#16), at 390×844: the township uploads the medical insurance
// bureau's list of the month; the member it names is in a household of worker 1's village, so the
// server makes a lead. After sync the to-do list has it (with the time limit), the card shows what
// the department found, and the worker records 不纳入 with the reason; the edit goes up by itself
// and the office's list has the lead closed with that outcome.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, apiLogin, daysAgo, go, openApp, screenshot, startServer, withBrowser } from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
const VILLAGE_1 = '532328100201';

let server;
before(async () => {
  server = await startServer({ demo: true });
});
after(async () => {
  await server?.stop();
});

/** Uploads a department's list as the office screen does: multipart, with its source and month. */
async function uploadList(token, csv) {
  const form = new FormData();
  form.append('source', 'medical');
  form.append('month', daysAgo(0).slice(0, 7));
  form.append('dry_run', 'false');
  form.append('file', new Blob([csv], { type: 'text/csv' }), '医保局名单.csv');
  const r = await fetch(`${server.base}/api/v1/office/leads/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form,
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body;
}

test('a department\'s lead reaches the worker\'s to-do and card, and the outcome recorded there closes it', { timeout: 180_000 }, async () => {
  const office = await apiLogin(server.base, 'reviewer', DEMO_PASSWORD);
  const pulled = await api(server.base, '/sync/pull', {
    token: office, body: { protocol: 1, device_id: 'e2e-office', cursor: 0, limit: 1000 },
  });
  assert.equal(pulled.status, 200, JSON.stringify(pulled.body));
  const h = pulled.body.households.map((v) => v.household).find((x) => x.area.code === VILLAGE_1 && x.members.length > 1);
  const member = h.members[1];
  const head = h.members.find((m) => m.relation === 'head').name;
  const report = await uploadList(office, `证件号码,姓名,个人自付金额,说明\n${member.id_number},${member.name},23000,住院自付\n`);
  assert.equal(report.matched.length, 1, JSON.stringify(report));

  await withBrowser('leads', async ({ page }) => {
    await openApp(page, server.base, '#/login');
    await page.locator('#login-username').fill('worker1');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.locator('#login-submit').click();
    await page.getByTestId('login-current').waitFor();
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });

    await go(page, '#/todo');
    const item = page.getByTestId('todo-leads').getByTestId('todo-item').filter({ hasText: head });
    await item.waitFor();
    assert.equal(await item.getByTestId('todo-what').innerText(), '部门名单发现 1 条线索，请入户核实');
    assert.match(await item.getByTestId('todo-when').innerText(), /^\d{4}-\d{2}-\d{2} 前/);
    await screenshot(page, 'todo-leads');

    await item.locator('a').click();
    const lead = page.getByTestId('card-lead');
    await lead.waitFor();
    const said = await lead.innerText();
    assert.match(said, /医保部门/);
    assert.match(said, new RegExp(member.name));
    assert.match(said, /23000/);
    assert.match(said, /住院自付/);
    assert.match(await lead.getByTestId('card-lead-status').innerText(), /须在 \d{4}-\d{2}-\d{2} 前核实/);

    await lead.getByTestId('lead-check').click();
    // Nothing chosen: the form says what is missing, and saves nothing.
    await page.getByTestId('lead-save').click();
    assert.match(await page.getByTestId('lead-errors').innerText(), /请选择核实结论/);
    await page.getByLabel('不纳入').check();
    await page.getByLabel('核实理由').fill('住院费用已由大病保险报销，家庭收入稳定');
    await screenshot(page, 'card-lead-form');
    await page.getByTestId('lead-save').click();
    await page.getByTestId('lead-saved').waitFor();
    assert.match(await page.getByTestId('card-lead-status').innerText(), /已核实：不纳入/);
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'card-lead-checked');

    // The to-do item is gone; the office's list has the lead closed with the worker's outcome.
    await go(page, '#/todo');
    await page.getByTestId('todo-page').waitFor();
    assert.equal(await page.getByTestId('todo-leads').count(), 0);
  });
  const list = await api(server.base, '/office/leads', { token: office });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.open.length, 0, JSON.stringify(list.body.open));
  assert.equal(list.body.closed.length, 1);
  assert.match(JSON.stringify(list.body.closed[0]), /住院费用已由大病保险报销/);
});
