#!/usr/bin/env node
// `npm run synth` and the cdktf CLI's app command: compiles what changed since the last run, then runs the
// app in this same process. `npm run example <name>` runs examples/<name>/main.ts the same way, writing to
// examples/<name>/cdktf.out. Compiling is transpiling only (TypeScript's transpileModule, the same JavaScript
// tsc writes for this project's isolated modules); `npm test` and `npm run build` type-check. When nothing
// changed, no compiler is loaded at all.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** What the app is compiled from, relative to the project root. */
const SOURCES = ['main.ts', 'lib', 'app', 'examples'];
/** A change to this recompiles everything. */
const CONFIG = 'tsconfig.json';
/** What the last compile was made from: a hash per source, and one of the config. */
const STATE = path.join('dist', '.synth-sources.json');
/** Held, with its pid, by the run compiling; another run waits for it. */
const LOCK = path.join('dist', '.synth.lock');
/** How long a run waits for another one compiling. */
const LOCK_TIMEOUT_MS = 5 * 60_000;

/** The TypeScript files under `rel` (a file or a folder), declarations left out. */
function sourcesOf(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  return fs.readdirSync(full).flatMap((name) => sourcesOf(root, path.join(rel, name)));
}

const hash = (text) => crypto.createHash('sha1').update(text).digest('hex');

/** The suffix of a file being written; one run writes at a time (under the lock). */
const PARTIAL = '.synth-partial';

/** Writes a file whole or not at all (a run reading it, or killed writing it, never sees part of it). */
function writeWhole(file, text) {
  fs.writeFileSync(`${file}${PARTIAL}`, text);
  fs.renameSync(`${file}${PARTIAL}`, file);
}

/** The last compile's state; none (compile everything) when it is missing or not what this script writes. */
function lastState(statePath) {
  try {
    const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
    if (typeof state.config === 'string' && typeof state.files === 'object' && state.files !== null && !Array.isArray(state.files)) return state;
  } catch {
    // Missing, or written by a run that was killed before writes were whole: as if there were none.
  }
  return { config: '', files: {} };
}

/** Whether a process is running (signal 0 only checks; EPERM means it runs as another user). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `work` holding `lock`: waits (silently: compiling takes seconds) while another running process holds
 * it, takes it over from one that is gone (or left it empty for seconds: killed while taking it), fails in one
 * line after `timeoutMs`. `work` is told whether the lock was taken over, that is whether a run died holding it.
 */
