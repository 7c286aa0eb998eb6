// Sync against the real server: two workers edit the same household offline and both versions
// reach the server's history with the conflict listed; a server killed in the middle of a sync is
// restarted and the retry completes with nothing duplicated and nothing lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  api, apiLogin, appReady, familyOfFour, fillField, go, openApp, registerHousehold, save, screenshot, shouwangCli, startServer,
  withBrowser,
} from '../support.mjs';

const VILLAGE = '532328100201';
const VILLAGE_NAME = '云南省楚雄彝族自治州元谋县元马镇小雷宰村';
const DEMO_PASSWORD = 'shouwang-demo';
// The first demo household, in village 1 (see crates/server/src/demo.rs).
const DEMO_HOUSEHOLD = '00000000-0000-7000-8000-000000000001';

/** A second worker of village 1, made with the command line as an admin would, password set. */
async function addWorker(server, username, password) {
  const out = shouwangCli(server, ['user', 'add', username, '--role', 'worker', '--area', VILLAGE, '--name', `${username} 干部`]);
  const oneTime = out.match(/one-time password: (\S+)/)[1];
  const token = await apiLogin(server.base, username, oneTime);
  const changed = await api(server.base, '/auth/password', {
    token, body: { old_password: oneTime, new_password: password },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
}

/** Signs in through the app's login screen. */
async function appLogin(page, base, username, password) {
  await openApp(page, base, '#/login');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.getByTestId('login-current').waitFor();
}

/** Waits until the status line says everything is sent (a sync finished with nothing waiting). */
async function synced(page, { timeout = 30_000 } = {}) {
  await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout });
}

async function editField(page, id, field, value) {
  await go(page, `#/households/${id}/edit`);
  await fillField(page, `#f-${field}`, value);
  return save(page);
}

test('two workers edit one household offline: both versions are in the history and the conflict is listed', { timeout: 240_000 }, async () => {
  const server = await startServer({ demo: true });
  try {
    await addWorker(server, 'worker1b', 'second-worker-pw');
    await withBrowser('sync-a', async ({ context: ctxA, page: a }) => {
      await withBrowser('sync-b', async ({ context: ctxB, page: b }) => {
        await appLogin(a, server.base, 'worker1', DEMO_PASSWORD);
        await appLogin(b, server.base, 'worker1b', 'second-worker-pw');
        await synced(a);
        await synced(b);
        // Both phones hold village 1's 24 demo households.
        for (const p of [a, b]) {
          await go(p, `#/households/${DEMO_HOUSEHOLD}`);
          await p.getByTestId('detail-head').waitFor();
        }

        await ctxA.setOffline(true);
        await ctxB.setOffline(true);
        await editField(a, DEMO_HOUSEHOLD, 'phone', '13911111111');
        await b.waitForTimeout(50);
        await go(b, `#/households/${DEMO_HOUSEHOLD}/edit`);
        await b.locator('#f-address').fill('小雷宰村五组 3 号');
        await editField(b, DEMO_HOUSEHOLD, 'phone', '13922222222');
        await b.locator('#sync-status', { hasText: '待上传 1 户' }).waitFor();
        await screenshot(b, 'sync-offline-waiting');
        // Signing out with an unsynced edit asks once more, and the first tap does not sign out.
        await go(b, '#/settings');
        await b.getByTestId('logout').click();
        await b.getByTestId('logout-unsynced').filter({ hasText: '还有 1 户' }).waitFor();
        assert.equal((await b.getByTestId('logout').innerText()).trim(), '仍然退出');
        assert.match(await b.locator('#sync-status').innerText(), /待上传 1 户/);
        await screenshot(b, 'sync-logout-unsynced');

        // A comes back online first, then B: each syncs by itself on the `online` event.
        await ctxA.setOffline(false);
        await synced(a);
        await ctxB.setOffline(false);
        await synced(b);
        await screenshot(b, 'sync-done');

        // The server kept both edits and the merge, and lists the conflict for the office.
        const office = await apiLogin(server.base, 'reviewer', DEMO_PASSWORD);
        const history = await api(server.base, `/households/${DEMO_HOUSEHOLD}/history`, { token: office });
        assert.equal(history.status, 200);
        const versions = history.body.versions;
        const edits = versions.filter((v) => v.kind === 'edit' && v.username !== 'demo');
        assert.deepEqual(edits.map((v) => [v.username, v.household.phone]), [
          ['worker1', '13911111111'],
          ['worker1b', '13922222222'],
        ]);
        assert.equal(versions.at(-1).kind, 'merge');
        assert.equal(versions.at(-1).household.phone, '13922222222', 'the later edit wins the phone');
        assert.equal(versions.at(-1).household.address, '小雷宰村五组 3 号', "B's address is kept");
        const conflicts = await api(server.base, '/conflicts', { token: office });
        const mine = conflicts.body.conflicts.filter((c) => c.household_id === DEMO_HOUSEHOLD);
        assert.equal(mine.length, 1);
        assert.deepEqual(mine[0].fields.map((f) => [f.path, f.stored, f.incoming, f.kept]), [
          ['phone', '13911111111', '13922222222', 'incoming'],
        ]);

        // A's next sync brings the merged record to A's phone.
        await a.getByTestId('sync-now').click();
        await synced(a);
        await go(a, `#/households/${DEMO_HOUSEHOLD}/edit`);
        await a.locator('#f-address').waitFor();
        assert.equal(await a.locator('#f-address').inputValue(), '小雷宰村五组 3 号');
        assert.equal(await a.locator('#f-phone').inputValue(), '13922222222');
        // The form opened after the pull starts from the pulled version: no "changed in another
        // tab" warning for a change it already holds.
        assert.equal(await a.getByRole('alert').filter({ hasText: '其他标签页' }).count(), 0);
      });
    });
  } finally {
    await server.stop();
  }
});

