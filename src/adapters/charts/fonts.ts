// Registers the CJK font shipped through npm (@fontsource-variable/noto-sans-sc: Noto
// Sans SC as a variable-weight font, split by Google Fonts into ~100 unicode-range
// woff2 slices, 4.9 MB in all) with @napi-rs/canvas, once per process. Every slice is
// registered under one family name; Skia then picks, per character, the slice that
// has the glyph, and the weight axis gives real bold. A bare server has only DejaVu,
// which draws Chinese as empty boxes.

import { GlobalFonts } from '@napi-rs/canvas';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name the chart specs ask for first (CHART_FONT_FAMILY). */
export const CJK_FONT_FAMILY = 'Noto Sans SC';

let registered: { family: string; files: number } | null = null;

export function registerChartFonts(): { family: string; files: number } {
  if (registered) return registered;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@fontsource-variable/noto-sans-sc/package.json')), 'files');
  const files = readdirSync(dir).filter((f) => f.endsWith('.woff2'));
  if (files.length === 0) throw new Error(`No woff2 font files in ${dir}`);
  for (const file of files) GlobalFonts.registerFromPath(join(dir, file), CJK_FONT_FAMILY);
  registered = { family: CJK_FONT_FAMILY, files: files.length };
  return registered;
}
