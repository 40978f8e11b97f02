// The way this project runs: compiled JavaScript, deep provider imports, no per-construct stack traces.
import { runBenchApp } from './app';

runBenchApp(process.argv[2], { stackTraces: false });
