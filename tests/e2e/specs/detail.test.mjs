// The detail page of an at-risk household shows the suggested category, the risks and the
// reasons for them, as a reviewer reads them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { illHousehold, openApp, registerHousehold, screenshot, startServer, withBrowser } from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('the detail page shows the category, the risks and the reasons of an at-risk household', { timeout: 120_000 }, async () => {
  await withBrowser('detail', async ({ page }) => {
    await openApp(page, server.base, '#/');
    // Income 12,000 yuan for two, the head seriously ill with 18,500 yuan of compliant medical
    // self-payment.
    const id = await registerHousehold(page, illHousehold());

    await page.reload();
    await page.getByTestId('detail-head').waitFor();
    assert.match(await page.getByTestId('detail-head').innerText(), /陈大山/);

    const category = await page.getByTestId('suggested-category').innerText();
    assert.equal(category.trim(), '边缘易致贫户');

    const risks = await page.getByTestId('suggested-risks').innerText();
    assert.match(risks, /因病/, `risks: ${risks}`);
    // The risk comes with its reasons: who is ill and the medical spending.
    const riskReasons = await page.getByTestId('suggested-risks').getByTestId('risk-reasons').first().innerText();
    assert.match(riskReasons, /陈大山/);
    assert.match(riskReasons, /18500/);

    const reasons = await page.getByTestId('category-reasons').locator('li').allInnerTexts();
    assert.ok(reasons.length >= 1, 'the category has reasons');
    assert.ok(reasons.some((r) => /人均纯收入/.test(r)), `a reason gives the income per head: ${reasons.join(' | ')}`);
    assert.ok(reasons.some((r) => /边缘易致贫户/.test(r)), `a reason names the category: ${reasons.join(' | ')}`);
    // Each reason carries the rule it comes from.
    const rules = await page.getByTestId('category-reasons').locator('li').evaluateAll((lis) => lis.map((l) => l.dataset.rule));
    assert.ok(rules.every((r) => r && r.length > 0), `rules: ${rules}`);

    assert.match(await page.getByTestId('per-capita').innerText(), /6000/);
    assert.match(await page.getByTestId('line').innerText(), /7300/);
    const badge = (await page.getByTestId('detail-page').getByTestId('warning-badge').first().innerText()).trim();
    assert.match(badge, /红色|橙色|黄色/, `warning level: ${badge}`);
    await screenshot(page, 'detail-at-risk');

    // The list shows it with its suggested category.
    await page.evaluate(() => (window.location.hash = '#/'));
    const row = page.getByTestId('row').filter({ hasText: '陈大山' });
    await row.waitFor();
    assert.match(await row.innerText(), /边缘易致贫户/);
    assert.ok(id.length > 0);
  });
});
