import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// scripts/synth.js compiles only what changed since the last run (by modification time), then runs the app.
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
/** Moves a file's modification time forward, as an edit a second later would. */
const touch = (rel: string, seconds = 2) => {
  const later = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(path.join(root, rel), later, later);
};

test('compiles every source the first time, then nothing while nothing changed', () => {
  expect(build(root).sort()).toEqual(['lib/version.ts', 'main.ts']);
  expect(runApp()).toBe('1');
  const written = fs.statSync(path.join(root, 'dist', 'main.js')).mtimeMs;
  expect(build(root)).toEqual([]);
  expect(fs.statSync(path.join(root, 'dist', 'main.js')).mtimeMs).toBe(written);
});

test('compiles a changed file alone, and the app then runs the change', () => {
  fs.writeFileSync(path.join(root, 'lib', 'version.ts'), 'export const version: number = 2;\n');
  touch('lib/version.ts');
  expect(build(root)).toEqual(['lib/version.ts']);
  expect(runApp()).toBe('2');
});

test('compiles everything again when tsconfig.json changes', () => {
  touch('tsconfig.json', 4);
  expect(build(root).sort()).toEqual(['lib/version.ts', 'main.ts']);
});
