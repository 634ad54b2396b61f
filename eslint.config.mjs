// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.convergence/'] },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } } },
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
    // Production code never reaches the local stand-ins except through configuration (the composition root).
    files: ['src/**/*.ts'],
    ignores: ['src/local/**', 'src/main.ts', 'src/cli/**', 'src/runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../local/*', '../../local/*'],
              message: 'Only the composition root (src/runtime, src/main.ts, src/cli) reaches src/local.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no I/O, no adapters. After the block above, which it must override for src/domain
    // (in a flat config the last block that sets a rule wins, patterns and all).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@google-cloud/*', 'express', '@duckdb/*', 'node:*', 'fs', 'http', 'child_process'],
              message: 'src/domain is pure: no I/O.',
            },
            {
              group: [
                'eventstore',
                'warehouse',
                'http',
                'dispatch',
                'local',
                'projections',
                'app',
                'pipelines',
                'security',
                'cli',
                'runtime',
                'config',
              ]
                .map((layer) => `**/${layer}/*`)
                .concat(
                  [
                    'eventstore',
                    'warehouse',
                    'http',
                    'dispatch',
                    'local',
                    'projections',
                    'app',
                    'pipelines',
                    'security',
                    'cli',
                    'runtime',
                    'config',
                  ].map((layer) => `**/${layer}`),
                ),
              message: 'src/domain never imports an adapter or use case.',
            },
          ],
        },
      ],
    },
  },
);
