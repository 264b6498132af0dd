// Compiles src/ to dist/ (one .js per .ts, same layout and depth, so relative paths to
// prisma/ and generated/ still hold) with esbuild, which tsx already brings. bin/stagecoach
// runs dist/ only while its fingerprint matches src/ (every file's path, size and mtime),
// and rebuilds or falls back to tsx otherwise: it never runs stale code.
// `node scripts/build.mjs` builds; imported, it offers the check to bin/stagecoach.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(root, 'dist');
const STAMP = 'fingerprint';

function sources(dir, ext = '.ts', out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, ext, out);
    else if (entry.name.endsWith(ext)) out.push(path);
  }
  return out;
}

/** Plain JavaScript beside the sources (a worker thread's entry) is copied as it is. */
const plainFiles = () => sources(join(root, 'src'), '.mjs');

export function fingerprint() {
  const hash = createHash('sha256');
  for (const file of [...sources(join(root, 'src')), ...plainFiles()].sort()) {
    const info = statSync(file);
    hash.update(`${relative(root, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export function isFresh(print = fingerprint()) {
  try {
    return readFileSync(join(DIST, STAMP), 'utf8') === print;
  } catch {
    return false;
  }
}

/** Builds beside dist/ and swaps it in, so no reader ever sees half a build. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const print = fingerprint();
  const staging = `${DIST}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await esbuild({
    entryPoints: sources(join(root, 'src')),
    outdir: staging,
    outbase: join(root, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  for (const file of plainFiles()) copyFileSync(file, join(staging, relative(join(root, 'src'), file)));
  writeFileSync(join(staging, STAMP), print);
  const old = `${DIST}.old.${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  try {
    renameSync(staging, DIST);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process swapped its build in first
  }
  rmSync(old, { recursive: true, force: true });
}

// At `npm ci` in the Dockerfile, src/ is copied after the install: the image builds later.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && existsSync(join(root, 'src'))) await build();
