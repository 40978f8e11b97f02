import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from 'cdktf';

// cdktf writes its output one stack at a time into the folder Terraform reads, so a run that fails half way
// leaves fresh stacks beside stale ones and a manifest of the last good run. Here the output is written into a
// folder beside it (same file system, so a rename moves it whole) and takes the old one's place only once
// everything succeeded. What this guarantees (docs/configuration.md, "A synth is all or nothing"):
//
// - All or nothing: a failed write leaves the output as it was.
// - A kill at any point loses nothing: every step of the swap is one rename (or one move of a Terraform file)
//   that leaves folders the next run recognises by name, and the next run finishes or undoes the swap. No
//   folder that is the only copy of an output is ever deleted.
// - Terraform's working files are kept: they are moved into the new output before it is swapped in, and moved
//   back if it never is.
// - One run at a time: `<output>.lock` holds the pid of the run writing; another run waits for it, and takes
//   the lock over from a run that died.
// - Once the new output is in place the run succeeds: an old output that cannot be deleted is a warning.
// - A symbolic link stays a link: the folder it points to is replaced.
//
// The folders beside the output `<out>`, each named by the pid of the run that made it:
//   <out>.staging-<pid>  being written; incomplete, so discarded by the next run
//   <out>.new-<pid>      complete, with Terraform's files; swapped in by the next run if this one died
//   <out>.old-<pid>      the previous output, set aside; put back if it is the only copy, else deleted

/**
 * What `terraform init` writes into a stack's folder: the providers and backend it set up, and the provider
 * versions it pinned. Carried into the new output for stacks it still has, as cdktf's own in-place synth keeps
 * them, so that the next plan neither downloads every provider again nor loses the pins.
 */
const TERRAFORM_FILES = ['.terraform', '.terraform.lock.hcl'];

/** How long a run waits for another run writing the same output, by default. */
const LOCK_TIMEOUT_MS = 5 * 60_000;

/** How cdktf output is replaced. */
export interface ReplaceOutputOptions {
  /**
   * The cdktf CLI runs the app. It lists the stack folders before the run and removes, after it, those the app
   * no longer makes, failing if one is already gone; each such stack is left as an empty folder for it.
   *
   * @default false
   */
  readonly underCli?: boolean;
  /**
   * How long to wait for another run writing the same output before failing with an `OutputLockedError`.
   *
   * @default 300000 (five minutes)
   */
  readonly lockTimeoutMs?: number;
}

/**
 * Another run has been writing the same output for longer than the wait allows. Not exported: the runner
 * (scripts/synth.js) knows it by its name and prints its message alone.
 */
class OutputLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputLockedError';
  }
}

/**
 * Writes cdktf output all or nothing: `write` synthesizes into a fresh staging folder, which replaces `outdir`
 * only when `write` returns.
 *
 * When `write` throws, the staging folder is removed, `outdir` is left as it was, and the error is thrown on.
 * Otherwise Terraform's own files (`.terraform/`, `.terraform.lock.hcl`) of the stacks still made are moved
 * into the new output, the old output is renamed away, the new one renamed into its place, and the old one
 * deleted: no stack of the old run survives. A swap that a killed run left half done is finished (or undone,
 * if its new output was not complete) first. While another run writes the same output, this one waits for it;
 * after `lockTimeoutMs` it throws an error named `OutputLockedError`, with a one-line message.
 */
