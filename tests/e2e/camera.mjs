// A camera-like photo for the tests and benchmarks of photos (#17): a 4000×3000 JPEG of more than
// 5 MB (a gradient with grain, as a phone's sensor gives), with an Exif segment saying
// orientation 6, written to a temporary file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An APP1 Exif segment saying orientation 6 (the camera was held upright: turn 90° clockwise). */
function exifOrientation6() {
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation = 6
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, body]);
}

/** A 4000×3000 camera-like JPEG (a gradient with grain, as a phone's sensor gives) of > 5 MB,
 *  drawn in the page's canvas, with the orientation-6 Exif segment after its SOI marker. */
export async function cameraJpeg(page, seed = 12345) {
  const base64 = await page.evaluate(async (seed) => {
    const c = document.createElement('canvas');
    c.width = 4000;
    c.height = 3000;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(4000, 3000);
    const d = img.data;
    let s = seed;
    const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let y = 0; y < 3000; y++) {
      for (let x = 0; x < 4000; x++) {
        const i = (y * 4000 + x) * 4;
        const n = (rnd() - 0.5) * 160;
        // A band of no red at the top of the sensor: after the turn it is on the right.
        d[i] = y < 300 ? 0 : 120 + x / 40 + n;
        d[i + 1] = 100 + y / 30 + n;
        d[i + 2] = 90 + n;
        d[i + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  }, seed);
  const jpeg = Buffer.from(base64, 'base64');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shouwang-photo-')), 'IMG_0001.jpg');
  writeFileSync(file, Buffer.concat([jpeg.subarray(0, 2), exifOrientation6(), jpeg.subarray(2)]));
  return { file, bytes: jpeg.length + 30 };
}
