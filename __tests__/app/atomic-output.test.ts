import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
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

/** The files under `dir` with their contents (folders left out); undefined when there is no `dir`. */
function files(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  return Object.fromEntries(Object.entries(tree(dir)).filter(([name]) => !name.endsWith('/')));
}

/** What `terraform init` wrote into the stacks a and b. */
const TERRAFORM = { 'stacks/a/.terraform/environment': 'prod', 'stacks/a/.terraform/providers/p': 'provider', 'stacks/a/.terraform.lock.hcl': 'a pins', 'stacks/b/.terraform.lock.hcl': 'b pins' };
const BEFORE = { ...OLD, ...TERRAFORM, 'stacks/gone/cdk.tf.json': 'gone', 'stacks/gone/.terraform.lock.hcl': 'gone pins' };
const AFTER = { 'manifest.json': 'new', 'stacks/a/cdk.tf.json': 'new a', 'stacks/b/cdk.tf.json': 'new b', 'stacks/c/cdk.tf.json': 'new c' };
const NEWER = { 'manifest.json': 'newer', 'stacks/a/cdk.tf.json': 'newer a', 'stacks/b/cdk.tf.json': 'newer b' };
/** An output with Terraform's files of a and b kept. */
const kept = (output: Record<string, string>) => ({ ...output, ...TERRAFORM });

describe('a symbolic link as the output', () => {
  test('stays a link: the folder it points to is replaced, Terraform files kept, nothing left beside it', () => {
    writeFiles(path.join(root, 'real', 'out'), BEFORE);
    fs.symlinkSync(path.join('real', 'out'), outdir);
    replaceOutput(outdir, (staging) => writeFiles(staging, AFTER));
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(files(outdir)).toEqual(kept(AFTER));
    expect([fs.readdirSync(root).sort(), fs.readdirSync(path.join(root, 'real'))]).toEqual([['cdktf.out', 'real'], ['out']]);
  });

  test('that points nowhere yet gets the folder it points to', () => {
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real', 'out'), outdir);
    replaceOutput(outdir, (staging) => writeFiles(staging, NEW));
    expect([fs.lstatSync(outdir).isSymbolicLink(), files(path.join(root, 'real', 'out'))]).toEqual([true, NEW]);
  });
});

