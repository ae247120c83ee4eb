// Finding the Debian packages the media server runs; what to install when one is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The browser client of Janus, from Debian's libjs-janus-gateway. */
export const JANUS_JS = '/usr/share/javascript/janus-gateway/janus.js';

function which(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const firstExisting = (paths) => paths.find((p) => existsSync(p)) ?? null;

/** An override from the environment (a custom build, e.g. JANUS_BIN=/opt/janus/bin/janus): used when it exists, else missing. */
const fromEnv = (name, find) => (process.env[name] === undefined ? find() : existsSync(process.env[name]) ? process.env[name] : null);

/**
 * Paths of nginx, its RTMP module, Janus and its plugins, ffmpeg, ffprobe; `missing` and the
 * `packages` to install. NGINX_BIN, JANUS_BIN and FFMPEG_BIN override where a binary is looked for.
 */
export function findTools() {
  const found = {
    nginx: fromEnv('NGINX_BIN', () => which('nginx') ?? firstExisting(['/usr/sbin/nginx'])),
    rtmpModule: firstExisting(['/usr/lib/nginx/modules/ngx_rtmp_module.so', '/usr/lib64/nginx/modules/ngx_rtmp_module.so']),
    janus: fromEnv('JANUS_BIN', () => which('janus') ?? firstExisting(['/usr/bin/janus', '/opt/janus/bin/janus'])),
    janusLib: firstExisting(['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus', '/opt/janus/lib/janus']),
    janusJs: existsSync(JANUS_JS) ? JANUS_JS : null,
    ffmpeg: fromEnv('FFMPEG_BIN', () => which('ffmpeg')),
    ffprobe: which('ffprobe'),
  };
  const packageOf = { nginx: 'nginx-light', rtmpModule: 'libnginx-mod-rtmp', janus: 'janus', janusLib: 'janus', janusJs: 'libjs-janus-gateway', ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg' };
  const missing = Object.keys(packageOf).filter((k) => !found[k]);
  return { ...found, missing, packages: ['nginx-light', 'libnginx-mod-rtmp', 'janus', 'libjs-janus-gateway', 'ffmpeg'] };
}
