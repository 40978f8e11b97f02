/**
 * Tests run transpile-only (fast); __tests__/package.test.ts type-checks the whole project with tsc, in
 * parallel with the other test files. One worker per core: jest's default leaves one core idle.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' },
  // Examples import the package by its name, as a user's program does.
  moduleNameMapper: { '^aks-dualstack$': '<rootDir>/lib/index.ts', '^aks-dualstack/app$': '<rootDir>/app/index.ts' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  maxWorkers: '100%',
};
