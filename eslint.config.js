// typescript-eslint over src/, test/ and scripts/. Complexity and function length are warnings:
// the long functions that exist are listed by `npm run lint` and split over time; real problems
// (unused code, floating promises in the type-aware rules we keep cheap) are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.dependency-cruiser.cjs', 'dist/**', 'coverage/**', 'node_modules/**', 'fixtures/**', '.bench-cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      complexity: ['warn', 25],
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-depth': ['warn', 5],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Registry and tarball data arrive as unknown and are narrowed; `any` in tests is for hostile inputs.
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
      // TypeScript resolves names; the few .mjs scripts run under node.
      'no-undef': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Tests and benchmarks build hostile and partial inputs on purpose; long describe blocks are the norm.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
