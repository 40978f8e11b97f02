/**
 * Tests run transpile-only (fast); __tests__/package.test.ts type-checks the whole project with tsc, in
 * parallel with the other test files. One worker per core: jest's default leaves one core idle.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  maxWorkers: '100%',
};
