// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import architecture from './scripts/eslint-architecture.cjs';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.convergence/'] },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', process: 'readonly' } },
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name=/^(only|skip|todo)$/]',
          message: 'Every test runs: no .only, .skip or .todo.',
        },
      ],
    },
  },
  {
    // Node scripts written in CommonJS (scripts/*.cjs: the layer table, the local ESLint plugin).
    files: ['scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Every src file imports only what its row of docs/architecture.md's layer table allows (src/local only from
    // the composition root), and src/domain does no I/O. One rule, so no later block can replace it.
    files: ['src/**/*.ts'],
    plugins: { architecture },
    rules: { 'architecture/layers': 'error' },
  },
);
