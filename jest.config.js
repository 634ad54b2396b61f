/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // The BigQuery client lazily imports node-fetch 3 (pure ESM); jest runs CommonJS, so those
    // few packages are compiled to CommonJS rather than running jest in experimental ESM mode.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(teeny-request|node-fetch|data-uri-to-buffer|fetch-blob|formdata-polyfill|node-domexception)/)',
  ],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/support/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/support/fresh-database.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Measured in CI (CI=true, as .ci/run sets it) or with --coverage; a report, not a gate (see docs/testing.md).
  collectCoverage: process.env.CI === 'true',
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageDirectory: 'coverage',
};
