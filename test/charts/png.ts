// Test helpers: read a PNG's header, decode its pixels, find runs of a colour.
import { createCanvas, loadImage } from '@napi-rs/canvas';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Width and height from the IHDR chunk (always the first, at byte 8). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk !== 'IHDR') throw new Error(`first chunk is ${chunk}`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export async function decodePng(bytes: Uint8Array): Promise<Pixels> {
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  return { width: image.width, height: image.height, data };
}

export type Rgb = [number, number, number];

/** '#rrggbb' or 'rgba(r, g, b, a)' as drawn on white. */
export function onWhite(colour: string): Rgb {
  if (colour.startsWith('#')) {
    const n = Number.parseInt(colour.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const [r, g, b, a] = colour.match(/[\d.]+/g)!.map(Number) as [number, number, number, number];
  const blend = (c: number) => Math.round(c * a + 255 * (1 - a));
  return [blend(r), blend(g), blend(b)];
}

export function pixel(p: Pixels, x: number, y: number): Rgb {
  const i = (y * p.width + x) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
}

export function near(a: Rgb, b: Rgb, tolerance = 12): boolean {
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance && Math.abs(a[2] - b[2]) <= tolerance;
}

export function countNonWhite(p: Pixels): number {
  let n = 0;
  for (let i = 0; i < p.data.length; i += 4) {
    if (p.data[i]! < 245 || p.data[i + 1]! < 245 || p.data[i + 2]! < 245) n++;
  }
  return n;
}

export function countColour(p: Pixels, colours: Rgb[]): number {
  let n = 0;
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) if (colours.some((c) => near(pixel(p, x, y), c))) n++;
  return n;
}

/** Runs of `true` at least `minLength` long. */
export function runs(flags: boolean[], minLength: number): number {
  let count = 0;
  let length = 0;
  for (const flag of [...flags, false]) {
    if (flag) length++;
    else {
      if (length >= minLength) count++;
      length = 0;
    }
  }
  return count;
}

/** The most runs of the colours met along any single column (vertical scan lines). */
export function maxRunsAlongColumns(p: Pixels, colours: Rgb[], minLength: number): number {
  let best = 0;
  for (let x = 0; x < p.width; x++) {
    const flags = Array.from({ length: p.height }, (_, y) => colours.some((c) => near(pixel(p, x, y), c)));
    best = Math.max(best, runs(flags, minLength));
  }
  return best;
}

/** The most runs of the colours met along any single row (horizontal scan lines). */
export function maxRunsAlongRows(p: Pixels, colours: Rgb[], minLength: number): number {
  let best = 0;
  for (let y = 0; y < p.height; y++) {
    const flags = Array.from({ length: p.width }, (_, x) => colours.some((c) => near(pixel(p, x, y), c)));
    best = Math.max(best, runs(flags, minLength));
  }
  return best;
}

/**
 * Shapes separated along one axis: a row (or column) counts when it holds at least
 * `minPixels` pixels of the colours; runs of such rows at least `minLength` long are
 * counted. Small shapes such as legend swatches fall under the thresholds.
 */
export function projectedRuns(
  p: Pixels,
  colours: Rgb[],
  axis: 'rows' | 'columns',
  minPixels: number,
  minLength: number,
): number {
  const outer = axis === 'rows' ? p.height : p.width;
  const inner = axis === 'rows' ? p.width : p.height;
  const flags: boolean[] = [];
  for (let a = 0; a < outer; a++) {
    let n = 0;
    for (let b = 0; b < inner; b++) {
      const px = axis === 'rows' ? pixel(p, b, a) : pixel(p, a, b);
      if (colours.some((c) => near(px, c))) n++;
    }
    flags.push(n >= minPixels);
  }
  return runs(flags, minLength);
}

/** Pixels that differ between two images of the same size. */
export function diffPixels(a: Pixels, b: Pixels, region?: { x: number; y: number; w: number; h: number }): number {
  const r = region ?? { x: 0, y: 0, w: a.width, h: a.height };
  let n = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      if (!near(pixel(a, x, y), pixel(b, x, y), 0)) n++;
    }
  }
  return n;
}
