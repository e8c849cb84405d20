// Draws the toolbar/extension icons (a white "M" on a dark blue rounded square) as PNGs.
// Run once; the PNGs are committed.  node tools/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The CRC-32 a PNG chunk ends with (ISO 3309, as in zlib).
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function segDist(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax; const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const M = [[0.27, 0.74], [0.27, 0.28], [0.5, 0.56], [0.73, 0.28], [0.73, 0.74]];

function icon(size) {
  const S = 4; // supersampling
  return png(size, (x, y) => {
    let bg = 0; let fg = 0;
    for (let i = 0; i < S; i += 1) for (let j = 0; j < S; j += 1) {
      const px = (x + (i + 0.5) / S) / size; const py = (y + (j + 0.5) / S) / size;
      const r = 0.2; const cx = Math.min(Math.max(px, r), 1 - r); const cy = Math.min(Math.max(py, r), 1 - r);
      if (Math.hypot(px - cx, py - cy) <= r) {
        bg += 1;
        let d = Infinity;
        for (let k = 0; k < M.length - 1; k += 1) d = Math.min(d, segDist(px, py, M[k], M[k + 1]));
        if (d <= 0.075) fg += 1;
      }
    }
    const a = bg / (S * S); const f = bg ? fg / bg : 0;
    const c = [29, 53, 87].map((v) => Math.round(v * (1 - f) + 255 * f));
    return [...c, Math.round(a * 255)];
  });
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
for (const size of [16, 32, 48, 128]) writeFileSync(join(dir, `icon-${size}.png`), icon(size));
console.log('icons written');
