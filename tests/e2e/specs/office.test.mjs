// The township office against the real server (demo township): a worker records a home check and
// syncs; the reviewer, in a second browser, finds the household in the review queue, approves the
// village review, and the worker's phone shows the decision after its next sync. The dashboard
// draws its charts, the exports download, the 公示 page shows no ID number or phone number of the
// village's households, the change history lists the edits, and 风险消除 is refused with the unmet
// conditions listed one by one, or started and run through its own procedure in the queue (village
// review dated when the village held it, 公示 — when the household is on the village's notice under
// its own heading — township check, county approval) until the household is marked eliminated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  api, daysAgo, fillField, formField, go, openApp, save, screenshot, signConsent, startServer, withBrowser,
} from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
const VILLAGE = '532328100201';
// Demo households (crates/server/src/demo.rs: household n is sample (n-1) % 12 in village (n-1) % 2).
const LEAD_ONLY = '00000000-0000-7000-8000-000000000001'; // sample 01: a lead, no home check yet
const NOBODY_WORKS = '00000000-0000-7000-8000-000000000007'; // sample 07: exit blocked
const EXIT_READY = '00000000-0000-7000-8000-000000000008'; // sample 08: exit conditions met
const EXIT_VILLAGE = '532328100202'; // household 8's village
const DESKTOP = { width: 1280, height: 800 };

/** Today in the township (Beijing), as the server counts days: YYYY-MM-DD. */
const today = () => daysAgo(0);

/** Every household the reviewer may see, as the server holds it now. */
async function township(base) {
  const login = await api(base, '/auth/login', {
    body: { username: 'reviewer', password: DEMO_PASSWORD, device_id: 'e2e-office-check', device_name: 'e2e' },
  });
  assert.equal(login.status, 200);
  const out = [];
  let cursor = 0;
  for (;;) {
    const r = await api(base, '/sync/pull', {
      token: login.body.token, body: { protocol: 1, device_id: 'e2e-office-check', cursor, limit: 1000 },
    });
    assert.equal(r.status, 200);
    out.push(...r.body.households.map((h) => h.household));
    cursor = r.body.cursor;
    if (!r.body.more) break;
  }
  return out;
}

async function appLogin(page, base, username) {
  await openApp(page, base, '#/login');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.locator('#login-submit').click();
  await page.getByTestId('login-current').waitFor();
}

async function synced(page) {
  await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });
}

/** Taps 同步 and waits for the sync to finish with nothing waiting. */
async function syncNow(page) {
  await page.getByTestId('sync-now').click();
  await synced(page);
}

