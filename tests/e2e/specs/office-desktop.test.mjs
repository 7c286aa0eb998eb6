// The office on a desktop (#13) at 1280×800: no phone tab bar at the bottom; the review queue
// filtered by village, step and overdue, and sorted; the change history found by the head's name,
// with labels instead of codes and local times; and double registrations — the server warns at
// the push that registers an ID number already in another household of the area, and lists them
// for the office.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, go, openApp, screenshot, startServer, withBrowser } from '../support.mjs';

const DEMO_PASSWORD = 'shouwang-demo';
const DESKTOP = { width: 1280, height: 800 };
const LEAD_ONLY = '00000000-0000-7000-8000-000000000001';

let server;
before(async () => {
  server = await startServer({ demo: true });
});
after(async () => {
  await server?.stop();
});

async function token(username) {
  const r = await api(server.base, '/auth/login', {
    body: { username, password: DEMO_PASSWORD, device_id: `e2e-${username}`, device_name: 'e2e' },
  });
  assert.equal(r.status, 200);
  return r.body.token;
}

/** The current version of household `id`, as the worker's device would pull it. */
async function pulled(t, id) {
  let cursor = 0;
  for (;;) {
    const r = await api(server.base, '/sync/pull', { token: t, body: { protocol: 1, device_id: 'e2e-worker1', cursor, limit: 1000 } });
    const found = r.body.households.find((h) => h.household.id === id);
    if (found) return found;
    if (!r.body.more) throw new Error(`${id} not pulled`);
    cursor = r.body.cursor;
  }
}

async function push(t, change) {
  const r = await api(server.base, '/sync/push', { token: t, body: { protocol: 1, device_id: 'e2e-worker1', changes: [change] } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.results[0];
}

test('the office on a desktop: top navigation, queue filters and order, the audit by name in words, double registrations', { timeout: 300_000 }, async () => {
  // A worker's edits, through the API: a labour skill changed, and the same person registered in
  // a new household — the server warns at that push.
  const worker = await token('worker1');
  const { revision, household } = await pulled(worker, LEAD_ONLY);
  const edited = structuredClone(household);
  const labour = { skilled: '技能劳动力', ordinary: '普通劳动力', weak: '弱劳动力或半劳动力', lost: '丧失劳动力', none: '无劳动力' };
  const from = household.members[0].labour;
  const to = from === 'weak' ? 'lost' : 'weak';
  edited.members[0].labour = to;
  const r1 = await push(worker, { change_id: 'e2e-labour', base_revision: revision, edited_at: new Date().toISOString(), household: edited });
  assert.equal(r1.status, 'stored', JSON.stringify(r1));
  assert.equal(r1.warnings, undefined, 'nothing to warn about: no warnings key');
  const twin = structuredClone(household);
  twin.id = 'e2e-twin-household';
  twin.household_number = '';
  twin.members = [{ ...household.members[0], relation: 'head' }];
  twin.monitoring = { category: null, risks: [], override_reason: '', identified_on: null, helper: '', procedure: {}, exit: null };
  const r2 = await push(worker, { change_id: 'e2e-twin', base_revision: null, edited_at: new Date().toISOString(), household: twin });
  assert.equal(r2.status, 'stored', JSON.stringify(r2));
  assert.equal(r2.warnings.length, 1);
  assert.equal(r2.warnings[0].field, 'members[0].id_number');
  assert.match(r2.warnings[0].message.zh, new RegExp(`户主 ${household.members[0].name}`));

  await withBrowser('office-desktop', async ({ page }) => {
    await openApp(page, server.base, '#/login');
    await page.locator('#login-username').fill('reviewer');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.locator('#login-submit').click();
    await page.getByTestId('login-current').waitFor();
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 30_000 });

    // No tab bar at the bottom: the same links are in the top bar.
    await go(page, '#/office/queue');
    await page.getByTestId('queue-filters').waitFor();
    const nav = await page.locator('nav.bottom-nav').boundingBox();
    assert.ok(nav.y < 10 && nav.height < 60, `the navigation is at the top: ${JSON.stringify(nav)}`);
    await screenshot(page, 'office-desktop-queue');

    const items = () => page.getByTestId('queue-item');
    const all = await items().count();
    assert.ok(all >= 4, `queue items: ${all}`);
    await page.getByTestId('queue-village').selectOption({ label: '能禹村' });
    const inVillage = await items().locator('.meta').allInnerTexts();
    assert.ok(inVillage.length > 0 && inVillage.length < all);
    assert.ok(inVillage.every((v) => v.includes('能禹村')), inVillage.join(' | '));
    assert.match(await page.getByTestId('queue-shown').innerText(), new RegExp(`显示 ${inVillage.length} / ${all} 户`));
    await page.getByTestId('queue-village').selectOption('');
    await page.getByTestId('queue-step-filter').selectOption({ label: '村级民主评议' });
    const steps = await items().getByTestId('queue-step').allInnerTexts();
    assert.ok(steps.length > 0 && steps.every((s) => s === '村级民主评议'), steps.join(' | '));
    await page.getByTestId('queue-step-filter').selectOption('');
    await page.getByTestId('queue-overdue').check();
    const overdue = await items().evaluateAll((li) => li.map((l) => l.classList.contains('overdue')));
    assert.ok(overdue.every(Boolean), 'overdue only');
    await page.getByTestId('queue-overdue').uncheck();
    await page.getByTestId('queue-order').selectOption('name');
    const names = await items().locator('header .name').allInnerTexts();
    assert.deepEqual(names, [...names].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
    assert.equal(names.length, all);
    await screenshot(page, 'office-desktop-queue-sorted');

    // The change history, found by the head's name: labels, not codes; local times.
    await go(page, '#/office/audit');
    await page.getByTestId('audit-find').fill(household.members[0].name);
    await page.getByTestId('audit-found').locator(`a[href*="${LEAD_ONLY}"]`).click();
    await page.getByTestId('audit-entries').waitFor();
    const entry = page.getByTestId('audit-entry').first();
    const change = await entry.locator('tr', { hasText: '劳动技能' }).innerText();
    assert.match(change, new RegExp(`劳动技能\\s+${labour[from]}\\s+${labour[to]}`));
    assert.doesNotMatch(change, new RegExp(`${from}|${to}`));
    const meta = await entry.locator('.meta').innerText();
    assert.doesNotMatch(meta, /T\d{2}:|Z\b/, `local times: ${meta}`);
    const stored = await api(server.base, `/office/audit?household=${LEAD_ONLY}`, { token: await token('reviewer') });
    const utc = new Date(stored.body.entries[0].received_at);
    const local = utc.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
    assert.ok(meta.includes(local), `${meta} has the Beijing time ${local}`);
    await screenshot(page, 'office-desktop-audit');

    // The double registration, for the office.
    await go(page, '#/office/duplicates');
    await page.getByTestId('duplicate').first().waitFor();
    const dup = await page.getByTestId('duplicate').innerText();
    assert.match(dup, new RegExp(household.members[0].id_number));
    assert.equal(await page.getByTestId('duplicate').first().locator('ul li').count(), 2);
    await screenshot(page, 'office-desktop-duplicates');
  }, { viewport: DESKTOP });
});
