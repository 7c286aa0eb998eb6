// Void and restore (#13): a worker voids a household registered by mistake, with the reason; it
// leaves the list, the counts and, once synced, the office's exports; the worker cannot restore
// it. The township's reviewer, on a desktop, finds it among the voided households of the list,
// restores it from its card, and the worker's phone has it back after its next sync.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, go, householdCount, openApp, screenshot, startServer, withBrowser } from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
const DESKTOP = { width: 1280, height: 800 };
// Demo household 3: sample 03 in village 1 (crates/server/src/demo.rs).
const MISTAKE = '00000000-0000-7000-8000-000000000003';

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

async function exportCsv() {
  const login = await api(server.base, '/auth/login', {
    body: { username: 'reviewer', password: DEMO_PASSWORD, device_id: 'e2e-export', device_name: 'e2e' },
  });
  const res = await fetch(`${server.base}/api/v1/office/export.csv`, { headers: { authorization: `Bearer ${login.body.token}` } });
  assert.equal(res.status, 200);
  return res.text();
}

test('a worker voids a household with a reason, and only the office restores it', { timeout: 300_000 }, async () => {
  await withBrowser('void-worker', async ({ page: phone }) => {
    await appLogin(phone, 'worker1');
    await synced(phone);
    await go(phone, '#/');
    const before = await householdCount(phone);
    await go(phone, `#/households/${MISTAKE}`);
    await phone.getByTestId('detail-head').waitFor();
    const head = (await phone.getByTestId('detail-head').innerText()).trim();
    const number = (await phone.locator('.household-head .meta').innerText()).match(/户编号 (\d+)/)[1];
    assert.ok((await exportCsv()).includes(number), 'exported before');

    await phone.getByTestId('void-open').click();
    await phone.getByTestId('void-reason').fill('与本村另一户重复登记');
    await screenshot(phone, 'void-form');
    await phone.getByTestId('void-confirm').click();
    await phone.getByTestId('card-voided').waitFor();
    assert.match(await phone.getByTestId('card-voided').innerText(), /作废：与本村另一户重复登记[\s\S]*只有乡镇办公室能恢复/);
    assert.equal(await phone.getByTestId('restore-submit').count(), 0, 'no restore for a worker');
    assert.equal(await phone.getByTestId('card-actions').count(), 0, 'nothing else to do on a voided household');
    await screenshot(phone, 'void-card');
    await synced(phone);

    // Gone from the list and its counts; shown only when asked for.
    await go(phone, '#/');
    assert.equal(await householdCount(phone), before - 1);
    assert.equal(await phone.getByTestId('row').filter({ hasText: head }).count(), 0);
    await phone.getByTestId('toggle-voided').click();
    await phone.getByTestId('row').filter({ hasText: head }).waitFor();
    await screenshot(phone, 'void-list-voided');
    assert.ok(!(await exportCsv()).includes(number), 'gone from the export');

    await withBrowser('void-office', async ({ page: pc }) => {
      await appLogin(pc, 'reviewer');
      await synced(pc);
      await go(pc, '#/');
      await pc.getByTestId('toggle-voided').click();
      await pc.getByTestId('row').filter({ hasText: head }).click();
      await pc.getByTestId('card-voided').waitFor();
      await screenshot(pc, 'void-office-card');
      await pc.getByTestId('restore-submit').click();
      await pc.getByTestId('restore-done').waitFor();
      await synced(pc);
      await pc.getByTestId('card-voided').waitFor({ state: 'detached' });
    }, { viewport: DESKTOP });

    assert.ok((await exportCsv()).includes(number), 'exported again');
    await phone.getByTestId('sync-now').click();
    await synced(phone);
    await go(phone, '#/');
    await phone.getByTestId('row').filter({ hasText: head }).waitFor();
    assert.equal(await householdCount(phone), before);
    await go(phone, `#/households/${MISTAKE}`);
    await phone.getByTestId('detail-head').waitFor();
    assert.equal(await phone.getByTestId('card-voided').count(), 0);
    await screenshot(phone, 'void-restored-on-phone');
  });
});
