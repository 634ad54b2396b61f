/* global module */
/**
 * Jest for `npm run test:bigquery` only: the warehouse contract against real BigQuery. Unlike the default
 * config it starts no Firestore emulator, and it matches only *.bigquery-test.ts, which `npm test` never runs.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '../../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/warehouse/real-bigquery'],
  testMatch: ['**/*.bigquery-test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 300000,
  maxWorkers: 1,
};
