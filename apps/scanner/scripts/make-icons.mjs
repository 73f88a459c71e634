// Draws the app icons (a barcode on the brand colour) as PNGs with no image library:
// raw RGBA rows, zlib-deflated into a minimal PNG. Run again after changing the design.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND = [0x0f, 0x2a, 0x44, 255];
const WHITE = [255, 255, 255, 255];
const AMBER = [0xff, 0xbf, 0x00, 255];
const BARS = [3, 1, 2, 1, 1, 3, 1, 2, 2, 1, 3, 1, 1, 2]; // widths, alternating bar / gap

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function icon(size, { rounded, safe }) {
  const px = Buffer.alloc(size * size * 4);
  const radius = rounded ? size * 0.18 : 0;
  // Maskable icons keep the drawing inside the central 80% "safe zone".
  const pad = size * (safe ? 0.24 : 0.16);
  const total = BARS.reduce((a, b) => a + b, 0);
  const unit = (size - 2 * pad) / total;
  const top = size * 0.26;
  const bottom = size * 0.66;
  const lineY = size * 0.76;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let colour = BRAND;
      const cx = Math.min(x, size - 1 - x);
      const cy = Math.min(y, size - 1 - y);
      if (radius && cx < radius && cy < radius && (radius - cx) ** 2 + (radius - cy) ** 2 > radius ** 2)
        colour = [0, 0, 0, 0];
      else if (y >= top && y < bottom && x >= pad && x < size - pad) {
        let at = (x - pad) / unit;
        let i = 0;
        while (i < BARS.length && at >= BARS[i]) at -= BARS[i++];
        if (i % 2 === 0) colour = WHITE;
      } else if (y >= lineY && y < lineY + size * 0.06 && x >= pad && x < size - pad) colour = AMBER;
      px.set(colour, (y * size + x) * 4);
    }
  }
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), icon(192, { rounded: true, safe: false }));
writeFileSync(new URL('icon-512.png', out), icon(512, { rounded: true, safe: false }));
writeFileSync(new URL('icon-maskable-512.png', out), icon(512, { rounded: false, safe: true }));
console.log('icons written');
