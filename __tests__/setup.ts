import { Testing } from 'cdktf';
import { skipTokenStackTraces } from '../lib/private/token-traces';
import { removeTestOutdirs } from './util';

// As the app does: no stack trace per token (under ts-jest's source maps each costs several times more), and
// archiver (76 ms per test file) loaded only if an asset ever needs it.
skipTokenStackTraces();
jest.mock('archiver', () => (...args: unknown[]) => jest.requireActual<(...a: unknown[]) => unknown>('archiver')(...args));
// cdktf's Terraform Cloud backend runs `terraform version` at every validation (a process each time, and a
// failure where Terraform is not installed); these tests make thousands of such stacks. Its answer is given.
jest.mock('child_process', () => {
  const actual = jest.requireActual<typeof import('child_process')>('child_process');
  return { ...actual, execSync: (command: string, ...rest: never[]) => (/^terraform version\b/.test(command) ? Buffer.from('Terraform v1.11.0\n') : actual.execSync(command, ...rest)) };
});

Testing.setupJest();
afterAll(removeTestOutdirs);
