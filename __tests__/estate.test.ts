import { App, TerraformStack } from 'cdktf';
import { addEstate } from '../bench/app';
import { takeWrittenStack, whileSynthesizing } from '../lib/private/written';
import { testApp } from './util';

// Synth time grows with the estate no worse than linearly: the checks that compare subnets and pools with
// each other run once per synth, over sorted ranges. Times are compared with each other, in one process,
// never with seconds, so the test holds on any machine; they are this process's CPU time, so that the test
// files running beside it do not sway them.

let outdir: string;
beforeAll(() => (outdir = testApp().outdir));

/** Builds and validates clusters of 50 pools on one network, as a synth does, and returns the CPU seconds it took. */
function synth(clusters: number): number {
  const start = process.cpuUsage();
  const stack = new TerraformStack(new App({ outdir, stackTraces: false }), 'estate');
  addEstate(stack, clusters);
  whileSynthesizing(() => {
    stack.runAllValidations();
    if (!takeWrittenStack(stack)) stack.toTerraform();
  });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

test('4 clusters of 50 pools on one network take at most 5 times as long as 1 (linear is 4)', () => {
  // Warm-up: module code compiled and optimized for both sizes, caches filled.
  synth(1);
  synth(4);
  // Five runs each, interleaved so that a moment of load on the machine hits both sides, and summed: the
  // garbage collection a run leaves for the next is counted on both sides too, and a run that happened to
  // need none weighs a fifth.
  const runs = [1, 4, 1, 4, 1, 4, 1, 4, 1, 4].map((clusters) => [clusters, synth(clusters)]);
  const total = (clusters: number) => runs.filter(([c]) => c === clusters).reduce((sum, [, seconds]) => sum + seconds, 0);
  const one = total(1);
  const four = total(4);
  expect(four / one).toBeLessThan(5);
});
