// One lint configuration for the whole repository: typescript-eslint's recommended rules
// (syntax-only, so `npm test` stays fast), with Prettier owning all formatting.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cloudfunctions/*/index.js',
      'miniprogram/miniprogram_npm/',
      'miniprogram/generated/',
      '.localcloud/',
      'coverage/',
      'console/dist/',
      'console/src/generated/',
      'test-output/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import x = require()` is how CommonJS packages without ES exports are typed (wx-server-sdk)
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // tools, the local cloud and tests load bundles, fixtures and CommonJS-only packages at run time
    files: ['scripts/**/*.ts', 'emulator/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['miniprogram/**/*.ts', 'tests/pages/**/*.ts'],
    languageOptions: {
      globals: { ...globals.browser, wx: 'readonly', getApp: 'readonly', App: 'readonly', Page: 'readonly', Component: 'readonly', Behavior: 'readonly', getCurrentPages: 'readonly' },
    },
  },
  {
    // the web console runs in the browser
    files: ['console/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
