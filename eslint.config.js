// Lint: typescript-eslint's strict, type-checked rules. Adjustments, each with its reason:
// - numbers in template strings are fine (every text is built that way);
// - `!` stays allowed: with noUncheckedIndexedAccess an index read after a length check
//   needs it, and a rewrite to `?? fallback` would invent a value that cannot occur;
// - arrow shorthand returning a void call (`() => resolve()`) is not confusing;
// - in test/**, reading parsed JSON replies loosely (the last block, reasons there).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['generated/**', 'node_modules/**', 'data/**', 'coverage/**', 'bin/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
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
  {
    // Tests read JSON replies (`data`, fake servers' bodies) as loosely typed values and check
    // their shape with expect(): typing every reply would only restate the assertions, and a
    // wrong shape already fails the test. Every other type-checked rule still applies.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off', // reply data held as Record<string, any>
      '@typescript-eslint/no-unsafe-member-access': 'off', // reading fields of a parsed reply
      '@typescript-eslint/no-unsafe-assignment': 'off', // naming a part of a parsed reply
      '@typescript-eslint/no-unsafe-call': 'off', // .map/.find on a parsed reply's arrays
      '@typescript-eslint/no-unsafe-return': 'off', // helpers that pick a part of a parsed reply
      '@typescript-eslint/no-unsafe-argument': 'off', // passing a parsed part to expect() or a helper
      // `reached += 1` on a parsed number; the rule's other checks stay as strict as in src
      '@typescript-eslint/restrict-plus-operands': [
        'error',
        { allowAny: true, allowBoolean: false, allowNullish: false, allowNumberAndString: false, allowRegExp: false },
      ],
    },
  },
);
