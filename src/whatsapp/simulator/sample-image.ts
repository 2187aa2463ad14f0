import { deflateSync } from "node:zlib";

// The built-in sample a persona can send: a small PNG that looks like a screenshot of a shop's admin page with
// a red error banner, drawn here so the simulator ships no binary files.

const WIDTH = 240;
const HEIGHT = 160;

type Rgb = readonly [number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function pixel(x: number, y: number): Rgb {
  if (y < 22) return [30, 41, 59]; // top bar
  if (x < 48) return y % 20 < 10 && x > 8 && x < 40 && y > 30 ? [148, 163, 184] : [51, 65, 85]; // side menu
  if (y >= 34 && y < 58 && x >= 58 && x < 230) {
    // red error banner with a lighter "text" stripe
    return y >= 43 && y < 49 && x >= 66 && x < 200 ? [254, 226, 226] : [220, 38, 38];
  }
  if (y >= 70 && (y - 70) % 18 < 8 && x >= 58 && x < 230 - ((y * 7) % 60)) return [203, 213, 225]; // text lines
  return [248, 250, 252];
}

let cached: Buffer | undefined;

export const SAMPLE_IMAGE_MIME = "image/png";
export const SAMPLE_IMAGE_NAME = "error-screenshot.png";

export function sampleImage(): Buffer {
  if (cached) return cached;
  const raw = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
  let offset = 0;
  for (let y = 0; y < HEIGHT; y++) {
    raw[offset++] = 0; // filter: none
    for (let x = 0; x < WIDTH; x++) {
      const [r, g, b] = pixel(x, y);
      raw[offset++] = r;
      raw[offset++] = g;
      raw[offset++] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  cached = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return cached;
}