function withLock(lock, timeoutMs, work) {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let tookOver = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let text;
    let age;
    try {
      text = fs.readFileSync(lock, 'utf8');
      age = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    const pid = /^\d+$/.test(text) ? Number(text) : undefined;
    if (pid === undefined ? age > 5_000 : pid === process.pid || !isRunning(pid)) {
      fs.rmSync(lock, { force: true });
      tookOver = true;
      continue;
    }
    if (Date.now() >= deadline) {
      throw Object.assign(new Error(`Another synth (pid ${pid ?? 'unknown'}) has been compiling for over ${Math.round(timeoutMs / 1000)} s; let it finish or stop it (its lock is ${lock}).`), { name: 'SynthLockedError' });
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  try {
    return work(tookOver);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Transpiles every source whose content differs from the last compile's (by hash, so copied files and
 * clocks do not matter), or whose JavaScript is missing, all of them when the config changed or the state
 * of the last compile is unreadable; removes the JavaScript of sources that are gone. Returns the sources it
 * compiled. One run compiles at a time (others wait), and every file is written whole, so that runs started
 * together neither run half-written JavaScript nor leave a torn state.
 */
function build(root, { lockTimeoutMs = LOCK_TIMEOUT_MS } = {}) {
  return withLock(path.join(root, LOCK), lockTimeoutMs, (afterDeath) => compile(root, afterDeath));
}

/** Compiles, first removing the files a run that died left half written. */
function compile(root, afterDeath) {
  if (afterDeath) {
    const partial = fs.readdirSync(path.join(root, 'dist'), { recursive: true }).filter((rel) => String(rel).endsWith(PARTIAL));
    partial.forEach((rel) => fs.rmSync(path.join(root, 'dist', String(rel)), { force: true }));
  }
  const outOf = (rel) => path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
  const statePath = path.join(root, STATE);
  const last = lastState(statePath);
  const config = hash(fs.readFileSync(path.join(root, CONFIG)));
  const texts = new Map(SOURCES.flatMap((s) => sourcesOf(root, s)).map((rel) => [rel, fs.readFileSync(path.join(root, rel), 'utf8')]));
  const files = Object.fromEntries([...texts].map(([rel, text]) => [rel, hash(text)]));
  const stale = [...texts.keys()].filter((rel) => last.config !== config || last.files[rel] !== files[rel] || !fs.existsSync(outOf(rel)));
  const gone = Object.keys(last.files).filter((rel) => !texts.has(rel));
  for (const rel of gone) fs.rmSync(outOf(rel), { force: true });
  if (stale.length > 0) {
    const ts = require('typescript');
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, CONFIG), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
    for (const rel of stale) {
      const { outputText } = ts.transpileModule(texts.get(rel), { compilerOptions: parsed.options, fileName: path.join(root, rel) });
      fs.mkdirSync(path.dirname(outOf(rel)), { recursive: true });
      writeWhole(outOf(rel), outputText);
    }
  }
  if (stale.length > 0 || gone.length > 0) writeWhole(statePath, JSON.stringify({ config, files }));
  return stale;
}

module.exports = { build };

/**
 * The program to run: main.ts, or an example by its folder's name, run in that folder as `cdktf synth` there
 * would (its output and local state go beside it).
 */
function entryOf(root, example, isExample) {
  if (!isExample) return path.join(root, 'dist', 'main.js');
  const names = fs.readdirSync(path.join(root, 'examples')).filter((name) => fs.existsSync(path.join(root, 'examples', name, 'main.ts')));
  if (!names.includes(example)) {
    console.error(`${example === undefined ? 'Name an example' : `There is no example '${example}'`}; the examples are ${names.join(', ')}.`);
    process.exit(1);
  }
  process.chdir(path.join(root, 'examples', example));
  process.env.CDKTF_OUTDIR ??= path.resolve('cdktf.out');
  return path.join(root, 'dist', 'examples', example, 'main.js');
}

/** The warnings cdktf recorded for the stacks, as its CLI prints them. */
function warningsOf(outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return Object.values(manifest.stacks).flatMap((s) => (s.annotations ?? []).filter((a) => a.level === '@cdktf/warn').map((a) => `[WARNING] ${a.constructPath}: ${a.message}`));
}

/** Errors that say all there is in their message: another run holds a lock too long. */
const LOCKED = new Set(['SynthLockedError', 'OutputLockedError']);

if (require.main === module) {
  const root = path.join(__dirname, '..');
  // `npm run example [name]` passes --example; the cdktf.json of an example gives its name alone.
  const isExample = process.argv[2] !== undefined;
  const example = process.argv[2] === '--example' ? process.argv[3] : process.argv[2];
  const cwd = process.cwd();
  const entry = entryOf(root, example, isExample);
  try {
    build(root);
    require(entry);
  } catch (error) {
    // An example is a plain program: the library's refusals (props, or the checks at synth) are shown as
    // messages; any other error is the program's own, with its stack trace.
    const message = error instanceof Error ? error.message : String(error);
    const refusal = isExample && error instanceof Error && (error.name === 'DualStackConfigError' || message.startsWith('Validation failed with the following errors:'));
    if (!refusal && !(error instanceof Error && LOCKED.has(error.name))) throw error;
    console.error(message);
    process.exit(1);
  }
  if (isExample) {
    const outdir = process.env.CDKTF_OUTDIR;
    warningsOf(outdir).forEach((w) => console.warn(w));
    console.log(`${example}: wrote ${fs.readdirSync(path.join(outdir, 'stacks')).join(', ')} to ${path.relative(cwd, outdir) || '.'}`);
  }
}
