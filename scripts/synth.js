#!/usr/bin/env node
// `npm run synth` and the cdktf CLI's app command: compiles what changed since the last run, then runs the
// app in this same process. Compiling is transpiling only (TypeScript's transpileModule, the same JavaScript
// tsc writes for this project's isolated modules); `npm test` and `npm run build` type-check. When nothing
// changed, no compiler is loaded at all.
'use strict';
const fs = require('fs');
const path = require('path');

/** What the app is compiled from, relative to the project root. */
const SOURCES = ['main.ts', 'lib'];
/** A change to these recompiles everything. */
const CONFIG = ['tsconfig.json'];

/** The TypeScript files under `rel` (a file or a folder), declarations left out. */
function sourcesOf(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  return fs.readdirSync(full).flatMap((name) => sourcesOf(root, path.join(rel, name)));
}

/**
 * Transpiles every source whose JavaScript in `dist/` is missing or older than it (or than the config), and
 * returns the sources it compiled.
 */
function build(root) {
  const outDir = path.join(root, 'dist');
  const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : -Infinity);
  const configTime = Math.max(...CONFIG.map((c) => mtime(path.join(root, c))));
  const outOf = (rel) => path.join(outDir, rel.replace(/\.ts$/, '.js'));
  const stale = SOURCES.flatMap((s) => sourcesOf(root, s)).filter((rel) => {
    const out = mtime(outOf(rel));
    return out < mtime(path.join(root, rel)) || out < configTime;
  });
  if (stale.length === 0) return [];
  const ts = require('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  for (const rel of stale) {
    const { outputText } = ts.transpileModule(fs.readFileSync(path.join(root, rel), 'utf8'), { compilerOptions: parsed.options, fileName: path.join(root, rel) });
    fs.mkdirSync(path.dirname(outOf(rel)), { recursive: true });
    fs.writeFileSync(outOf(rel), outputText);
  }
  return stale;
}

module.exports = { build };

if (require.main === module) {
  const root = path.join(__dirname, '..');
  build(root);
  require(path.join(root, 'dist', 'main.js'));
}
