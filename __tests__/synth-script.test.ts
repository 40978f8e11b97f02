import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// scripts/synth.js compiles only what changed since the last run (by content), then runs the app.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require('../scripts/synth.js') as { build: (root: string) => string[] };

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
