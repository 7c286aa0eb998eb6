// The office's uploads from its screens (#16), on a desktop: the township's own export of its
// households and members chosen in the file chooser is checked and then imported back, storing
// nothing new; the same files with a broken ID number name its row and refuse only that household;
// a roster creates an account whose one-time password is on the printable sheet; a department's
// list becomes leads (matched, unmatched, repeated), the unmatched row is assigned to a household
// from the screen, and the figures count them on the leads screen and on the dashboard.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, apiLogin, go, idNumber, openApp, screenshot, startServer, withBadCheckChar, withBrowser } from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
const DESKTOP = { width: 1280, height: 900 };
const DEMO_HOUSEHOLDS = 48;

let server;
let dir;
before(async () => {
  server = await startServer({ demo: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-import-'));
});
after(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The office's export `sheet` (households or members), as the dashboard's button downloads it. */
async function exported(token, sheet) {
  const r = await fetch(`${server.base}/api/v1/office/export.csv?sheet=${sheet}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(r.status, 200);
  return r.text();
}

function file(name, text) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

test('households, the roster and a department\'s list uploaded from the office screens', { timeout: 240_000 }, async () => {
  const office = await apiLogin(server.base, 'reviewer', DEMO_PASSWORD);
  const households = await exported(office, 'households');
  const members = await exported(office, 'members');
  const clean = [file('户.csv', households), file('家庭成员.csv', members)];
  // One member's ID number with its check character broken: that household is refused.
  const pulled = await api(server.base, '/sync/pull', {
    token: office, body: { protocol: 1, device_id: 'e2e-import', cursor: 0, limit: 1000 },
  });
  const all = pulled.body.households.map((v) => v.household);
  const victim = all.find((h) => h.members.length > 1).members[1].id_number;
  assert.ok(members.includes(victim));
  const broken = [file('户-2.csv', households), file('家庭成员-2.csv', members.replace(victim, withBadCheckChar(victim)))];

  await withBrowser('office-import', async ({ page }) => {
    await openApp(page, server.base, '#/login');
    await page.locator('#login-username').fill('reviewer');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.locator('#login-submit').click();
    await page.getByTestId('login-current').waitFor();
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });

    // Export → import: the check and the import both find every household unchanged.
    await go(page, '#/office/import');
    const households = page.getByTestId('import-households');
    await households.getByTestId('import-check').click();
    assert.match(await households.getByRole('alert').innerText(), /请先选择文件/);
    await page.getByLabel('文件').first().setInputFiles(clean);
    await households.getByTestId('import-check').click();
    const report = households.getByTestId('import-report');
    await report.waitFor();
    assert.equal(await report.getAttribute('data-dry-run'), 'true');
    assert.equal(await report.getByTestId('import-counts').innerText(),
      `读取 ${DEMO_HOUSEHOLDS} 户：新增 0，有变化 0，无变化 ${DEMO_HOUSEHOLDS}，拒绝 0`);
    await report.getByTestId('no-problems').waitFor();

    // The broken file: the check names the member's row and column; the import refuses only it.
    await page.getByLabel('文件').first().setInputFiles(broken);
    await households.getByTestId('import-check').click();
    await households.locator('[data-testid=import-report][data-dry-run=true] [data-testid=problem]').first().waitFor();
    const problem = await households.getByTestId('problem').first().innerText();
    assert.match(problem, /家庭成员-2\.csv · 第 \d+ 行 · 证件号码/);
    assert.match(problem, /错误/);
    await screenshot(page, 'office-import-check', { fullPage: true });
    await households.getByTestId('import-run').click();
    const done = households.locator('[data-testid=import-report][data-dry-run=false]');
    await done.waitFor({ timeout: 60_000 });
    assert.equal(await done.getByTestId('import-counts').innerText(),
      `读取 ${DEMO_HOUSEHOLDS} 户：新增 0，有变化 0，无变化 ${DEMO_HOUSEHOLDS - 1}，拒绝 1`);
    assert.match(await done.innerText(), /各村的手机在下次同步时收到这些户/);

    // The roster: one new worker of village 1 and the demo's worker1, who exists already.
    const roster = file('名单.csv', '姓名,手机号码,用户名,角色,负责村\n张新,13800000001,zhangxin,驻村干部,532328100201\n'
      + '李工,13800000002,worker1,驻村干部,532328100201\n');
    const people = page.getByTestId('import-people');
    await people.getByLabel('文件').setInputFiles(roster);
    await people.getByTestId('people-check').click();
    await people.locator('[data-testid=people-report][data-dry-run=true]').waitFor();
    assert.equal(await people.getByTestId('people-counts').innerText(), '新建 1 个账号；已存在、未改动 1 个');
    await people.getByTestId('people-run').click();
    const sheet = people.getByTestId('people-sheet');
    await sheet.waitFor();
    assert.match(await sheet.locator('h3').innerText(), /532328100201/);
    const password = (await sheet.getByTestId('people-password').innerText()).trim();
    assert.ok(password.length >= 8, `one-time password: ${password}`);
    const login = await api(server.base, '/auth/login', {
      body: { username: 'zhangxin', password, device_id: 'e2e-zhangxin', device_name: 'e2e' },
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    await screenshot(page, 'office-import-roster', { fullPage: true });

    // A department's list: a member of a household, the same row again, and a person in no household.
    await go(page, '#/office/leads');
    const upload = page.getByTestId('lead-upload');
    await upload.waitFor();
    const member = all.find((h) => h.members.length > 2);
    const named = member.members[2];
    const stranger = idNumber('1975-03-04', { male: true, area: '532328', n: 42 });
    const list = file('民政局名单.csv', `证件号码,姓名,金额,说明\n${named.id_number},${named.name},5000,低保边缘\n`
      + `${named.id_number},${named.name},5000,低保边缘\n${stranger},赵外来,3000,新申请低保\n`);
    await upload.getByLabel('线索来源').selectOption('civil_affairs');
    await upload.getByLabel('文件').setInputFiles(list);
    await upload.getByTestId('lead-check').click();
    await upload.locator('[data-testid=lead-report][data-dry-run=true]').waitFor();
    assert.equal(await upload.getByTestId('lead-counts').innerText(), '读取 3 行：生成线索 1 条，已有 1 条，未匹配 1 行');
    await upload.getByTestId('lead-send').click();
    await page.locator('[data-testid=lead-report][data-dry-run=false]').waitFor();
    const head = member.members.find((m) => m.relation === 'head').name;
    const open = page.getByTestId('lead-open').filter({ hasText: named.name });
    await open.waitFor();
    assert.match(await open.innerText(), new RegExp(head));
    assert.match(await open.innerText(), /识别时限：\d{4}-\d{2}-\d{2} · 剩余 \d+ 天/);
    const unmatched = page.getByTestId('lead-unmatched').filter({ hasText: '赵外来' });
    await unmatched.waitFor();
    await screenshot(page, 'office-leads', { fullPage: true });

    // Assigned from the screen to another household: it leaves the unmatched rows for the open leads.
    const target = all.find((h) => h.id !== member.id && h.members.length > 0);
    const targetHead = target.members.find((m) => m.relation === 'head').name;
    await unmatched.getByLabel('输入户主姓名查找').fill(targetHead);
    await unmatched.getByLabel(new RegExp(`^${targetHead} · `)).first().check();
    await unmatched.getByTestId('assign-submit').click();
    await page.getByTestId('lead-open').filter({ hasText: '赵外来' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('lead-unmatched').count(), 0);
    const total = page.getByTestId('lead-figures-row').last();
    assert.match(await total.innerText(), /^合计\s+2\s+2\s+0\s+0\s+0\s+0$/);

    await go(page, '#/office/dashboard');
    const figures = page.getByTestId('lead-figures');
    await figures.waitFor();
    assert.match(await figures.getByTestId('lead-figures-row').last().innerText(), /^合计\s+2\s+2/);
    assert.equal(await figures.getByTestId('lead-days').innerText(), '还没有核实完的线索。');
    await screenshot(page, 'office-dashboard-leads', { fullPage: true });
  }, { viewport: DESKTOP });
});
