// Watching one mountpoint of Janus's streaming plugin with Janus's own client (janus.js, from
// Debian's libjs-janus-gateway), through the demo server's /janus proxy. Reconnects on its own
// when the server goes away (a restart), and reports what it sees to `on(event)`.
const RETRY_MS = [1000, 2000, 4000, 5000];

/** janus.js asks webrtc-adapter which browser this is; this is all of adapter it reads. */
function browserDetails() {
  const ua = navigator.userAgent;
  const m = /Firefox\/(\d+)/.exec(ua) ?? /Chrom(?:e|ium)\/(\d+)/.exec(ua) ?? /Version\/(\d+).*Safari/.exec(ua);
  const browser = /Firefox\//.test(ua) ? 'firefox' : /Chrom(e|ium)\//.test(ua) ? 'chrome' : /Safari\//.test(ua) ? 'safari' : 'unknown';
  return { browser, version: m ? Number(m[1]) : 0 };
}

/**
 * Watches the stream `name` (a mountpoint whose description is that name). `on` hears
 * `{ type: 'track', track }`, `{ type: 'server', state, detail }`, `{ type: 'missing', names }`, `{ type: 'error', message }`.
 */
export class JanusWatch {
  constructor(name, on, { server = '/janus' } = {}) {
    this.name = name;
    this.on = on;
    this.server = server;
    this.session = null;
    this.handle = null;
    this.closed = false;
    this.attempt = 0;
    this.retryTimer = null;
    this.reconnects = 0;
  }

  async start() {
    const Janus = window.Janus;
    if (!Janus) {
      this.on({ type: 'error', message: 'Janus\'s browser client (/vendor/janus-gateway/janus.js) did not load: install libjs-janus-gateway (see the README).' });
      return;
    }
    await new Promise((resolve) => Janus.init({
      debug: false,
      dependencies: Janus.useDefaultDependencies({ adapter: { browserDetails: browserDetails() } }),
      callback: resolve,
    }));
    this.connect();
  }

  connect() {
    if (this.closed) return;
    const Janus = window.Janus;
    this.on({ type: 'server', state: 'connecting' });
    const session = new Janus({
      server: this.server,
      success: () => {
        if (this.closed || this.session !== session) return void session.destroy({ notifyDestroyed: false });
        this.attempt = 0;
        this.on({ type: 'server', state: 'connected' });
        this.attach(session);
      },
      error: (error) => this.lost(session, String(error?.message ?? error)),
      destroyed: () => {},
    });
    this.session = session;
  }

  /** The session failed or the server went away: drop it and try again with backoff. */
  lost(session, detail) {
    if (this.closed || this.session !== session) return;
    this.session = null;
    this.handle = null;
    try { session.destroy({ cleanupHandles: true, notifyDestroyed: false, unload: true }); } catch { /* already gone */ }
    const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
    this.on({ type: 'server', state: 'unreachable', detail, retryMs: wait });
    this.retryTimer = setTimeout(() => { this.reconnects++; this.connect(); }, wait);
  }

  attach(session) {
    session.attach({
      plugin: 'janus.plugin.streaming',
      success: (handle) => {
        this.handle = handle;
        handle.send({
          message: { request: 'list' },
          success: (reply) => this.watch(handle, Array.isArray(reply?.list) ? reply.list : []),
          error: (e) => this.on({ type: 'error', message: `listing the streams failed: ${e}` }),
        });
      },
      error: (e) => this.lost(session, `the streaming plugin is not available: ${e}`),
      onmessage: (msg, jsep) => this.onMessage(handle(), msg, jsep),
      onremotetrack: (track, mid, on) => {
        if (track.kind === 'video' && on) this.on({ type: 'track', track });
      },
      oncleanup: () => {},
    });
    const handle = () => this.handle;
  }

  watch(handle, list) {
    const mount = list.find((m) => m && typeof m === 'object' && m.description === this.name);
    if (!mount) {
      const names = list.map((m) => String(m?.description ?? '')).filter(Boolean).slice(0, 32);
      this.on({ type: 'missing', names });
      return;
    }
    handle.send({ message: { request: 'watch', id: mount.id } });
  }

  onMessage(handle, msg, jsep) {
    if (msg?.error) this.on({ type: 'error', message: `Janus: ${String(msg.error).slice(0, 300)}` });
    if (!jsep || !handle) return;
    handle.createAnswer({
      jsep,
      tracks: [{ type: 'data' }], // audio and video offered are taken receive-only
      success: (answer) => handle.send({ message: { request: 'start' }, jsep: answer }),
      error: (e) => this.on({ type: 'error', message: `WebRTC negotiation failed: ${e?.message ?? e}` }),
    });
  }

  /** The inbound video's codec, size and decoded frame count, from `getStats`. */
  async videoStats() {
    const pc = this.handle?.webrtcStuff?.pc;
    if (!pc) return null;
    const report = await pc.getStats();
    let inbound = null;
    report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') inbound = s; });
    if (!inbound) return null;
    const codec = inbound.codecId ? report.get(inbound.codecId) : null;
    return { codec: codec?.mimeType ?? '', fmtp: codec?.sdpFmtpLine ?? '', width: inbound.frameWidth ?? 0, height: inbound.frameHeight ?? 0, framesDecoded: inbound.framesDecoded ?? 0 };
  }

  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    try { this.session?.destroy({ cleanupHandles: true, notifyDestroyed: false }); } catch { /* gone */ }
    this.session = null;
  }
}
