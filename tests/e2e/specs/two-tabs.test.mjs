// Two tabs editing one household: the second save does not overwrite the first; the second tab
// says the household was saved elsewhere and keeps its form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  appReady, familyOfFour, formField, go, openApp, registerHousehold, save, screenshot, startServer, withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('a save in tab B after tab A saved the same household is refused and does not overwrite A', { timeout: 120_000 }, async () => {
  await withBrowser('two-tabs', async ({ context, page }) => {
    await openApp(page, server.base, '#/');
    const id = await registerHousehold(page, familyOfFour({ wages: '22000' }));
    const edit = `${server.base}/#/households/${id}/edit`;

    const a = page;
    await a.goto(edit);
    await appReady(a);
    const b = await context.newPage();
    await b.goto(edit);
    await appReady(b);
    const wagesA = await formField(a, '#f-income-wages');
    const wagesB = await formField(b, '#f-income-wages');
    assert.equal(await wagesB.inputValue(), '22000');

    await wagesA.fill('30000');
    assert.equal(await save(a), id);

    // B is told at once that the household changed elsewhere.
    await b.bringToFront();
    await b.getByRole('alert').filter({ hasText: '其他标签页' }).first().waitFor();

    await wagesB.fill('40000');
    await b.getByTestId('save').click();
    const error = b.getByTestId('save-error');
    await error.waitFor();
    assert.match(await error.innerText(), /该农户已在其他标签页中保存过/);
    assert.match(b.url(), /\/edit$/, 'tab B stays on its form');
    assert.equal(await wagesB.inputValue(), '40000', "tab B's form keeps what was typed");
    await screenshot(b, 'two-tabs-refused');

    // What is stored is A's edit: (30000 + 6500 + 2600) / 4 = 9775 per head.
    await a.bringToFront();
    await a.reload();
    await a.getByTestId('per-capita').waitFor();
    assert.match(await a.getByTestId('per-capita').innerText(), /9775/);
    const c = await context.newPage();
    await c.goto(`${server.base}/#/households/${id}`);
    await c.getByTestId('per-capita').waitFor();
    assert.match(await c.getByTestId('per-capita').innerText(), /9775/, "A's change was not overwritten");
    await go(c, '#/');
  });
});
