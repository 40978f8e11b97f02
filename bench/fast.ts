// This project's way: compiled JavaScript, deep provider imports, the app's own start (no per-token stack
// traces, archiver on first use, one resolve per stack).
import '../app/fast-start';
import { runBenchApp } from './app';

runBenchApp(process.argv[2], { stackTraces: false });
