import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// main.ts end to end, as `npm run synth` runs it (scripts/synth.js, which compiles what changed into dist/
// first), in a folder of its own. Each run costs most of a second, so the failing runs share one good output.
const ROOT = path.join(__dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-main.'));
  dirs.push(dir);
  return dir;
}

function synth(env: Record<string, string> = {}, cwd = freshDir()) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js')], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  const stacks = fs.existsSync(path.join(cwd, 'cdktf.out', 'stacks')) ? fs.readdirSync(path.join(cwd, 'cdktf.out', 'stacks')).sort() : [];
  return { ...run, cwd, stacks };
}

/** Every file of a folder's cdktf.out, with its bytes. */
function output(cwd: string): Record<string, Buffer> {
  const outdir = path.join(cwd, 'cdktf.out');
  const files = fs.readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(files.map((e) => [path.relative(outdir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name))]));
}

let good: ReturnType<typeof synth>;
beforeAll(() => {
  good = synth();
});

/** A copy of the good run's folder, to run in. */
function copyOfGood(): string {
  const dir = freshDir();
  fs.cpSync(good.cwd, dir, { recursive: true });
  return dir;
}

test('writes the four stacks, prints the address plans and the kubenet warning, and exits 0', () => {
  expect([good.status, good.stderr.split('\n').filter((l) => !l.startsWith('[WARNING]') && l.trim() !== '')]).toEqual([0, []]);
  expect(good.stacks).toEqual(['kubenet-dualstack', 'kubenet-dualstack-workload', 'overlay-dualstack', 'overlay-dualstack-workload']);
  expect(good.stdout).toMatch(/^aksds-kubenet \(kubenet\) at kubenet-dualstack\/Cluster$/m);
  expect(good.stderr).toMatch(/^\[WARNING\] kubenet-dualstack\/Cluster: kubenet retires on 2028-03-31/m);
});

test('a second synth with fewer variants replaces the output wholly: no stale stacks, nothing left beside it', () => {
  const second = synth({ AKS_DUALSTACK_VARIANTS: 'overlay' }, copyOfGood());
  expect([second.status, second.stacks]).toEqual([0, ['overlay-dualstack', 'overlay-dualstack-workload']]);
  const manifest = JSON.parse(fs.readFileSync(path.join(second.cwd, 'cdktf.out', 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.stacks)).toEqual(['overlay-dualstack', 'overlay-dualstack-workload']);
  expect(fs.readdirSync(second.cwd)).toEqual(['cdktf.out']);
});

describe('a failed run leaves the previous output byte for byte, and exits 1', () => {
  function failedRun(env: Record<string, string>, cdktfJson?: string) {
    const cwd = copyOfGood();
    if (cdktfJson !== undefined) fs.writeFileSync(path.join(cwd, 'cdktf.json'), cdktfJson);
    const run = synth(env, cwd);
    expect(run.status).toBe(1);
    expect(output(cwd)).toEqual(output(good.cwd));
    expect(fs.readdirSync(cwd).sort()).toEqual(cdktfJson === undefined ? ['cdktf.out'] : ['cdktf.json', 'cdktf.out']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    return run;
  }

  test('when a later stack fails validation, after the earlier ones were synthesized', () => {
    // The Windows pool is the overlay variant's alone: kubenet's stacks pass, overlay's fails at synth.
    const run = failedRun({ AKS_DUALSTACK_WINDOWS_NODE_COUNT: '300' });
    expect(run.stderr).toMatch(/^Validation failed with the following errors:\n {2}\[overlay-dualstack\//);
    expect(run.stderr).not.toMatch(/\[kubenet-dualstack/);
  });

  test('when a setting is bad, with the message and the settings in effect', () => {
    const run = failedRun({ AKS_DUALSTACK_NAME_PREFIX: 'Bad' });
    expect(run.stderr).toMatch(/^kubenet-dualstack: namePrefix 'Bad' is not a name prefix/);
    expect(run.stderr).toMatch(/Settings in effect:\n {2}cdktf\.json aksDualstack\.location="eastus2"\n {2}AKS_DUALSTACK_NAME_PREFIX=Bad/);
  });

  // CDKTF_CONTEXT_JSON takes the same path (readContext, then the same one line): example-app.test.ts has it.
  test('when cdktf.json is not JSON, in one line with the line and column', () => {
    const run = failedRun({}, '{\n  "context": {\n    "aksDualstack": { "location": "westeurope", }\n  }\n}\n');
    expect(run.stderr).toBe('cdktf.json is not valid JSON at line 3, column 49 (Expected double-quoted property name); correct it there.\n');
  });

});
