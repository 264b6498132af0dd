import { describe, expect, it } from 'vitest';
// Importing the dispatcher loads every catalogue the commands use.
import '../../src/core/usecases/index.js';
import '../../src/core/requirements.js';
import '../../src/core/error-titles.js';
import '../../src/core/choice-labels.js';
import { interpolate, registeredCatalogues } from '../../src/core/i18n.js';

describe('i18n catalogues', () => {
  const catalogues = registeredCatalogues();

  it('are registered', () => {
    expect(catalogues.length).toBeGreaterThanOrEqual(3);
  });

  it.each(catalogues.map((c) => [c.name, c] as const))('%s has every key in both locales with the same placeholders', (_name, c) => {
    expect(Object.keys(c.zh).sort()).toEqual(Object.keys(c.en).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(c.en)) {
      expect(c.zh[key]?.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(c.zh[key] ?? ''), key).toEqual(placeholders(c.en[key] ?? ''));
    }
  });

  it('interpolates only known parameters', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
