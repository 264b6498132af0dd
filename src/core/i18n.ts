// Every user-facing text exists in every locale. Each module defines its own
// catalogue with defineTexts; the Chinese table must have exactly the English keys
// (checked by the compiler), and a test walks every registered catalogue at runtime.

import type { Locale } from './model.js';

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (locale: Locale, key: K, params?: Params) => string;

interface Catalogue {
  name: string;
  en: Record<string, string>;
  zh: Record<string, string>;
}

const registry: Catalogue[] = [];

export function registeredCatalogues(): readonly Catalogue[] {
  return registry;
}

export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function defineTexts<E extends Record<string, string>>(
  name: string,
  en: E,
  zh: { [K in keyof E]: string },
): Translate<Extract<keyof E, string>> {
  registry.push({ name, en, zh });
  return (locale, key, params) => interpolate((locale === 'zh-CN' ? zh : en)[key], params);
}