export function replaceOutput(outdir: string, write: (staging: string) => void, options: ReplaceOutputOptions = {}): void {
  const target = realFolder(path.resolve(outdir));
  // A file where the output goes (or where its link points) is not an output: it is never replaced.
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw Object.assign(new Error(`${outdir} is ${target === path.resolve(outdir) ? 'a file' : `a link to the file ${target}`}, not a cdktf output folder; move it away or choose another output folder.`), { name: 'OutputLockedError' });
  }
  const lock = takeLock(`${target}.lock`, options.lockTimeoutMs ?? LOCK_TIMEOUT_MS, outdir);
  try {
    recoverLeftovers(target);
    const { staging, complete, old } = foldersOf(target, process.pid);
    fs.mkdirSync(staging, { recursive: true });
    try {
      write(staging);
      carryTerraformFiles(target, staging);
      if (options.underCli) keepGoneStacks(target, staging);
      fs.renameSync(staging, complete);
      if (fs.existsSync(target)) fs.renameSync(target, old);
      fs.renameSync(complete, target);
    } catch (error) {
      settle(target, process.pid, false);
      throw error;
    }
    // The new output is in place: nothing below fails the run.
    removeOrWarn(old, 'the previous output (the new one is in place)');
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The folders a run makes beside the output. */
function foldersOf(target: string, pid: number) {
  return { staging: `${target}.staging-${pid}`, complete: `${target}.new-${pid}`, old: `${target}.old-${pid}` };
}

/**
 * Finishes (`finish`) or undoes the swap of run `pid`: a complete new output replaces the output; a previous
 * output set aside is put back when there is no output, else deleted; Terraform's files in any folder not
 * swapped in go back to the output, and the folder is deleted.
 */
function settle(target: string, pid: number, finish: boolean): void {
  const { staging, complete, old } = foldersOf(target, pid);
  if (finish && fs.existsSync(complete)) {
    if (fs.existsSync(target)) {
      // No run leaves both an old output and an output beside a complete one; should there be, the output is a copy.
      fs.rmSync(old, { recursive: true, force: true });
      fs.renameSync(target, old);
    }
    fs.renameSync(complete, target);
  }
  if (fs.existsSync(old)) {
    if (fs.existsSync(target)) removeOrWarn(old, 'a previous output');
    else fs.renameSync(old, target);
  }
  for (const dir of [complete, staging].filter((d) => fs.existsSync(d))) {
    carryTerraformFiles(dir, target);
    removeOrWarn(dir, 'an output never swapped in');
  }
}

/** Settles the swaps of runs that are no longer running (or that had this run's pid), finishing them. */
function recoverLeftovers(target: string): void {
  const prefix = `${path.basename(target)}.`;
  const pids = new Set<number>();
  for (const name of fs.existsSync(path.dirname(target)) ? fs.readdirSync(path.dirname(target)) : []) {
    const pid = name.startsWith(prefix) ? /^(?:staging|new|old)-(\d+)$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid !== undefined && (Number(pid) === process.pid || !isRunning(Number(pid)))) pids.add(Number(pid));
  }
  pids.forEach((pid) => settle(target, pid, true));
}

/** The stack folders of an output. */
function stacksOf(outdir: string): string[] {
  const stacks = path.join(outdir, Manifest.stacksFolder);
  return fs.existsSync(stacks) ? fs.readdirSync(stacks, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
}

/**
 * Moves Terraform's files of the stacks both outputs have from one to the other, where the other has none yet;
 * copies them where they cannot be moved (a read-only stack folder).
 */
function carryTerraformFiles(from: string, to: string): void {
  const both = new Set(stacksOf(to));
  for (const stack of stacksOf(from).filter((s) => both.has(s))) {
    for (const name of TERRAFORM_FILES) {
      const source = path.join(from, Manifest.stacksFolder, stack, name);
      const destination = path.join(to, Manifest.stacksFolder, stack, name);
      if (!fs.existsSync(source) || fs.existsSync(destination)) continue;
      try {
        fs.renameSync(source, destination);
      } catch {
        fs.cpSync(source, destination, { recursive: true, verbatimSymlinks: true });
      }
    }
  }
}

/** Under the CLI, a stack of the old output that the new one lacks is left an empty folder, for the CLI to remove. */
function keepGoneStacks(target: string, staging: string): void {
  const fresh = new Set(stacksOf(staging));
  stacksOf(target)
    .filter((s) => !fresh.has(s))
    .forEach((s) => fs.mkdirSync(path.join(staging, Manifest.stacksFolder, s), { recursive: true }));
}

/** Deletes a folder that is not the only copy of an output; when it cannot, warns in one line and goes on. */
function removeOrWarn(dir: string, what: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    console.warn(`[WARNING] Could not delete ${dir}, ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Delete it by hand.`);
  }
}

/** The folder an output path names: a symbolic link followed, even when its folder is missing (mid-swap). */
function realFolder(outdir: string): string {
  let current = outdir;
  for (let hops = 0; hops < 40; hops++) {
    const stat = fs.lstatSync(current, { throwIfNoEntry: false });
    if (!stat?.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  return current;
}

/**
 * Creates `lock` holding this run's pid, waiting while another running process holds it; a lock of a process
 * that is gone (or empty and older than a few seconds: its run died while taking it) is taken over.
 */
function takeLock(lock: string, timeoutMs: number, outdir: string): string {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let waiting = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(lock);
    if (holder === 'gone') continue;
    if (holder === undefined) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputLockedError(`${outdir} is being written by another synth (pid ${holder}), still after ${Math.round(timeoutMs / 1000)} s; let it finish or stop it (its lock is ${lock}).`);
    }
    if (!waiting) console.error(`Waiting for the synth of pid ${holder}, which is writing ${outdir}...`);
    waiting = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/**
 * The running process that holds a lock: its pid, or 'unknown' while the lock is too new to hold one; undefined
 * when none does (the lock is stale), 'gone' when the lock was just released.
 */
function holderOf(lock: string): number | 'unknown' | 'gone' | undefined {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(lock, 'utf8');
    age = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 'gone';
  }
  if (!/^\d+$/.test(text)) return age > 5_000 ? undefined : 'unknown';
  const pid = Number(text);
  return pid !== process.pid && isRunning(pid) ? pid : undefined;
}

/** Whether a process is running (signal 0 only checks; EPERM means it runs as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
