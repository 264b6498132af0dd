// The shape of src's imports: no module imports itself back through others (a cycle
// makes load order matter and hides which layer depends on which), and the composition
// root (src/app.ts) is imported only by the entry points above it, never by an adapter.
// Type-only imports count too.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The files of src a module imports (relative specifiers only; packages are leaves). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')));
}

/** One cycle per back edge a depth-first search meets: empty exactly when the graph has no cycle. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const graphOfSrc = () => new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));

describe('imports in src', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('form no cycle', () => {
    const graph = graphOfSrc();
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('reach src/app.ts only from the entry points, never from an adapter, the demo or core', () => {
    const app = join(SRC, 'app.ts');
    const importers = [...graphOfSrc()].filter(([, deps]) => deps.includes(app)).map(([f]) => relative(SRC, f));
    expect(importers.sort()).toEqual(['cli-commands.ts', 'cli.ts', 'jobs.ts', 'main.ts', 'worker.ts']);
  });
});
