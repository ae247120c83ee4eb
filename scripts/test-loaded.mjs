#!/usr/bin/env node
// `npm run test:loaded`: the whole suite (`npm test`) on a machine kept busy, as shared CI
// machines are. One busy-looping process per core runs beside the tests at the tests' own nice
// level, so whenever the tests want every core, the scheduler gives them about half of it.
// The hogs are stopped by PID when the suite ends, fails or is interrupted.
//
//   npm run test:loaded                     hogs = cores, timeouts x2 (TEST_TIME_SCALE)
//   HOGS=4 npm run test:loaded -- <args>    more hogs; args go to `playwright test`
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, getPriority, setPriority } from 'node:os';

const cores = cpus().length;
const hogCount = Number(process.env.HOGS ?? cores);
if (!Number.isInteger(hogCount) || hogCount < 1 || hogCount > 64) {
  console.error(`HOGS must be a whole number from 1 to 64, got ${JSON.stringify(process.env.HOGS)}`);
  process.exit(2);
}
const nice = getPriority();

const hogs = [];
for (let i = 0; i < hogCount; i++) {
  const hog = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  setPriority(hog.pid, nice);
  hogs.push(hog);
}
const startedAt = Date.now();
console.log(`test:loaded: ${hogCount} busy processes on ${cores} cores at nice ${nice} (PIDs ${hogs.map((h) => h.pid).join(' ')})`);

/** CPU seconds a process has used so far (utime + stime from /proc; 0 where there is no /proc). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

let stopped = false;
function stopHogs() {
  if (stopped) return;
  stopped = true;
  const used = hogs.reduce((s, h) => s + cpuSeconds(h.pid), 0);
  const wall = (Date.now() - startedAt) / 1000;
  for (const hog of hogs) {
    try { process.kill(hog.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  console.log(`test:loaded: stopped the busy processes; they took ${used.toFixed(0)} of ${(wall * cores).toFixed(0)} core-seconds (${((100 * used) / (wall * cores)).toFixed(0)}%) over ${wall.toFixed(0)} s`);
}
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });
}

const env = { ...process.env, TEST_TIME_SCALE: process.env.TEST_TIME_SCALE ?? '2' };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const suite = spawn(npm, ['test', '--', ...process.argv.slice(2)], { stdio: 'inherit', env });
suite.on('error', (error) => {
  console.error(`test:loaded: could not start npm test: ${error.message}`);
  stopHogs();
  process.exit(1);
});
suite.on('exit', (code, signal) => {
  stopHogs();
  process.exit(code ?? (signal ? 1 : 0));
});
