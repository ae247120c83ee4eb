/** Starting the demo server with HTTPS=1 on a free 127.0.0.1 port, for the unit and browser tests. */
import { spawn, type ChildProcess } from 'node:child_process';

/** Starts scripts/serve.mjs over HTTPS (its certificate in `certDir`); resolves with it, its port and its first output. */
export function startHttpsServe(certDir: string, env: Record<string, string> = {}): Promise<{ server: ChildProcess; port: number; out: string }> {
  const server = spawn(process.execPath, ['scripts/serve.mjs'], { env: { ...process.env, HTTPS: '1', PORT: '0', HOST: '127.0.0.1', CERT_DIR: certDir, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /https:\/\/127\.0\.0\.1:(\d+)\/demo\/[\s\S]*Proceed/.exec(out);
      if (m) resolve({ server, port: Number(m[1]), out });
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}
