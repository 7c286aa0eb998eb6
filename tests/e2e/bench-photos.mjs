// Benchmark of photos (#17): prints figures, asserts nothing about time.
//
//   node bench-photos.mjs [--households 10] [--per 5] [--upload-kbps 2000] [--latency-ms 100]
//
// Against the demo township, worker1's phone (390×844, Chromium) adds --per camera photos
// (4000×3000 JPEGs of > 5 MB, camera.mjs) to the 住房 of each of --households households of its
// village, offline, through the card's file chooser. Then it goes online over an emulated link
// (upload --upload-kbps, latency --latency-ms), where it syncs by itself: the time from coming
// online until every picture is marked uploaded on the phone is "time to sync". Printed: the photo processing time (median,
// min–max), bytes per photo and per thumbnail, what the phone stores per household and per 100
// households with that many photos, and the time to sync them all.
import { startServer, withBrowser, openApp, go } from './support.mjs';
import { cameraJpeg } from './camera.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const at = args.indexOf(`--${name}`);
  return Number(at >= 0 ? args[at + 1] : dflt);
};
const HOUSEHOLDS = opt('households', 10);
const PER = opt('per', 5);
const UPLOAD_KBPS = opt('upload-kbps', 2000);
const LATENCY_MS = opt('latency-ms', 100);
// The demo's households of village 1 (worker1's): every other one from the first.
const ids = Array.from({ length: HOUSEHOLDS }, (_, i) => `00000000-0000-7000-8000-${String(2 * i + 1).padStart(12, '0')}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;

/** Every entry of the phone's attachments store: size, whether a thumbnail, whether uploaded. */
function entries(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const r = indexedDB.open('shouwang');
    r.onerror = () => fail(r.error);
    r.onsuccess = () => {
      const all = r.result.transaction('attachments').objectStore('attachments').getAll();
      all.onsuccess = () => {
        r.result.close();
        ok(all.result.map((v) => ({ bytes: v.bytes, thumb: Boolean(v.thumb_of), uploaded: v.uploaded === true })));
      };
    };
  }));
}

const server = await startServer({ demo: true });
try {
  await withBrowser('bench-photos', async ({ context, page }) => {
    await openApp(page, server.base, '#/login');
    await page.locator('#login-username').fill('worker1');
    await page.locator('#login-password').fill('shouwang-demo');
    await page.locator('#login-submit').click();
    await page.getByTestId('login-current').waitFor();
    await page.locator('#sync-status', { hasText: '全部已上传' }).waitFor({ timeout: 60_000 });

    await context.setOffline(true);
    const times = [];
    let n = 0;
    for (const id of ids) {
      await go(page, `#/households/${id}`);
      await page.getByTestId('photos').waitFor();
      for (let k = 0; k < PER; k++) {
        const { file } = await cameraJpeg(page, 1000 + n++);
        const group = page.getByTestId('photos-housing');
        const before = await group.getByTestId('photo').count();
        const chooser = page.waitForEvent('filechooser');
        await group.getByTestId('photo-add').click();
        await (await chooser).setFiles(file);
        const saved = group.getByTestId('photo-saved');
        await page.waitForFunction(
          ([el, count]) => document.querySelectorAll(`[data-testid="${el}"] [data-testid="photo"]`).length > count,
          ['photos-housing', before],
          { timeout: 60_000 },
        );
        times.push(Number(await saved.getAttribute('data-ms')));
      }
    }
    const kept = await entries(page);
    const photos = kept.filter((e) => !e.thumb);
    const thumbs = kept.filter((e) => e.thumb);
    const total = kept.reduce((s, e) => s + e.bytes, 0);

    // The link is set, then the phone comes online: the app syncs by itself on `online`.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: true,
      latency: LATENCY_MS,
      downloadThroughput: (UPLOAD_KBPS * 4 * 1000) / 8,
      uploadThroughput: (UPLOAD_KBPS * 1000) / 8,
    });
    const t0 = Date.now();
    await context.setOffline(false);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: (UPLOAD_KBPS * 4 * 1000) / 8,
      uploadThroughput: (UPLOAD_KBPS * 1000) / 8,
    });
    for (;;) {
      const now = await entries(page);
      if (now.length && now.every((e) => e.uploaded)) break;
      if (Date.now() - t0 > 30 * 60_000) throw new Error('not uploaded after 30 minutes');
      await page.waitForTimeout(250);
    }
    const syncMs = Date.now() - t0;

    console.log(`photos: ${photos.length} on ${HOUSEHOLDS} households (${PER} each), from 4000×3000 camera JPEGs`);
    console.log(`processing per photo (1× CPU): median ${median(times)} ms, ${Math.min(...times)}–${Math.max(...times)} ms`);
    console.log(`bytes per photo: median ${kb(median(photos.map((e) => e.bytes)))}, ${kb(Math.min(...photos.map((e) => e.bytes)))}–${kb(Math.max(...photos.map((e) => e.bytes)))}; thumbnail median ${kb(median(thumbs.map((e) => e.bytes)))}`);
    console.log(`stored on the phone: ${(total / 1024 / 1024).toFixed(1)} MB, ${kb(total / HOUSEHOLDS)} per household, ${(total / HOUSEHOLDS * 100 / 1024 / 1024).toFixed(0)} MB per 100 households with ${PER} photos each`);
    console.log(`time to sync ${photos.length} photos (+ thumbnails, + ${HOUSEHOLDS} records) at ${UPLOAD_KBPS} kbit/s up, ${LATENCY_MS} ms latency: ${(syncMs / 1000).toFixed(1)} s (the bytes alone: ${(total * 8 / UPLOAD_KBPS / 1000).toFixed(1)} s)`);
  });
} finally {
  await server.stop();
}
