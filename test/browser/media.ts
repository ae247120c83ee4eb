/**
 * The media server for the browser tests: `scripts/media-server.mjs` (nginx-rtmp → relay →
 * Janus) on 127.0.0.1, on the ports the test server's /janus proxy expects, and publishers
 * (ffmpeg sending a shared clip over RTMP). Every process is stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { JANUS_TEST_PORT, RTMP_TEST_PORT } from '../ports.js';
import { MEDIA } from './browser.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/media-server.mjs', import.meta.url));

export interface MediaServer {
  state: { dir: string; janus: number; nginx: number; streams: { name: string; id: number; rtpPort: number; relayPort: number }[] };
  output: () => string;
  stop(): Promise<void>;
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 8000);
    proc.once('exit', () => { clearTimeout(kill); resolve(); });
    proc.kill('SIGTERM');
  });
}

/** Starts the media server (no demo server: the test server proxies /janus); resolves when it says ready. */
export function startMediaServer(extra: string[] = []): Promise<MediaServer> {
  const proc = spawn(process.execPath, [SCRIPT, '--no-demo', '--quiet', '--rtmp-port', String(RTMP_TEST_PORT), '--janus-port', String(JANUS_TEST_PORT), '--rtp-base', '15104', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const ready = /MEDIA_SERVER_READY (.*)/.exec(output);
      if (ready) resolve({ state: JSON.parse(ready[1]!), output: () => output, stop: () => stopProcess(proc) });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`media-server exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
}

export interface Publisher {
  stop(): Promise<void>;
  output: () => string;
}

/**
 * Publishes a shared clip, looped at its own speed, as H.264 (a keyframe a second) over RTMP;
 * `size` rescales; `bframes` > 0 makes the relay transcode (it copies only H.264 without B-frames).
 */
export function publish(name: string, clip = 'pedestrians_long_640x480_10fps', { size, bframes = 0 }: { size?: string; bframes?: number } = {}): Publisher {
  const scale = size ? ['-vf', `scale=${size.replace('x', ':')}`] : [];
  const proc = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'warning', '-nostdin', '-re', '-stream_loop', '-1', '-i', `${MEDIA}video/${clip}.webm`,
    ...scale, '-c:v', 'libx264', '-preset', 'veryfast', '-bf', String(bframes), '-g', '10', '-an', '-f', 'flv', `rtmp://127.0.0.1:${RTMP_TEST_PORT}/live/${name}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  proc.stderr!.on('data', (c) => { output += c; });
  return { stop: () => stopProcess(proc), output: () => output };
}

/** A UDP relay on 127.0.0.1 that forwards `from` → `to`, dropping each packet with probability `loss`. */
export async function lossyUdp(from: number, to: number, loss: number): Promise<{ close(): void; counts: { passed: number; dropped: number } }> {
  const socket = createSocket('udp4');
  const counts = { passed: 0, dropped: 0 };
  socket.on('message', (msg) => {
    if (Math.random() < loss) counts.dropped++;
    else {
      counts.passed++;
      socket.send(msg, to, '127.0.0.1');
    }
  });
  await new Promise<void>((resolve) => socket.bind(from, '127.0.0.1', resolve));
  return { close: () => socket.close(), counts };
}
