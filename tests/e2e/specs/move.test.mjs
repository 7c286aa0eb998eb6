// A member moves (#13) at 390×844: the son of a family of four splits off into a household of
// his own (分户), headed by him; the daughter moves into another household (迁出), found by its
// head's name; each household's card keeps its line of each move, naming the other.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  familyOfFour, go, householdCount, illHousehold, openApp, registerHousehold, screenshot, startServer, withBrowser,
} from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

async function moveFrom(page, id, { member, kind, find, relation, reason }) {
  await go(page, `#/households/${id}`);
  await page.getByTestId('move-open-form').click();
  await page.getByTestId('move-member').selectOption({ label: member });
  await page.getByTestId('move-kind').selectOption({ label: kind });
  if (find) {
    await page.getByTestId('move-find').fill(find);
    await page.getByTestId('move-targets').getByText(find).click();
    await page.getByTestId('move-relation').selectOption({ label: relation });
  }
  await page.getByTestId('move-reason').fill(reason);
  await screenshot(page, `move-form-${kind}`);
  await page.getByTestId('move-confirm').click();
  await page.getByTestId('move-done').waitFor();
}

test('a member splits off into a household of his own, another moves into a neighbour’s, both cards keep the move', { timeout: 240_000 }, async () => {
  await withBrowser('move', async ({ page }) => {
    await openApp(page, server.base, '#/');
    const family = await registerHousehold(page, familyOfFour({ n: 5, surname: '孙' }));
    const neighbour = await registerHousehold(page, illHousehold({ n: 6 }));
    await go(page, '#/');
    assert.equal(await householdCount(page), 2);

    // 分户: 孙小军 heads a new household of the same village.
    await moveFrom(page, family, { member: '孙小军（之子）', kind: '分户迁出', reason: '成家后分户' });
    await page.getByTestId('move-open').click();
    await page.getByTestId('detail-head').filter({ hasText: '孙小军' }).waitFor();
    const split = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    assert.notEqual(split, family);
    const members = await page.getByTestId('card-member').allInnerTexts();
    assert.equal(members.length, 1);
    assert.match(members[0], /孙小军\s+户主/);
    assert.match(await page.getByTestId('card-address').innerText(), /良亩村三组 5 号/, 'the same address');
    assert.match(await page.getByTestId('card-moves').innerText(), /孙小军 分户新立（孙建国户）[\s\S]*成家后分户/);
    await screenshot(page, 'move-split-card');

    // 迁出: 孙小梅 joins 陈大山's household, as 之女.
    await moveFrom(page, family, { member: '孙小梅（之女）', kind: '迁出到本地另一户', find: '陈大山', relation: '之女', reason: '随母改嫁' });
    await go(page, `#/households/${family}`);
    await page.getByTestId('card-moves').waitFor();
    const left = await page.getByTestId('card-move').allInnerTexts();
    assert.equal(left.length, 2);
    assert.match(left[0], /孙小军 分户迁出（孙小军户）/);
    assert.match(left[1], /孙小梅 迁出到本地另一户（陈大山户）[\s\S]*随母改嫁/);
    assert.deepEqual(
      (await page.getByTestId('card-member').allInnerTexts()).map((r) => r.split(/\s+/)[0]),
      ['孙建国', '李秀英'],
    );
    await screenshot(page, 'move-family-card');
    await go(page, `#/households/${neighbour}`);
    await page.getByTestId('card-moves').waitFor();
    assert.match(await page.getByTestId('card-move').innerText(), /孙小梅 从本地另一户迁入（孙建国户）/);
    assert.ok((await page.getByTestId('card-member').allInnerTexts()).some((r) => /孙小梅\s+之女/.test(r)));
    await page.getByTestId('card-moves').scrollIntoViewIfNeeded();
    await screenshot(page, 'move-neighbour-card');

    await go(page, '#/');
    assert.equal(await householdCount(page), 3);
  });
});
