// A backup exported on one phone and imported on another (a fresh profile) gives the same
// records: the same list and the same detail.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  familyOfFour, go, householdCount, illHousehold, listRows, openApp, registerHousehold, screenshot,
  startServer, withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** What a reviewer sees of household `id`: its detail page's main facts. */
async function detailFacts(page, id) {
  await go(page, `#/households/${id}`);
  await page.getByTestId('detail-head').waitFor();
  const text = async (testid) => (await page.getByTestId(testid).innerText()).replace(/\s+/g, ' ').trim();
  return {
    head: await text('detail-head'),
    meta: (await page.locator('.household-head .meta').innerText()).trim(),
    perCapita: await text('per-capita'),
    category: await text('suggested-category'),
    risks: await text('suggested-risks'),
    reasons: await text('category-reasons'),
  };
}

test('export, then import into a fresh profile, gives the same records', { timeout: 180_000 }, async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'shouwang-e2e-backup-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const file = path.join(tmp, 'backup.json');
  let before;
  await withBrowser('backup-export', async ({ page }) => {
    await openApp(page, server.base, '#/');
    const ids = [];
    ids.push(await registerHousehold(page, familyOfFour({ n: 1, surname: '王' })));
    ids.push(await registerHousehold(page, familyOfFour({ n: 2, surname: '张', wages: '8000' })));
    ids.push(await registerHousehold(page, illHousehold({ n: 3 })));
    await go(page, '#/');
    before = {
      count: await householdCount(page),
      counts: (await page.getByTestId('counts').innerText()).replace(/\s+/g, ' '),
      rows: await listRows(page),
      detail: await detailFacts(page, ids[2]),
      id: ids[2],
    };
    assert.equal(before.count, 3);

    await go(page, '#/settings');
    await page.getByTestId('export').waitFor();
    await screenshot(page, 'settings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.match(download.suggestedFilename(), /^shouwang-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const failure = await download.failure();
    assert.equal(failure, null, `the download failed: ${failure}`);
    await download.saveAs(file);
    const backup = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(backup.kind, 'shouwang-backup');
    assert.equal(backup.households.length, 3);
  });

  await withBrowser('backup-import', async ({ page }) => {
    await openApp(page, server.base, '#/');
    assert.equal(await householdCount(page), 0, 'the second phone starts empty');
    await go(page, '#/settings');
    await page.getByTestId('import').setInputFiles(file);
    const result = page.getByTestId('import-result');
    await result.waitFor();
    assert.match(await result.innerText(), /新增 3/);
    assert.match(await page.getByTestId('household-count').innerText(), /3/);
    await screenshot(page, 'settings-after-import');

    await go(page, '#/');
    assert.equal(await householdCount(page), 3);
    assert.equal((await page.getByTestId('counts').innerText()).replace(/\s+/g, ' '), before.counts);
    assert.deepEqual(await listRows(page), before.rows);
    assert.deepEqual(await detailFacts(page, before.id), before.detail);

    // Importing the same file again duplicates nothing.
    await go(page, '#/settings');
    await page.getByTestId('import').setInputFiles([]);
    await page.getByTestId('import').setInputFiles(file);
    await page.getByTestId('import-result').filter({ hasText: '相同 3' }).waitFor();
    await go(page, '#/');
    assert.equal(await householdCount(page), 3);
  });
});
