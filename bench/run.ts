import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// `npm run bench`: synth wall time and peak memory of the example app and of estates of 10 and 50 clusters,
// this project's way (compiled JavaScript, deep imports) beside the naive way (ts-node, barrel imports), both
// measured in this run. Prints a table of medians and ratios, and the targets.

const ROOT = path.join(__dirname, '..', '..');
const SCENARIOS = ['example', '10', '50'];
const FAST_RUNS = Number(process.env.BENCH_FAST_RUNS ?? 5);
const NAIVE_RUNS = Number(process.env.BENCH_NAIVE_RUNS ?? 3);
/** The targets for this project's way. */
const TARGETS = { exampleSeconds: 0.6, fiftySeconds: 2, fiftyMegabytes: 300 };

interface Sample {
  readonly seconds: number;
  readonly megabytes: number;
}

/** Runs one synth in a fresh output folder; wall time from outside, peak memory as the app reports it. */
function measure(args: string[], scenario: string): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-bench.'));
  try {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [...args, scenario], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (run.status !== 0) throw new Error(`${args.join(' ')} ${scenario} failed:\n${run.stderr}`);
    const { maxRssKb } = JSON.parse(run.stdout.trim().split('\n').pop()!);
    return { seconds, megabytes: maxRssKb / 1024 };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medians(args: string[], scenario: string, runs: number): Sample {
  const samples = Array.from({ length: runs }, () => measure(args, scenario));
  return { seconds: median(samples.map((s) => s.seconds)), megabytes: median(samples.map((s) => s.megabytes)) };
}

const fast = [path.join(ROOT, 'dist', 'bench', 'fast.js')];
const naive = [require.resolve('ts-node/dist/bin.js', { paths: [ROOT] }), path.join(ROOT, 'bench', 'naive.ts')];
const started = Date.now();
const results = SCENARIOS.map((scenario) => {
  const ours = medians(fast, scenario, FAST_RUNS);
  const baseline = medians(naive, scenario, NAIVE_RUNS);
  console.error(`measured ${scenario}: ${ours.seconds.toFixed(2)} s / ${baseline.seconds.toFixed(2)} s`);
  return { scenario, ours, baseline };
});

const label = (s: string) => (s === 'example' ? 'example app (4 stacks)' : `${s} clusters, 3 pools each`);
const f = (n: number, digits = 2) => n.toFixed(digits);
console.log(`\nmedians of ${FAST_RUNS} runs (this project) and ${NAIVE_RUNS} runs (naive), ${os.cpus().length} cores, node ${process.version}\n`);
console.log('| app | this project: wall | peak memory | naive (ts-node, barrels): wall | peak memory | faster | less memory |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { scenario, ours, baseline } of results) {
  console.log(
    `| ${label(scenario)} | ${f(ours.seconds)} s | ${f(ours.megabytes, 0)} MB | ${f(baseline.seconds)} s | ${f(baseline.megabytes, 0)} MB | ` +
      `${f(baseline.seconds / ours.seconds, 1)}x | ${f(baseline.megabytes / ours.megabytes, 1)}x |`,
  );
}

const [example, ten, fifty] = results.map((r) => r.ours);
// Linear growth: the memory each added cluster costs from 30 to 50 is no more than from 10 to 30 (with 2 MB for
// noise). A ratio of totals could not tell, with ~100 MB of base memory in every run.
const thirty = medians(fast, '30', FAST_RUNS);
const slopeLow = (thirty.megabytes - ten.megabytes) / 20;
const slopeHigh = (fifty.megabytes - thirty.megabytes) / 20;
const linear = fifty.megabytes - thirty.megabytes <= thirty.megabytes - ten.megabytes + 2;
const checks: [string, boolean][] = [
  [`example app under ${TARGETS.exampleSeconds} s: ${f(example.seconds)} s`, example.seconds < TARGETS.exampleSeconds],
  [`50 clusters under ${TARGETS.fiftySeconds} s: ${f(fifty.seconds)} s`, fifty.seconds < TARGETS.fiftySeconds],
  [`50 clusters under ${TARGETS.fiftyMegabytes} MB: ${f(fifty.megabytes, 0)} MB`, fifty.megabytes < TARGETS.fiftyMegabytes],
  [`memory no worse than linear: ${f(slopeLow)} MB per added cluster from 10 to 30, ${f(slopeHigh)} MB from 30 to 50 (30 clusters: ${f(thirty.megabytes, 0)} MB, ${f(thirty.seconds)} s)`, linear],
];
console.log('');
for (const [text, ok] of checks) console.log(`${ok ? 'met   ' : 'MISSED'} ${text}`);
console.log(`\nbenchmark took ${f((Date.now() - started) / 1000, 0)} s`);
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
