import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// scripts/synth.js compiles only what changed since the last run (by content), then runs the app.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require('../scripts/synth.js') as { build: (root: string, options?: { lockTimeoutMs?: number }) => string[] };

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-synth-script.'));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', outDir: 'dist', rootDir: '.' } }));
  fs.mkdirSync(path.join(root, 'lib'));
  fs.writeFileSync(path.join(root, 'main.ts'), "import { version } from './lib/version';\nconsole.log(version);\n");
  fs.writeFileSync(path.join(root, 'lib', 'version.ts'), 'export const version: number = 1;\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const runApp = () => execFileSync(process.execPath, [path.join(root, 'dist', 'main.js')], { encoding: 'utf8' }).trim();
const write = (rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text);

test('compiles every source the first time, then nothing while nothing changed', () => {
  expect(build(root).sort()).toEqual(['lib/version.ts', 'main.ts']);
  expect(runApp()).toBe('1');
  const written = fs.statSync(path.join(root, 'dist', 'main.js')).mtimeMs;
  expect(build(root)).toEqual([]);
  expect(fs.statSync(path.join(root, 'dist', 'main.js')).mtimeMs).toBe(written);
});

test('compiles a changed file alone, even when the copy that changed it kept an old modification time', () => {
  write('lib/version.ts', 'export const version: number = 2;\n');
  fs.utimesSync(path.join(root, 'lib', 'version.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
  expect(build(root)).toEqual(['lib/version.ts']);
  expect(runApp()).toBe('2');
});

test('removes the JavaScript of a source that is gone, so the app cannot run it', () => {
  write('lib/extra.ts', 'export const extra = 1;\n');
  expect(build(root)).toEqual(['lib/extra.ts']);
  fs.rmSync(path.join(root, 'lib', 'extra.ts'));
  expect(build(root)).toEqual([]);
  expect(fs.existsSync(path.join(root, 'dist', 'lib', 'extra.js'))).toBe(false);
  write('main.ts', "import { extra } from './lib/extra';\nconsole.log(extra);\n");
  build(root);
  expect(spawnSync(process.execPath, [path.join(root, 'dist', 'main.js')], { encoding: 'utf8' }).stderr).toMatch(/Cannot find module '\.\/lib\/extra'/);
});

test('compiles everything again when tsconfig.json changes', () => {
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2020', outDir: 'dist', rootDir: '.' } }));
  expect(build(root).sort()).toEqual(['lib/version.ts', 'main.ts']);
});

test('compiles everything again when the state of the last compile is torn or not its own, and mends it', () => {
  for (const torn of ['{"config":"59fd29b8', '', 'null', '[]', '{"config":1,"files":{}}', '{"config":"x","files":null}']) {
    fs.writeFileSync(path.join(root, 'dist', '.synth-sources.json'), torn);
    expect(build(root).sort()).toEqual(['lib/version.ts', 'main.ts']);
    expect(build(root)).toEqual([]);
  }
  expect(fs.readdirSync(path.join(root, 'dist')).filter((name) => name.startsWith('.'))).toEqual(['.synth-sources.json']);
});

const TYPESCRIPT_STUB = `'use strict';
exports.sys = {};
exports.flattenDiagnosticMessageText = (text) => String(text);
exports.getParsedCommandLineOfConfigFile = () => ({ options: {} });
exports.transpileModule = (source) => ({
  outputText: "'use strict';\\n" + source
    .replace(/^import \\{ ([^}]+) \\} from '([^']+)';$/gm, "const { $1 } = require('$2');")
    .replace(/^export const (\\w+): \\w+ = /gm, 'exports.$1 = '),
});
`;

describe('runs at once, and runs killed', () => {
  const NODE_PATH = path.join(__dirname, '..', 'node_modules');
  const projects: string[] = [];
  afterAll(() => projects.forEach((p) => fs.rmSync(p, { recursive: true, force: true })));

  /** A project of its own with a copy of the script; its app is `modules` modules of `size` characters each. */
  function projectOf(modules: number, size: number, realCompiler = false): { project: string; output: string } {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-synth-runs.'));
    projects.push(project);
    fs.mkdirSync(path.join(project, 'scripts'));
    fs.mkdirSync(path.join(project, 'lib'));
    fs.copyFileSync(path.join(__dirname, '..', 'scripts', 'synth.js'), path.join(project, 'scripts', 'synth.js'));
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', outDir: 'dist', rootDir: '.' } }));
    const imports = [];
    for (let i = 1; i <= modules; i++) {
      fs.writeFileSync(path.join(project, 'lib', `m${i}.ts`), `export const v${i}: number = ${i};\nexport const text${i}: string = '${'x'.repeat(size)}';\n`);
      imports.push(`import { v${i} } from './lib/m${i}';`);
    }
    // Where the compiler is not what is tested, a stand-in for TypeScript that does what synth.js asks of it for
    // the sources written here: loading the real one in every child took most of this file's time.
    if (!realCompiler) {
      fs.mkdirSync(path.join(project, 'node_modules', 'typescript'), { recursive: true });
      fs.writeFileSync(path.join(project, 'node_modules', 'typescript', 'index.js'), TYPESCRIPT_STUB);
    }
    const sum = Array.from({ length: modules }, (_, i) => `v${i + 1}`).join(' + ');
    fs.writeFileSync(path.join(project, 'main.ts'), `${imports.join('\n')}\nconsole.log(${sum});\n`);
    return { project, output: `${(modules * (modules + 1)) / 2}\n` };
  }

  const synth = (project: string, args: string[] = [], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
      const run = spawn(process.execPath, [...args, path.join(project, 'scripts', 'synth.js')], { cwd: project, env: { PATH: process.env.PATH ?? '', NODE_PATH, ...env } });
      let stdout = '';
      let stderr = '';
      run.stdout.on('data', (d) => (stdout += d));
      run.stderr.on('data', (d) => (stderr += d));
      run.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    });
  const ran = (output: string) => ({ status: 0, signal: null, stdout: output, stderr: '' });

  test('a compile writes every file whole, under a partial name then renamed, so that no run reads one half written', () => {
    // What let synths started together run half-written JavaScript: each file was written in place.
    const { project } = projectOf(3, 10);
    const real = require('fs') as Record<string, (...args: unknown[]) => unknown>;
    const [write, rename] = [real.writeFileSync, real.renameSync];
    const writes: string[] = [];
    const renames: [string, string][] = [];
    real.writeFileSync = (file: unknown, ...rest: unknown[]) => (writes.push(String(file)), write(file, ...rest));
    real.renameSync = (from: unknown, to: unknown) => (renames.push([String(from), String(to)]), rename(from, to));
    try {
      build(project);
    } finally {
      Object.assign(real, { writeFileSync: write, renameSync: rename });
    }
    const dist = writes.filter((f) => f.startsWith(path.join(project, 'dist')) && !f.endsWith('.synth.lock'));
    expect(dist.length).toBe(5);
    expect(dist.filter((f) => !f.endsWith('.synth-partial'))).toEqual([]);
    expect(renames.filter(([from]) => from.endsWith('.synth-partial')).map(([from, to]) => [path.relative(project, from), path.relative(project, to)]).sort()).toEqual(
      dist.map((f) => [path.relative(project, f), path.relative(project, f.replace(/\.synth-partial$/, ''))]).sort(),
    );
  });

  test('four synths started together right after a build each run the whole app, and leave a whole state', async () => {
    // With the stand-in compiler the runs meet now and then (the real one, 1.5 MB of sources, makes them meet every
    // time, at the cost of loading it four times); the test above shows why they no longer meet half-written files.
    const { project, output } = projectOf(30, 50_000);
    expect(await Promise.all([1, 2, 3, 4].map(() => synth(project)))).toEqual([1, 2, 3, 4].map(() => ran(output)));
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(project, 'dist', '.synth-sources.json'), 'utf8')).files)).toHaveLength(31);
    expect(fs.readdirSync(path.join(project, 'dist')).sort()).toEqual(['.synth-sources.json', 'lib', 'main.js']);
  });

  test.each([
    ['taking the lock', '.synth.lock'],
    ['writing part of a compiled file', 'main.js.synth-partial'],
    ['writing part of its state', '.synth-sources.json.synth-partial'],
  ])('a synth killed %s leaves the next one to compile and run the whole app', async (_when, file) => {
    const { project, output } = projectOf(2, 10);
    const killer = path.join(project, 'kill-after.js');
    fs.writeFileSync(
      killer,
      `const fs = require('fs');
const path = require('path');
const original = fs.writeFileSync;
fs.writeFileSync = (file, ...rest) => {
  const result = original(file, ...rest);
  if (path.basename(String(file)) === process.env.KILL_AFTER_WRITING) process.kill(process.pid, 'SIGKILL');
  return result;
};
`,
    );
    // Compiled once, then changed: the killed run has a state to replace.
    build(project);
    fs.appendFileSync(path.join(project, 'main.ts'), '// changed\n');
    expect(await synth(project, ['--require', killer], { KILL_AFTER_WRITING: file })).toMatchObject({ signal: 'SIGKILL' });
    expect(fs.readdirSync(path.join(project, 'dist'), { recursive: true })).toContain(file);
    // The next synth's compile, here in this process (TypeScript is loaded once, not once per child), then its app.
    build(project);
    expect(execFileSync(process.execPath, [path.join(project, 'dist', 'main.js')], { encoding: 'utf8' })).toBe(output);
    expect(fs.readdirSync(path.join(project, 'dist')).sort()).toEqual(['.synth-sources.json', 'lib', 'main.js']);
  });

  test('a synth waits for one compiling, takes the lock over from one that is gone, and fails in one line after the wait', () => {
    const { project } = projectOf(2, 10);
    const lock = path.join(project, 'dist', '.synth.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, String(process.ppid));
    expect(() => build(project, { lockTimeoutMs: 200 })).toThrow(
      expect.objectContaining({ name: 'SynthLockedError', message: `Another synth (pid ${process.ppid}) has been compiling for over 0 s; let it finish or stop it (its lock is ${lock}).` }),
    );
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.ppid));
    fs.writeFileSync(lock, '99999999');
    build(project, { lockTimeoutMs: 0 });
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('a locked output is one line, not a stack trace', async () => {
    const { project } = projectOf(2, 10);
    const main = fs.readFileSync(path.join(project, 'main.ts'), 'utf8');
    fs.writeFileSync(path.join(project, 'main.ts'), "throw Object.assign(new Error('cdktf.out is being written by another synth (pid 1), still after 300 s; let it finish or stop it.'), { name: 'OutputLockedError' });\n");
    // Compiled here, so that the synth below has nothing to compile and only runs the app.
    build(project);
    try {
      expect(await synth(project)).toEqual({ status: 1, signal: null, stdout: '', stderr: 'cdktf.out is being written by another synth (pid 1), still after 300 s; let it finish or stop it.\n' });
    } finally {
      fs.writeFileSync(path.join(project, 'main.ts'), main);
    }
  });
});
