// Lint: typescript-eslint's strict, type-checked rules. Adjustments, each with its reason:
// - numbers in template strings are fine (every text is built that way);
// - `!` stays allowed: with noUncheckedIndexedAccess an index read after a length check
//   needs it, and a rewrite to `?? fallback` would invent a value that cannot occur;
// - arrow shorthand returning a void call (`() => resolve()`) is not confusing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['generated/**', 'node_modules/**', 'data/**', 'coverage/**', 'bin/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
);
