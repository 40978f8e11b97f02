import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// main.ts end to end, as `npm run synth` runs it, in a folder of its own (transpiled on the fly: the
// compiled dist/ may not exist yet).
const ROOT = path.join(__dirname, '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function synth(env: Record<string, string> = {}, cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-main.'))) {
  dirs.push(cwd);
  const run = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(ROOT, 'main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...env },
    encoding: 'utf8',
  });
  const stacks = fs.existsSync(path.join(cwd, 'cdktf.out', 'stacks')) ? fs.readdirSync(path.join(cwd, 'cdktf.out', 'stacks')).sort() : [];
  return { ...run, cwd, stacks };
}

test('writes the four stacks, prints the address plans and the kubenet warning, and exits 0', () => {
  const run = synth();
  expect([run.status, run.stderr.split('\n').filter((l) => !l.startsWith('[WARNING]') && l.trim() !== '')]).toEqual([0, []]);
  expect(run.stacks).toEqual(['kubenet-dualstack', 'kubenet-dualstack-workload', 'overlay-dualstack', 'overlay-dualstack-workload']);
  expect(run.stdout).toMatch(/^aksds-kubenet \(kubenet\) at kubenet-dualstack\/Cluster$/m);
  expect(run.stderr).toMatch(/^\[WARNING\] kubenet-dualstack\/Cluster: kubenet retires on 2028-03-31/m);
});

test('a second synth with fewer variants leaves no stale stacks behind', () => {
  const first = synth();
  const second = synth({ AKS_DUALSTACK_VARIANTS: 'overlay' }, first.cwd);
  expect([second.status, second.stacks]).toEqual([0, ['overlay-dualstack', 'overlay-dualstack-workload']]);
});

test('a bad setting prints the message and the settings in effect, no stack trace, and exits 1', () => {
  const run = synth({ AKS_DUALSTACK_NAME_PREFIX: 'Bad' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^kubenet-dualstack: namePrefix 'Bad' is not a name prefix/);
  expect(run.stderr).toMatch(/Settings in effect:\n {2}cdktf\.json aksDualstack\.location="eastus2"\n {2}AKS_DUALSTACK_NAME_PREFIX=Bad/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
