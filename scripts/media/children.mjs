// Child processes the media server owns: each is started with its output going to a log file
// (and, prefixed with its name, to this terminal), and stopped by its PID: SIGTERM, then SIGKILL.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const KILL_AFTER_MS = 3000;

/** The children started so far; `stopAll()` stops every one still running. */
export class Children {
  constructor({ logDir, echo = true }) {
    this.logDir = logDir;
    this.echo = echo;
    this.running = new Map(); // pid → child record
  }

  /**
   * Starts `command args`. Resolves once the process exists (rejects when it cannot start);
   * `child.exited` resolves with its exit code (or signal name) whenever it ends.
   */
  start(name, command, args, { env } = {}) {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    const record = { name, proc, pid: proc.pid, log, ended: false, output: '' };
    record.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        record.ended = true;
        this.running.delete(record.pid);
        log.end(`[${name} exited: ${signal ?? code}]\n`);
        resolve(signal ?? code);
      });
    });
    record.stop = () => this.stop(record);
    for (const stream of [proc.stdout, proc.stderr]) {
      stream.on('data', (chunk) => {
        log.write(chunk);
        record.output = (record.output + chunk).slice(-8000); // the tail, for error messages
        if (this.echo) for (const line of String(chunk).split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
      });
    }
    return new Promise((resolve, reject) => {
      proc.once('spawn', () => {
        this.running.set(record.pid, record);
        resolve(record);
      });
      proc.once('error', (error) => reject(new Error(`${name}: ${command} could not start (${error.message})`)));
    });
  }

  /** Stops one child by its PID: SIGTERM, SIGKILL if it is still there after 3 s. Safe twice. */
  async stop(record) {
    if (record.ended) return;
    try {
      process.kill(record.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try { process.kill(record.pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
    }, KILL_AFTER_MS);
    await record.exited;
    clearTimeout(timer);
  }

  /** Stops every child still running, newest first. */
  async stopAll() {
    const records = [...this.running.values()].reverse();
    for (const record of records) await this.stop(record);
  }
}
