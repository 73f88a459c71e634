import { writeFileSync } from 'node:fs';

/**
 * A fake camera feed showing one EAN-13 barcode, as a YUV4MPEG2 file that Chromium plays through
 * `--use-file-for-fake-video-capture`. Drawn here from the EAN-13 rules, so the camera test needs
 * no image files or libraries.
 */

const L = [
  '0001101',
  '0011001',
  '0010011',
  '0111101',
  '0100011',
  '0110001',
  '0101111',
  '0111011',
  '0110111',
  '0001011',
];
const G = [
  '0100111',
  '0110011',
  '0011011',
  '0100001',
  '0011101',
  '0111001',
  '0000101',
  '0010001',
  '0001001',
  '0010111',
];
const R = [
  '1110010',
  '1100110',
  '1101100',
  '1000010',
  '1011100',
  '1001110',
  '1010000',
  '1000100',
  '1001000',
  '1110100',
];
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/** The 95 modules (1 = bar) of an EAN-13 code given as its 13 digits. */
export function ean13Modules(code: string): string {
  if (!/^\d{13}$/.test(code)) throw new Error(`not an EAN-13: ${code}`);
  const d = [...code].map(Number);
  const parity = PARITY[d[0]!]!;
  let bits = '101';
  for (let i = 1; i <= 6; i++) bits += (parity[i - 1] === 'L' ? L : G)[d[i]!]!;
  bits += '01010';
  for (let i = 7; i <= 12; i++) bits += R[d[i]!]!;
  return bits + '101';
}

/** A fake camera feed showing a grey image (8-bit, row by row) in the middle of a white frame. */
export function writeImageVideo(
  path: string,
  image: { width: number; height: number; gray: Uint8Array },
  width = 640,
  height = 480,
  frames = 10,
): void {
  if (image.width > width || image.height > height)
    throw new Error(`image ${image.width}×${image.height} is larger than the frame`);
  const luma = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - image.width) / 2);
  const top = Math.floor((height - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++)
      luma[(top + y) * width + left + x] = 16 + Math.round((image.gray[y * image.width + x]! * 219) / 255);
  }
  writeFrames(path, luma, width, height, frames);
}

export function writeBarcodeVideo(path: string, code: string, width = 640, height = 480, frames = 10): void {
  const modules = ean13Modules(code);
  const unit = 4;
  const left = Math.floor((width - modules.length * unit) / 2);
  const top = Math.floor(height * 0.2);
  const bottom = Math.floor(height * 0.8);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = top; y < bottom; y++) {
    for (let m = 0; m < modules.length; m++) {
      if (modules[m] !== '1') continue;
      luma.fill(16, y * width + left + m * unit, y * width + left + (m + 1) * unit);
    }
  }
  writeFrames(path, luma, width, height, frames);
}

/** YUV4MPEG2 with 4:2:0 chroma, grey (no colour): the same luma in every frame. */
function writeFrames(path: string, luma: Buffer, width: number, height: number, frames: number): void {
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
