import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from 'cdktf';

// cdktf writes its output one stack at a time into the folder Terraform reads, so a run that fails half way
// leaves fresh stacks beside stale ones and a manifest of the last good run. Here the output is written into a
// staging folder beside it (same file system, so a rename moves it whole) and takes the old one's place only
// once everything succeeded.

/**
 * What `terraform init` writes into a stack's folder: the providers and backend it set up, and the provider
 * versions it pinned. Carried into the new output for stacks it still has, as cdktf's own in-place synth keeps
 * them, so that the next plan neither downloads every provider again nor loses the pins.
 */
const TERRAFORM_FILES = ['.terraform', '.terraform.lock.hcl'];

/** How cdktf output is replaced. */
export interface ReplaceOutputOptions {
  /**
   * The cdktf CLI runs the app. It lists the stack folders before the run and removes, after it, those the app
   * no longer makes, failing if one is already gone; each such stack is left as an empty folder for it.
   *
   * @default false
   */
  readonly underCli?: boolean;
}

/**
 * Writes cdktf output all or nothing: `write` synthesizes into a fresh staging folder, which replaces `outdir`
 * only when `write` returns.
 *
 * When `write` throws, the staging folder is removed, `outdir` is left as it was, and the error is thrown on.
 * Otherwise the old output is renamed away, the staging folder renamed into its place, Terraform's own files
 * (`.terraform/`, `.terraform.lock.hcl`) carried over, and the old output deleted: no stack of the old run
 * survives. Staging and old folders that a killed run left behind are removed first.
 */
export function replaceOutput(outdir: string, write: (staging: string) => void, options: ReplaceOutputOptions = {}): void {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  removeLeftovers(target);
  // Folders of an earlier process with this pid, which removeLeftovers takes for this one's.
  [staging, old].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(staging, { recursive: true });
  try {
    write(staging);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    if (hadOld) fs.renameSync(old, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (!hadOld) return;
  carryOver(old, target, options.underCli ?? false);
  fs.rmSync(old, { recursive: true, force: true });
}

/** The stack folders of an output. */
function stacksOf(outdir: string): string[] {
  const stacks = path.join(outdir, Manifest.stacksFolder);
  return fs.existsSync(stacks) ? fs.readdirSync(stacks, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
}

/** Moves Terraform's files of stacks the new output still has; under the CLI, leaves the others empty. */
function carryOver(old: string, target: string, underCli: boolean): void {
  const fresh = new Set(stacksOf(target));
  for (const stack of stacksOf(old)) {
    const from = path.join(old, Manifest.stacksFolder, stack);
    const to = path.join(target, Manifest.stacksFolder, stack);
    if (!fresh.has(stack)) {
      if (underCli) fs.mkdirSync(to, { recursive: true });
      continue;
    }
    for (const name of TERRAFORM_FILES) {
      if (fs.existsSync(path.join(from, name)) && !fs.existsSync(path.join(to, name))) fs.renameSync(path.join(from, name), path.join(to, name));
    }
  }
}

/** Removes `<outdir>.staging-<pid>` and `<outdir>.old-<pid>` folders of runs that are no longer running. */
function removeLeftovers(target: string): void {
  const parent = path.dirname(target);
  const prefix = `${path.basename(target)}.`;
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent).filter((n) => n.startsWith(prefix))) {
    const pid = /^(?:staging|old)-(\d+)$/.exec(name.slice(prefix.length))?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
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