test('a reviewer approves in the office queue what a worker synced, and the phone shows the decision', { timeout: 300_000 }, async () => {
  const server = await startServer({ demo: true });
  try {
    await withBrowser('office-worker', async ({ page: phone }) => {
      await withBrowser('office-reviewer', async ({ context: office, page: pc }) => {
        // The worker records the home check of a household with a lead, and syncs.
        await appLogin(phone, server.base, 'worker1');
        await synced(phone);
        assert.equal(await phone.getByTestId('nav-office').count(), 0, 'no office entry for a worker');
        await go(phone, `#/households/${LEAD_ONLY}/edit`);
        await fillField(phone, '#f-monitoring-procedure-home_check', today());
        await save(phone);
        // The household signs the 承诺授权书 at the home check: the review needs it (#17).
        await signConsent(phone, LEAD_ONLY);
        await syncNow(phone);
        await go(phone, '#/office/queue');
        await phone.getByTestId('office-not-allowed').waitFor();

        // The reviewer opens the queue from the office entry.
        await appLogin(pc, server.base, 'reviewer');
        await pc.getByTestId('nav-office').click();
        const item = pc.locator(`[data-testid="queue-item"][data-household="${LEAD_ONLY}"]`);
        await item.waitFor();
        assert.equal(await item.getByTestId('queue-step').innerText(), '村级民主评议');
        assert.ok((await pc.locator('.queue-item.overdue').count()) > 0, 'the demo has overdue procedures, marked');
        await screenshot(pc, 'office-queue');

        // A return needs a comment: the server's refusal is shown in Chinese.
        await item.getByTestId('queue-return').click();
        await item.getByTestId('queue-confirm-yes').click();
        await item.getByTestId('queue-error').waitFor();
        assert.match(await item.getByTestId('queue-error').innerText(), /退回须填写意见/);

        // The worker edits the household meanwhile: the reviewer's decision is refused as stale
        // (409) and the list is read again before deciding.
        await go(phone, `#/households/${LEAD_ONLY}/edit`);
        await phone.locator('#f-phone').fill('13911112222');
        await save(phone);
        await syncNow(phone);
        await item.getByTestId('queue-approve').click();
        await item.getByTestId('queue-confirm-yes').click();
        await item.getByTestId('queue-reload').waitFor();
        assert.match(await item.getByTestId('queue-error').innerText(), /该户已有更新.*请刷新后重新决定/);
        await item.getByTestId('queue-reload').click();
        await item.getByTestId('queue-error').waitFor({ state: 'detached' });

        await item.getByTestId('queue-comment').fill('材料齐全，同意');
        await item.getByTestId('queue-approve').click();
        await item.getByTestId('queue-confirm-yes').click();
        await pc.getByTestId('decision-outcome').waitFor();
        assert.match(await pc.getByTestId('decision-outcome').innerText(), /通过「村级民主评议」/);
        // The list is read again: the household now waits for the end of its 公示.
        await pc.locator(`[data-testid="queue-item"][data-household="${LEAD_ONLY}"] [data-testid="queue-step"]`, { hasText: '公示' }).waitFor();

        // The worker's next sync brings the decision to the phone.
        await syncNow(phone);
        await go(phone, `#/households/${LEAD_ONLY}`);
        const decisions = phone.getByTestId('decisions');
        await decisions.waitFor();
        const text = await decisions.innerText();
        assert.match(text, new RegExp(`${today()} reviewer 通过「村级民主评议」：材料齐全，同意`));
        assert.equal(await phone.locator('[data-testid="procedure"] [data-field="village_review"]').innerText(), today());
        assert.equal(await phone.locator('[data-testid="procedure"] [data-field="publicity_start"]').innerText(), today());
        await phone.getByTestId('decisions').scrollIntoViewIfNeeded();
        await screenshot(phone, 'office-decision-on-phone');

        // The worker's form shows the office's part read-only: the identification and the
        // township's and county's dates; the village's own steps stay editable until the office
        // closes the 公示.
        await go(phone, `#/households/${LEAD_ONLY}/edit`);
        const officeOwned = [
          '#f-monitoring-category', '#f-monitoring-identified_on', '#f-monitoring-procedure-publicity_end',
          '#f-monitoring-procedure-township_check', '#f-monitoring-procedure-county_approval',
        ];
        for (const selector of officeOwned) {
          const field = await formField(phone, selector);
          assert.equal(await field.isDisabled(), true, `${selector} is the office's`);
          assert.match(await field.locator('xpath=..').getByTestId('office-owned').innerText(), /乡镇办公室/);
        }
        assert.equal(await (await formField(phone, '#f-monitoring-procedure-home_check')).isDisabled(), false);
        assert.equal(await (await formField(phone, '#f-monitoring-procedure-village_review')).isDisabled(), false);
        // A worker who forces the category anyway (the control re-enabled by hand) sets nothing:
        // the save and the sync leave the server's category as it was.
        const category = await formField(phone, '#f-monitoring-category');
        await category.evaluate((el) => { el.disabled = false; });
        await category.selectOption({ index: 1 });
        await fillField(phone, '#f-phone', '13911113333');
        await save(phone);
        await syncNow(phone);
        const held = (await township(server.base)).find((h) => h.id === LEAD_ONLY);
        assert.equal(held.phone, '13911113333', 'the rest of the edit is stored');
        assert.equal(held.monitoring.category ?? null, null, 'no category from the form');

        // A household whose 公示 the office has closed: the village's steps are frozen too.
        const closed = (await township(server.base)).find((h) => h.area.code === VILLAGE && h.monitoring.procedure.publicity_end);
        assert.ok(closed, 'the demo has a household of village 1 past its 公示');
        await go(phone, `#/households/${closed.id}/edit`);
        for (const selector of ['#f-monitoring-procedure-village_review', '#f-monitoring-procedure-publicity_start', '#f-monitoring-category']) {
          assert.equal(await (await formField(phone, selector)).isDisabled(), true, `${selector} frozen after the 公示`);
        }
        await (await formField(phone, '#f-monitoring-category')).scrollIntoViewIfNeeded();
        await screenshot(phone, 'form-office-owned');
        await go(phone, `#/households/${LEAD_ONLY}`);

        // The change history: the demo version, the worker's edit and the office's decision.
        await pc.locator(`[data-testid="queue-item"][data-household="${LEAD_ONLY}"] [data-testid="queue-audit"]`).click();
        await pc.getByTestId('audit-entries').waitFor();
        const history = await pc.getByTestId('audit-entries').innerText();
        assert.ok((await pc.getByTestId('audit-entry').count()) >= 3);
        assert.match(history, /入户核实日期/);
        assert.match(history, /worker1/);
        assert.match(history, /reviewer/);

        // The dashboard draws its table and charts.
        await go(pc, '#/office/dashboard');
        await pc.getByTestId('dashboard-table').waitFor();
        for (const chart of ['chart-category', 'chart-risk']) {
          assert.ok((await pc.locator(`[data-testid="${chart}"] svg rect`).count()) > 0, `${chart} has bars`);
        }
        assert.match(await pc.getByTestId('dashboard-table').innerText(), /小雷宰村/);
        await screenshot(pc, 'office-dashboard');
        await screenshot(pc, 'office-dashboard-full', { fullPage: true });
        await pc.setViewportSize(DESKTOP);
        await screenshot(pc, 'office-dashboard-desktop');

        // The exports download with the token: CSV with a BOM and the national field names.
        const [download] = await Promise.all([
          pc.waitForEvent('download'),
          pc.getByTestId('export-households-csv').click(),
        ]);
        assert.match(download.suggestedFilename(), /^shouwang-households-.*\.csv$/);
        const csv = readFileSync(await download.path(), 'utf8');
        assert.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 BOM for Excel');
        assert.match(csv.split('\n')[0], /户编号/);
        const [xlsx] = await Promise.all([pc.waitForEvent('download'), pc.getByTestId('export-xlsx').click()]);
        assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'an XLSX (zip) file');
        await pc.setViewportSize({ width: 390, height: 844 });

        // The 公示 notice of village 1: the household just approved, and nothing private.
        await go(pc, `#/office/publicity/${VILLAGE}`);
        await pc.getByTestId('publicity-notice').waitFor();
        assert.ok((await pc.getByTestId('publicity-row').count()) >= 1);
        const notice = await pc.locator('main').innerText();
        const households = (await township(server.base)).filter((h) => h.area.code === VILLAGE);
        assert.equal(households.length, 24);
        const approved = households.find((h) => h.id === LEAD_ONLY);
        const head = approved.members.find((m) => m.relation === 'head');
        assert.ok(notice.includes(head.name), 'the notice names the head of the household');
        const compact = notice.replace(/\s+/g, '');
        for (const h of households) {
          if (h.phone) assert.ok(!compact.includes(h.phone), `phone ${h.phone} on the notice`);
          for (const m of h.members) {
            if (m.id_number) assert.ok(!compact.toUpperCase().includes(m.id_number.toUpperCase()), `ID number of ${m.name} on the notice`);
          }
        }
        await screenshot(pc, 'office-publicity');
        await pc.emulateMedia({ media: 'print' });
        assert.equal(await pc.locator('.bottom-nav').isVisible(), false, 'print hides the navigation');
        assert.equal(await pc.getByTestId('publicity-print').isVisible(), false, 'print hides the controls');
        await pc.setViewportSize(DESKTOP);
        await screenshot(pc, 'office-publicity-print');
        await pc.setViewportSize({ width: 390, height: 844 });
        await pc.emulateMedia({ media: 'screen' });

        // 风险消除 from a household's detail: refused with every unmet condition listed.
        await syncNow(pc);
        await go(pc, `#/households/${NOBODY_WORKS}`);
        await pc.getByTestId('exit-submit').click();
        const unmet = pc.locator('[data-testid="exit-error"] [data-testid="exit-unmet"] li');
        await unmet.first().waitFor();
        assert.match(await pc.getByTestId('exit-error').innerText(), /不符合风险消除条件/);
        assert.ok((await unmet.count()) >= 2, 'each unmet condition is its own item');
        assert.equal(await unmet.filter({ hasText: '家中无劳动能力成员' }).count(), 1);
        assert.equal(await pc.locator('[data-testid="exit-unmet"] li[data-rule="exit.someone_can_work"]').count(), 1);
        await screenshot(pc, 'office-exit-refused');

        // A household meeting every condition: the village proposed its exit six days ago.
        const started = daysAgo(6);
        await go(pc, `#/households/${EXIT_READY}`);
        // The previous household's screen (with its refusal) is gone before the button is pressed.
        await pc.getByTestId('exit-error').waitFor({ state: 'detached' });
        await pc.locator('label[for="exit-date"]').waitFor();
        await pc.getByTestId('exit-date').fill(started);
        await pc.getByTestId('exit-submit').click();
        await pc.locator('[data-testid="exit-done"], [data-testid="exit-error"]').waitFor();
        assert.equal(await pc.getByTestId('exit-error').count(), 0, await pc.getByTestId('office-actions').innerText());
        let now = (await township(server.base)).find((h) => h.id === EXIT_READY);
        assert.equal(now.monitoring.exit ?? null, null, 'starting is not eliminating');
        assert.equal(now.monitoring.exit_procedure.started, started);
        // Once this device has the new version, the detail shows the procedure, not the form.
        await pc.getByTestId('exit-open').waitFor();
        assert.equal(await pc.getByTestId('exit-submit').count(), 0);
        assert.match(await pc.getByTestId('exit-procedure-next').innerText(), /下一环节：村级民主评议/);

        // The review queue lists it as 风险消除, with its own deadline (15 days from its start).
        await go(pc, '#/office/queue');
        const exitItem = pc.locator(`[data-testid="queue-item"][data-household="${EXIT_READY}"][data-procedure="exit"]`);
        await exitItem.waitFor();
        assert.equal(await exitItem.getByTestId('queue-kind').innerText(), '风险消除');
        assert.equal(await exitItem.getByTestId('queue-step').innerText(), '村级民主评议');
        assert.equal(await exitItem.getByTestId('queue-deadline').innerText(), daysAgo(-9));
        assert.match(await exitItem.getByTestId('queue-due').innerText(), /9/);
        await screenshot(pc, 'office-queue-exit');
        const waitStep = (name) => pc.locator(
          `[data-testid="queue-item"][data-household="${EXIT_READY}"][data-procedure="exit"] [data-testid="queue-step"]`,
          { hasText: name },
        ).waitFor();
        // The village review, held on the first day (公示 from then on).
        assert.ok(await exitItem.locator(`label[for="on-exit-${EXIT_READY}"]`).isVisible());
        await exitItem.getByTestId('queue-on').fill(started);
        await exitItem.getByTestId('queue-approve').click();
        await exitItem.getByTestId('queue-confirm-yes').click();
        await waitStep('公示');
        // In its 公示, the household is on its village's notice, in the part of its own.
        await go(pc, `#/office/publicity/${EXIT_VILLAGE}`);
        const exits = pc.getByTestId('publicity-exits');
        await exits.waitFor();
        const exitHead = now.members.find((m) => m.relation === 'head');
        assert.match(await exits.locator('h2').innerText(), /防止返贫监测对象风险消除公示/);
        const exitRow = exits.getByTestId('publicity-exit-row').filter({ hasText: exitHead.name });
        assert.equal(await exitRow.count(), 1);
        assert.match(await exitRow.innerText(), new RegExp(`帮扶消除[\\s\\S]*${started}`));
        const exitNotice = (await pc.locator('main').innerText()).replace(/\s+/g, '');
        for (const m of now.members) {
          if (m.id_number) assert.ok(!exitNotice.toUpperCase().includes(m.id_number.toUpperCase()), `ID number of ${m.name} on the notice`);
        }
        if (now.phone) assert.ok(!exitNotice.includes(now.phone), 'phone on the notice');
        await go(pc, '#/office/queue');
        await waitStep('公示');
        // 公示 began six days ago: it may close today.
        await exitItem.getByTestId('queue-approve').click();
        await exitItem.getByTestId('queue-confirm-yes').click();
        await waitStep('乡镇审核');
        // The township returns it once; a returned step is decided again.
        await exitItem.getByTestId('queue-comment').fill('补充务工收入证明');
        await exitItem.getByTestId('queue-return').click();
        await exitItem.getByTestId('queue-confirm-yes').click();
        await pc.getByTestId('decision-outcome').filter({ hasText: '退回「乡镇审核」' }).waitFor();
        await exitItem.getByTestId('queue-last-decision').filter({ hasText: '补充务工收入证明' }).waitFor();
        await waitStep('乡镇审核');
        await exitItem.getByTestId('queue-approve').click();
        await exitItem.getByTestId('queue-confirm-yes').click();
        await waitStep('县级审定');
        // 县级审定 is the county's: the township reviewer is told whose it is, with no buttons.
        await exitItem.getByTestId('queue-not-yours').waitFor();
        assert.match(await exitItem.getByTestId('queue-not-yours').innerText(), /县级审定.*县级管理员/);
        assert.equal(await exitItem.getByTestId('queue-approve').count(), 0);
        await withBrowser('office-county', async ({ page: county }) => {
          await appLogin(county, server.base, 'county');
          await go(county, '#/office/queue');
          const countyItem = county.locator(`[data-testid="queue-item"][data-household="${EXIT_READY}"][data-procedure="exit"]`);
          await countyItem.getByTestId('queue-step').filter({ hasText: '县级审定' }).waitFor();
          await countyItem.getByTestId('queue-approve').click();
          // The confirmation says what the approval will do before anything is sent.
          const what = countyItem.getByTestId('queue-confirm-what');
          assert.match(await what.innerText(), new RegExp(`县级审定.*${today()}[\\s\\S]*风险.*已消除（帮扶消除）`));
          await screenshot(county, 'office-queue-confirm');
          await countyItem.getByTestId('queue-confirm-yes').click();
          await county.getByTestId('decision-outcome').filter({ hasText: '通过「县级审定」' }).waitFor();
        });
        // The reviewer's queue, read again, no longer holds it.
        await go(pc, '#/office/dashboard');
        await go(pc, '#/office/queue');
        await pc.getByTestId('queue-counts').waitFor();
        await exitItem.waitFor({ state: 'detached' });

        // Eliminated on the server, with every decision on the record …
        now = (await township(server.base)).find((h) => h.id === EXIT_READY);
        assert.deepEqual(now.monitoring.exit, { mode: 'after_assistance', date: today() });
        const steps = now.monitoring.exit_procedure.decisions.map((d) => `${d.step}:${d.approved}`);
        assert.deepEqual(steps, ['village_review:true', 'publicity:true', 'township_check:false', 'township_check:true', 'county_approval:true']);
        assert.equal(now.monitoring.exit_procedure.village_review, started);
        // … and on this device after its sync: the detail shows it eliminated, with the decisions.
        await syncNow(pc);
        await go(pc, `#/households/${EXIT_READY}`);
        await pc.getByTestId('exit-eliminated').waitFor();
        assert.match(await pc.getByTestId('exit-eliminated').innerText(), new RegExp(`${today()}.*帮扶消除`));
        assert.equal(await pc.locator('[data-testid="exit-decisions"] li').count(), 5);
        assert.match(await pc.getByTestId('exit-procedure-next').innerText(), /风险消除程序已完成/);
        assert.equal(await pc.getByTestId('exit-submit').count(), 0);
        await pc.getByTestId('exit-procedure').scrollIntoViewIfNeeded();
        await screenshot(pc, 'office-exit-done');

        // In English, the office speaks English, the server's messages included.
        await go(pc, '#/settings');
        await pc.getByTestId('lang-en').click();
        await go(pc, '#/office/queue');
        await pc.locator('h2', { hasText: 'Review queue' }).waitFor();
        await pc.locator(`[data-testid="queue-item"][data-household="${LEAD_ONLY}"] [data-testid="queue-step"]`, { hasText: 'Publicity' }).waitFor();
        // (a step of the township's, so the reviewer has the buttons)
        const first = pc.locator('[data-testid="queue-item"]:has([data-testid="queue-return"])').first();
        await first.getByTestId('queue-return').click();
        assert.match(await first.getByTestId('queue-confirm-what').innerText(), /returns/);
        await first.getByTestId('queue-confirm-yes').click();
        assert.match(await first.getByTestId('queue-error').innerText(), /A return needs a comment/);
        await screenshot(pc, 'office-queue-en');

        // Offline, the office screens say they need a connection.
        await office.setOffline(true);
        await go(pc, '#/office/dashboard');
        await pc.getByTestId('office-offline').waitFor();
        await office.setOffline(false);
      }, { viewport: { width: 390, height: 844 } });
    });
  } finally {
    await server.stop();
  }
});