/** The name and message of what `run` throws. */
function errorOf(run: () => void): { name: string; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

describe('one run at a time', () => {
  test('a run waits while a running process holds the lock, then fails in one clear message, the output and the lock untouched', () => {
    writeFiles(outdir, OLD);
    fs.writeFileSync(`${outdir}.lock`, String(process.ppid));
    const said = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const write = jest.fn();
    const started = Date.now();
    expect(errorOf(() => replaceOutput(outdir, write, { lockTimeoutMs: 60 }))).toEqual({
      name: 'OutputLockedError',
      message: `${outdir} is being written by another synth (pid ${process.ppid}), still after 0 s; let it finish or stop it (its lock is ${outdir}.lock).`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect([write.mock.calls.length, said.mock.calls]).toEqual([0, [[`Waiting for the synth of pid ${process.ppid}, which is writing ${outdir}...`]]]);
    expect([files(outdir), fs.readFileSync(`${outdir}.lock`, 'utf8')]).toEqual([OLD, String(process.ppid)]);
  });

  test.each([
    ['of a process that is gone', '99999999', 0],
    ['that this pid held before (a process that is gone)', String(process.pid), 0],
    ['left empty by a run that died taking it', '', 10],
  ])('a lock %s is taken over', (_what, text, ageSeconds) => {
    writeFiles(outdir, OLD);
    fs.writeFileSync(`${outdir}.lock`, text);
    const past = new Date(Date.now() - ageSeconds * 1000);
    fs.utimesSync(`${outdir}.lock`, past, past);
    replaceOutput(outdir, (staging) => writeFiles(staging, NEW), { lockTimeoutMs: 0 });
    expect([files(outdir), fs.readdirSync(root)]).toEqual([NEW, ['cdktf.out']]);
  });

  test('a lock just created, its pid not written yet, is waited for', () => {
    fs.writeFileSync(`${outdir}.lock`, '');
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(errorOf(() => replaceOutput(outdir, jest.fn(), { lockTimeoutMs: 100 }))).toMatchObject({ name: 'OutputLockedError' });
  });
});

// End to end: replaceOutput run by child node processes on the real file system. The child loads this module
// transpiled, with a stand-in for cdktf (only the name of the stacks folder is used), and can be killed
// (SIGKILL) right after its n-th change to the file system.
const CHILD = String.raw`'use strict';
const fs = require('fs');
const path = require('path');
const { appendFileSync, mkdirSync, writeFileSync } = fs;
const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let changes = 0;
for (const name of ['mkdirSync', 'writeFileSync', 'renameSync', 'cpSync', 'rmSync']) {
  const original = fs[name];
  fs[name] = (...args) => {
    const result = original(...args);
    if (++changes === spec.killAfter) {
      appendFileSync(spec.log, name + ' ' + args.filter((a) => typeof a === 'string').map((a) => path.basename(a)).join(' -> '));
      process.kill(process.pid, 'SIGKILL');
    }
    return result;
  };
}
const { replaceOutput } = require('./atomic-output.js');
replaceOutput(spec.outdir, (staging) => {
  // Through fs, counted as the test's own runs count them.
  for (const [name, text] of Object.entries(spec.files)) {
    fs.mkdirSync(path.dirname(path.join(staging, name)), { recursive: true });
    fs.writeFileSync(path.join(staging, name), text);
  }
  if (spec.holdMs) {
    appendFileSync(spec.log, 'start ' + Date.now() + '\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, spec.holdMs);
    appendFileSync(spec.log, 'end ' + Date.now() + '\n');
  }
});
`;

interface ChildSpec {
  readonly outdir: string;
  readonly files: Record<string, string>;
  readonly killAfter?: number;
  readonly holdMs?: number;
  readonly log?: string;
}

describe('end to end, in child processes', () => {
  let bin: string;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-output-bin.'));
    fs.chmodSync(bin, 0o755);
    // Transpiled once per version of the source and kept, as loading TypeScript costs more than these tests.
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'app', 'atomic-output.ts'), 'utf8');
    const cached = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'aks-dualstack', `atomic-output-${createHash('sha1').update(source).digest('hex')}.js`);
    if (!fs.existsSync(cached)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require('typescript') as typeof import('typescript');
      const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, ts.transpileModule(source, { compilerOptions: options }).outputText);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    }
    fs.copyFileSync(cached, path.join(bin, 'atomic-output.js'));
    fs.mkdirSync(path.join(bin, 'node_modules', 'cdktf'), { recursive: true });
    fs.writeFileSync(path.join(bin, 'node_modules', 'cdktf', 'index.js'), "exports.Manifest = { stacksFolder: 'stacks' };\n");
    fs.writeFileSync(path.join(bin, 'run.js'), CHILD);
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  function specFile(spec: ChildSpec): string {
    const file = path.join(bin, `spec-${process.hrtime.bigint()}.json`);
    fs.writeFileSync(file, JSON.stringify(spec));
    return file;
  }

  /** Runs replaceOutput in a child as `spec` says. */
  function child(spec: ChildSpec, uid?: number) {
    const run = spawnSync(process.execPath, [path.join(bin, 'run.js'), specFile(spec)], { encoding: 'utf8', ...(uid === undefined ? {} : { uid, gid: uid }) });
    return { killed: run.signal === 'SIGKILL', status: run.status, stderr: run.stderr };
  }

  /**
   * The states a kill would leave a run writing `output` in: the run is made once, in this process, and the
   * folder is copied after each change it makes to the file system (a kill leaves exactly that). Then, for each
   * state, in a fresh folder made by `setUp` and brought to that state, `check`. Returns the changes. The
   * leftovers carry this process's pid, which a run takes for a dead one's (see the child-process test below,
   * which kills a real run).
   */
  function killAtEveryChange(setUp: () => void, output: Record<string, string>, check: (change: number) => void, only: () => boolean = () => true): string[] {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root);
    setUp();
    const states = new Map<number, (readonly [string, string | undefined])[]>();
    // The module object itself (the test's `fs` is a read-only view of it).
    const real = require('fs') as Record<string, (...args: unknown[]) => unknown>;
    const names = ['mkdirSync', 'writeFileSync', 'renameSync', 'cpSync', 'rmSync'];
    const originals = Object.fromEntries(names.map((name) => [name, real[name]]));
    const changes: string[] = [];
    const patched = Object.fromEntries(
      names.map((name) => [
        name,
        (...args: unknown[]) => {
          const result = originals[name](...args);
          changes.push(`${name} ${args.filter((a) => typeof a === 'string').map((a) => path.basename(a as string)).join(' -> ')}`);
          // Only the states asked for are kept (reading every one costs).
          if (only()) states.set(changes.length, capture(root));
          return result;
        },
      ]),
    );
    Object.assign(real, patched);
    try {
      replaceOutput(outdir, (staging) => writeFiles(staging, output));
    } finally {
      Object.assign(real, originals);
    }
    for (const [n, state] of states) {
      restore(state, root);
      try {
        check(n);
      } catch (error) {
        throw new Error(`Killed after change ${n} (${changes[n - 1]}):\n${(error as Error).message}`);
      }
    }
    return changes;
  }

  test('a run killed for real (SIGKILL) between its renames, with no output left, is recovered by the next', () => {
    // The change after which there is no output, as the run in this process counts them; the child counts alike.
    let gap = 0;
    const changes = killAtEveryChange(() => writeFiles(outdir, BEFORE), AFTER, (n) => (gap ||= n), () => !fs.existsSync(outdir));
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(changes.length);
    fs.rmSync(root, { recursive: true, force: true });
    writeFiles(outdir, BEFORE);
    expect(child({ outdir, files: AFTER, killAfter: gap, log: path.join(bin, 'real.log') }).killed).toBe(true);
    expect(fs.existsSync(outdir)).toBe(false);
    expectWhole([BEFORE, kept(AFTER)]);
    expectReplaced(kept(NEWER));
  });

  /** A folder's folders (undefined) and files (their text), by path: what a kill leaves, read as it is. */
  function capture(dir: string): (readonly [string, string | undefined])[] {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => {
      const full = path.join(e.parentPath, e.name);
      return [path.relative(dir, full), e.isDirectory() ? undefined : fs.readFileSync(full, 'utf8')] as const;
    });
  }

  /** Makes `dir` hold exactly what `capture` read. */
  function restore(state: readonly (readonly [string, string | undefined])[], dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    for (const [name, text] of state) {
      if (text === undefined) fs.mkdirSync(path.join(dir, name), { recursive: true });
      else {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
    }
  }

  /** A failing run leaves a whole output, one of `outputs`, and nothing beside it. */
  function expectWhole(outputs: Array<Record<string, string> | undefined>): void {
    expect(() => replaceOutput(outdir, () => { throw new Error('Validation failed'); })).toThrow('Validation failed');
    expect(outputs).toContainEqual(files(outdir));
    expect(fs.readdirSync(root)).toEqual(fs.existsSync(outdir) ? ['cdktf.out'] : []);
  }

  /** A good run replaces it wholly, keeping Terraform's files, and leaves nothing beside it. */
  function expectReplaced(output: Record<string, string>): void {
    replaceOutput(outdir, (staging) => writeFiles(staging, NEWER));
    expect([files(outdir), fs.readdirSync(root)]).toEqual([output, ['cdktf.out']]);
  }

  test('the next run finds the old output or the new one whole, with Terraform files, never neither', () => {
    const seen = new Set<string | undefined>();
    const changes = killAtEveryChange(() => writeFiles(outdir, BEFORE), AFTER, () => {
      seen.add(fs.existsSync(outdir) ? 'output' : 'none');
      expectWhole([BEFORE, kept(AFTER)]);
      seen.add(files(outdir)!['manifest.json']);
      expectReplaced(kept(NEWER));
    });
    // Kills fell while there was no output at all, and both before and after the new output was complete.
    expect([...seen].sort()).toEqual(['new', 'none', 'old', 'output']);
    expect(changes.length).toBeGreaterThanOrEqual(8);
  });

  test('without an output before: the next run finds none or the new one whole', () => {
    killAtEveryChange(() => undefined, AFTER, () => {
      expectWhole([undefined, AFTER]);
      expectReplaced(NEWER);
    });
  });

  test('a run that recovers a killed one can be killed at any step too', () => {
    // The state of a run killed between its renames: no output, the old and the new one beside it.
    const gap = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-output-gap.'));
    killAtEveryChange(() => writeFiles(outdir, BEFORE), AFTER, () => {
      if (fs.readdirSync(gap).length === 0) fs.cpSync(root, gap, { recursive: true });
    }, () => !fs.existsSync(outdir));
    expect(fs.readdirSync(gap).map((name) => name.replace(/\d+$/, 'N')).sort()).toEqual(['cdktf.out.lock', 'cdktf.out.new-N', 'cdktf.out.old-N']);
    const changes = killAtEveryChange(() => fs.cpSync(gap, root, { recursive: true }), NEWER, () => {
      expectWhole([kept(AFTER), kept(NEWER)]);
      expectReplaced(kept(NEWER));
    });
    fs.rmSync(gap, { recursive: true, force: true });
    expect(changes.length).toBeGreaterThanOrEqual(8);
  });

  test('two runs at once write one after the other, and the output is whole', async () => {
    writeFiles(outdir, BEFORE);
    const log = path.join(bin, 'concurrent.log');
    const runs = [AFTER, NEWER].map(
      (output) =>
        new Promise<number | null>((resolve) => {
          const run = spawn(process.execPath, [path.join(bin, 'run.js'), specFile({ outdir, files: output, holdMs: 60, log })], { stdio: 'ignore' });
          run.on('exit', (code) => resolve(code));
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const [start1, end1, start2, end2] = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect([start1, end1, start2, end2].map((l) => l.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
    expect([kept(AFTER), kept(NEWER)]).toContainEqual(files(outdir));
    expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
  });

  test('a read-only output is replaced; the old one it cannot delete is a one-line warning, not a failure', () => {
    // As root, permissions do not stop a process: the run is made as nobody.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    writeFiles(outdir, BEFORE);
    if (uid !== undefined) fs.chownSync(root, uid, uid);
    for (const entry of fs.readdirSync(root, { recursive: true })) if (uid !== undefined) fs.chownSync(path.join(root, String(entry)), uid, uid);
    fs.chmodSync(path.join(outdir, 'stacks', 'b'), 0o555);
    fs.chmodSync(outdir, 0o555);
    const run = child({ outdir, files: AFTER }, uid);
    const old = fs.readdirSync(root).find((n) => n.startsWith('cdktf.out.old-'));
    expect([run.status, run.stderr]).toEqual([0, `[WARNING] Could not delete ${path.join(root, old ?? '?')}, the previous output (the new one is in place): EACCES. Delete it by hand.\n`]);
    expect(files(outdir)).toEqual(kept(AFTER));
    fs.chmodSync(path.join(root, old!), 0o755);
  });
});

test('a file where the output goes, or the file a link there points to, is never replaced', () => {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(outdir, 'keep me');
  expect(errorOf(() => replaceOutput(outdir, (staging) => writeFiles(staging, NEW)))).toMatchObject({ message: `${outdir} is a file, not a cdktf output folder; move it away or choose another output folder.` });
  expect(fs.readFileSync(outdir, 'utf8')).toBe('keep me');
  const link = path.join(root, 'out2');
  fs.symlinkSync('cdktf.out', link);
  expect(errorOf(() => replaceOutput(link, (staging) => writeFiles(staging, NEW)))).toMatchObject({ message: expect.stringContaining(`is a link to the file ${outdir}`) });
  expect([fs.readFileSync(outdir, 'utf8'), fs.readdirSync(root).sort()]).toEqual(['keep me', ['cdktf.out', 'out2']]);
});
