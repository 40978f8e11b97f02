import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { replaceOutput } from '../../app/atomic-output';

let root: string;
let outdir: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-output.'));
  outdir = path.join(root, 'cdktf.out');
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes files, by path under `dir`, with their contents. */
function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

/** Everything under `dir`: files with their contents, folders as `name/`. */
function tree(dir: string): Record<string, string> {
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  return Object.fromEntries(
    entries.map((e) => {
      const name = path.relative(dir, path.join(e.parentPath, e.name));
      return e.isDirectory() ? [`${name}/`, ''] : [name, fs.readFileSync(path.join(dir, name), 'utf8')];
    }),
  );
}

const OLD = { 'manifest.json': 'old', 'stacks/a/cdk.tf.json': 'old a', 'stacks/b/cdk.tf.json': 'old b' };
const NEW = { 'manifest.json': 'new', 'stacks/a/cdk.tf.json': 'new a' };

test('a write that returns replaces the output wholly, and leaves nothing beside it', () => {
  writeFiles(outdir, OLD);
  replaceOutput(outdir, (staging) => writeFiles(staging, NEW));
  expect(tree(outdir)).toEqual({ 'manifest.json': 'new', 'stacks/': '', 'stacks/a/': '', 'stacks/a/cdk.tf.json': 'new a' });
  expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
});

test('a write that throws leaves the output as it was, removes the staging folder, and throws on', () => {
  writeFiles(outdir, OLD);
  const before = tree(outdir);
  const failure = new Error('Validation failed');
  expect(() =>
    replaceOutput(outdir, (staging) => {
      writeFiles(staging, NEW);
      throw failure;
    }),
  ).toThrow(failure);
  expect(tree(outdir)).toEqual(before);
  expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
});

test('writes into a fresh folder beside the output, and makes the output where there was none', () => {
  const nested = path.join(root, 'a', 'b', 'cdktf.out');
  replaceOutput(nested, (staging) => {
    expect([path.dirname(staging), fs.readdirSync(staging)]).toEqual([path.dirname(nested), []]);
    writeFiles(staging, NEW);
  });
  expect(tree(nested)).toMatchObject(NEW);
});

test("keeps Terraform's own files of the stacks still made, and nothing of the stacks gone", () => {
  writeFiles(outdir, { ...OLD, 'stacks/a/.terraform.lock.hcl': 'pins', 'stacks/a/.terraform/environment': 'prod', 'stacks/b/.terraform.lock.hcl': 'b pins' });
  replaceOutput(outdir, (staging) => writeFiles(staging, NEW));
  expect(tree(outdir)).toEqual({
    'manifest.json': 'new',
    'stacks/': '',
    'stacks/a/': '',
    'stacks/a/cdk.tf.json': 'new a',
    'stacks/a/.terraform.lock.hcl': 'pins',
    'stacks/a/.terraform/': '',
    'stacks/a/.terraform/environment': 'prod',
  });
});

test('under the cdktf CLI, a stack no longer made is left an empty folder, for the CLI to remove', () => {
  writeFiles(outdir, OLD);
  replaceOutput(outdir, (staging) => writeFiles(staging, NEW), { underCli: true });
  expect(tree(outdir)).toEqual({ 'manifest.json': 'new', 'stacks/': '', 'stacks/a/': '', 'stacks/a/cdk.tf.json': 'new a', 'stacks/b/': '' });
});

test('removes the staging and old folders of runs that are gone, not of running ones or of other outputs', () => {
  const gone = 99_999_999; // above any pid_max
  const leftovers = [`cdktf.out.staging-${gone}`, `cdktf.out.old-${gone}`];
  const kept = [`cdktf.out.staging-${process.ppid}`, `other.out.staging-${gone}`, 'cdktf.out.backup'];
  [...leftovers, ...kept].forEach((name) => writeFiles(path.join(root, name), { 'manifest.json': 'stale' }));
  replaceOutput(outdir, (staging) => writeFiles(staging, NEW));
  expect(fs.readdirSync(root).sort()).toEqual(['cdktf.out', ...kept].sort());
});

test('puts the old output back when the new one cannot be moved into place', () => {
  writeFiles(outdir, OLD);
  const before = tree(outdir);
  const rename = fs.renameSync;
  jest.spyOn(require('fs'), 'renameSync').mockImplementation((...args: unknown[]) => {
    const [from, to] = args as [string, string];
    if (from.includes('.staging-')) throw Object.assign(new Error(`EPERM: rename '${from}' -> '${to}'`), { code: 'EPERM' });
    rename(from, to);
  });
  expect(() => replaceOutput(outdir, (staging) => writeFiles(staging, NEW))).toThrow(/EPERM/);
  expect(tree(outdir)).toEqual(before);
  expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
});