test('the server is killed in the middle of a sync: after a restart the retry completes, nothing twice, nothing lost', { timeout: 240_000 }, async () => {
  let server = await startServer({ demo: true });
  try {
    await withBrowser('sync-kill', async ({ context, page }) => {
      await appLogin(page, server.base, 'worker1', DEMO_PASSWORD);
      await synced(page);

      // A day offline: three new households.
      await context.setOffline(true);
      const ids = [];
      for (const n of [1, 2, 3]) {
        ids.push(await registerHousehold(page, {
          ...familyOfFour({ n, surname: ['赵', '钱', '孙'][n - 1] }),
          areaCode: VILLAGE,
          areaName: VILLAGE_NAME,
        }));
      }
      await page.locator('#sync-status', { hasText: '待上传 3 户' }).waitFor();

      // The first push reaches the server and is stored, then the server dies before answering.
      let killed = false;
      await context.route('**/api/v1/sync/push', async (route) => {
        if (killed) return route.continue();
        killed = true;
        const answer = await route.fetch();
        assert.equal(answer.status(), 200, 'the server stored the batch before it died');
        await server.kill();
        await route.abort('connectionreset');
      });
      await context.setOffline(false);
      await page.locator('#sync-status', { hasText: /稍后自动重试/ }).waitFor({ timeout: 30_000 });
      assert.ok(killed);
      await screenshot(page, 'sync-server-down');
      assert.match(await page.locator('#sync-status').innerText(), /待上传 3 户/, 'nothing marked sent without an answer');

      // The server comes back on the same port and data; the worker taps 同步.
      server = await startServer({ port: server.port, dataDir: server.dataDir });
      await page.getByTestId('sync-now').click();
      await synced(page);

      const office = await apiLogin(server.base, 'reviewer', DEMO_PASSWORD);
      for (const id of ids) {
        const history = await api(server.base, `/households/${encodeURIComponent(id)}/history`, { token: office });
        assert.equal(history.status, 200, `household ${id} reached the server`);
        assert.equal(history.body.versions.length, 1, `household ${id} stored exactly once`);
        assert.equal(history.body.versions[0].username, 'worker1');
      }
      // Everything in the township, each household once: 48 demo + 3 new.
      const seen = [];
      let cursor = 0;
      for (;;) {
        const r = await api(server.base, '/sync/pull', {
          token: office, body: { protocol: 1, device_id: 'e2e', cursor, limit: 1000 },
        });
        seen.push(...r.body.households.map((h) => h.household.id));
        cursor = r.body.cursor;
        if (!r.body.more) break;
      }
      assert.equal(seen.length, 51);
      assert.equal(new Set(seen).size, 51);
      for (const id of ids) assert.ok(seen.includes(id));

      // And the phone still has its three, now sent, and finds them after a reload.
      await page.reload();
      await appReady(page);
      await synced(page);
      for (const id of ids) {
        await go(page, `#/households/${id}`);
        await page.getByTestId('detail-head').waitFor();
      }
    });
  } finally {
    await server.stop();
  }
});
