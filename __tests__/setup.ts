// Before anything loads cdktf (this transform does not hoist jest.mock, so order is all): as the app does, no
// stack trace per token (under source maps each costs several times more), and archiver (76 ms per test file)
// loaded only if an asset ever needs it. cdktf's Terraform Cloud backend runs `terraform version` at every
// validation (a process each time, and a failure where Terraform is not installed); these tests make
// thousands of such stacks, so its answer is given.
jest.mock('archiver', () => (...args: unknown[]) => jest.requireActual<(...a: unknown[]) => unknown>('archiver')(...args));
jest.mock('child_process', () => {
  const actual = jest.requireActual<typeof import('child_process')>('child_process');
  return { ...actual, execSync: (command: string, ...rest: never[]) => (/^terraform version\b/.test(command) ? Buffer.from('Terraform v1.11.0\n') : actual.execSync(command, ...rest)) };
});

/* eslint-disable @typescript-eslint/no-require-imports */
(require('../app/token-traces') as typeof import('../app/token-traces')).skipTokenStackTraces();
(require('cdktf') as typeof import('cdktf')).Testing.setupJest();
afterAll((require('./util') as typeof import('./util')).removeTestOutdirs);