test('the reviewer records a development measure from the dashboard, and the worker\'s phone gets it', { timeout: 300_000 }, async () => {
  const server = await startServer({ demo: true });
  try {
    await withBrowser('measure-reviewer', async ({ page: pc }) => {
      // The reviewer's device pulls the township, then the dashboard lists the households
      // without a development measure after the time limit, each with a link to its form.
      await appLogin(pc, server.base, 'reviewer');
      await synced(pc);
      await go(pc, '#/office/dashboard');
      const overdue = pc.locator('[data-testid="measure-todo-item"][data-reasons~="overdue"]');
      await overdue.first().waitFor();
      const item = overdue.first();
      const id = await item.getAttribute('data-household');
      const village = await item.getAttribute('data-village');
      await item.scrollIntoViewIfNeeded();
      await screenshot(pc, 'office-measure-todo');

      // The link opens the household's form at its measures.
      await item.getByTestId('record-measure').click();
      await pc.waitForURL(new RegExp(`#/households/${id}/edit\\?at=measures$`));
      const section = pc.getByTestId('section-measures');
      await section.waitFor();
      await pc.waitForFunction(() => {
        const r = document.getElementById('measures').getBoundingClientRect();
        return r.top >= -1 && r.top < window.innerHeight;
      });
      const n = await section.locator('.measure').count();
      await pc.getByTestId('measure-add').click();
      await pc.locator(`#f-measures-${n}-type`).selectOption({ label: '产业帮扶' });
      await pc.locator(`#f-measures-${n}-content`).fill('发展蔬菜种植 3 亩（办公室登记）');
      await pc.locator(`#f-measures-${n}-start`).fill(today());
      await pc.locator(`#f-measures-${n}-amount`).fill('3000');
      await pc.locator(`#f-measures-${n}-implemented`).check();
      await section.scrollIntoViewIfNeeded();
      await screenshot(pc, 'office-record-measure');
      assert.equal(await save(pc), id);
      await syncNow(pc);

      // The server's copy has the measure.
      const stored = (await township(server.base)).find((h) => h.id === id);
      const measure = stored.measures.find((m) => m.content === '发展蔬菜种植 3 亩（办公室登记）');
      assert.ok(measure, 'the measure reached the server');
      assert.equal(measure.type, 'industry');

      // The worker of the household's village gets it at the next sync.
      const worker = village === VILLAGE ? 'worker1' : 'worker2';
      await withBrowser('measure-worker', async ({ page: phone }) => {
        await appLogin(phone, server.base, worker);
        await synced(phone);
        await go(phone, `#/households/${id}/edit`);
        const content = await formField(phone, `#f-measures-${n}-content`);
        assert.equal(await content.inputValue(), '发展蔬菜种植 3 亩（办公室登记）');
        const type = phone.locator(`#f-measures-${n}-type`);
        assert.equal(await type.evaluate((s) => s.options[s.selectedIndex].text), '产业帮扶');
        await content.scrollIntoViewIfNeeded();
        await screenshot(phone, 'office-measure-on-phone');
      });

      // The dashboard no longer lists the household for a missing development measure.
      await go(pc, '#/office/dashboard');
      await pc.getByTestId('dashboard-table').waitFor();
      await pc.reload();
      await pc.getByTestId('dashboard-table').waitFor();
      assert.equal(
        await pc.locator(`[data-testid="measure-todo-item"][data-household="${id}"][data-reasons~="overdue"]`).count(),
        0,
      );
      const head = stored.members.find((m) => m.relation === 'head').name;
      const row = await pc.locator('tr[data-key="development_measures"]').innerText();
      assert.ok(!(row.split('超过期限仍没有：')[1] ?? '').includes(head), row);
      await screenshot(pc, 'office-measure-todo-after');
    });
  } finally {
    await server.stop();
  }
});
