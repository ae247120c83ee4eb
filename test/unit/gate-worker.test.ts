/**
 * The gate worker, both sides, in Node with stand-ins for what Node lacks (a worker, a VideoFrame):
 * the worker's answers are the page's own box filter of the frame's luma plane (so the gate
 * decides as before), bad frames get an error reply and are closed; the page's side shares one
 * worker, ends it with its last user, and gives up on it for good when it fails or hangs.
 * Real frames in a real worker: test/browser/gate-worker.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { downsamplePlane } from '../../src/core/motion.js';
import { serveGateReads, type GateWorkerScope } from '../../src/worker/gate-entry.js';
import { MAX_FRAME_BYTES } from '../../src/dom/luma-reader.js';
import type { GateReadReply, GateReadRequest } from '../../src/worker/gate-protocol.js';
import { GATE_READ_TIMEOUT_MS, GateWorkers } from '../../src/dom/gate-worker.js';

/** A stand-in VideoFrame: an I420-like buffer whose luma plane has a row stride wider than the picture. */
function fakeFrame(width: number, height: number, seed: number, copyDelayMs = 0, gateHeight = 60) {
  const stride = width + 16;
  const offset = 32;
  const size = offset + stride * height + 2 * (stride / 2) * (height / 2);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17) % 251;
  const frame = {
    closed: 0,
    allocationSize: () => size,
    async copyTo(into: Uint8Array) {
      await new Promise((resolve) => setTimeout(resolve, copyDelayMs));
      into.set(bytes);
      return [{ offset, stride }, { offset: offset + stride * height, stride: stride / 2 }];
    },
    close() {
      this.closed++;
    },
  };
  const expected = width < 80 ? null : downsamplePlane(bytes, { offset, stride }, width, height, new Uint8Array(80 * gateHeight), 80, gateHeight);
  return { frame, expected };
}

function scope() {
  const replies: GateReadReply[] = [];
  const s: GateWorkerScope = { onmessage: null, postMessage: (m) => void replies.push(m) };
  serveGateReads(s);
  const send = (request: Partial<GateReadRequest>) => s.onmessage!({ data: request as GateReadRequest });
  const settled = async (n: number) => {
    for (let i = 0; i < 500 && replies.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  return { replies, send, settled };
}

test('the worker answers with the page\'s own box filter of the luma plane, in order, one buffer for overlapping requests; every frame closed', async () => {
  const { replies, send, settled } = scope();
  // The first copy is slow: the second request waits for it rather than sharing the buffer mid-copy.
  const a = fakeFrame(640, 480, 1, 30);
  const b = fakeFrame(1280, 720, 2, 0, 45);
  send({ id: 1, frame: a.frame as unknown as VideoFrame, srcWidth: 640, srcHeight: 480, width: 80, height: 60 });
  send({ id: 2, frame: b.frame as unknown as VideoFrame, srcWidth: 1280, srcHeight: 720, width: 80, height: 45 });
  await settled(2);
  expect(replies.map((r) => r.id)).toEqual([1, 2]);
  expect('pixels' in replies[0]! && [...replies[0].pixels]).toEqual([...a.expected!]);
  expect('pixels' in replies[1]! && [...replies[1].pixels]).toEqual([...b.expected!]);
  expect(a.frame.closed).toBe(1);
  expect(b.frame.closed).toBe(1);
});

test('the worker refuses what it cannot read with an error reply, and still closes the frame', async () => {
  const { replies, send, settled } = scope();
  const huge = { ...fakeFrame(64, 48, 3).frame, allocationSize: () => MAX_FRAME_BYTES + 1 };
  send({ id: 1, frame: huge as unknown as VideoFrame, srcWidth: 64, srcHeight: 48, width: 64, height: 48 });
  send({ id: 2, frame: 'not a frame' as unknown as VideoFrame, srcWidth: 64, srcHeight: 48, width: 80, height: 60 });
  const small = fakeFrame(64, 48, 4);
  // Larger than the frame: the box filter refuses, naming both sizes.
  send({ id: 3, frame: small.frame as unknown as VideoFrame, srcWidth: 64, srcHeight: 48, width: 80, height: 60 });
  await settled(3);
  expect(replies.map((r) => ('error' in r ? r.error : 'pixels'))).toEqual([
    `RangeError: a frame of ${MAX_FRAME_BYTES + 1} bytes`,
    expect.stringContaining('TypeError'),
    'RangeError: cannot box-filter 64x48 down to 80x60',
  ]);
  expect(huge.closed).toBe(1);
  expect(small.frame.closed).toBe(1);
});

/** Stand-ins for the browser's Worker, VideoFrame and blob URLs; `answer` says what the fake worker does with a request. */
function fakeBrowser(answer: 'echo' | 'silent' | 'error') {
  const saved = { Worker: globalThis.Worker, VideoFrame: globalThis.VideoFrame, create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  const log = { started: 0, terminated: 0, urls: new Set<string>() };
  class FakeWorker {
    onmessage: ((e: { data: GateReadReply }) => void) | null = null;
    onerror: ((e: { preventDefault(): void }) => void) | null = null;
    constructor() {
      log.started++;
    }
    postMessage(request: GateReadRequest) {
      request.frame.close();
      if (answer === 'echo') setTimeout(() => this.onmessage?.({ data: { id: request.id, pixels: new Uint8Array(request.width * request.height).fill(7) } }), 1);
      if (answer === 'error') setTimeout(() => this.onerror?.({ preventDefault() {} }), 1);
    }
    terminate() {
      log.terminated++;
    }
  }
  let n = 0;
  Object.assign(globalThis, { Worker: FakeWorker, VideoFrame: class {} });
  URL.createObjectURL = () => {
    const url = `blob:fake/${++n}`;
    log.urls.add(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => void log.urls.delete(url);
  const restore = () => {
    Object.assign(globalThis, { Worker: saved.Worker, VideoFrame: saved.VideoFrame });
    URL.createObjectURL = saved.create;
    URL.revokeObjectURL = saved.revoke;
  };
  const frame = () => {
    const f = { closed: 0, close: () => void f.closed++ };
    return f as unknown as VideoFrame & { closed: number };
  };
  return { log, restore, frame };
}

test('the page\'s side: one worker for every user, ended (and its blob URL revoked) with the last; release safe twice; unbuilt: none', async () => {
  const { log, restore, frame } = fakeBrowser('echo');
  try {
    const allowed = async () => true;
    expect(new GateWorkers(null, allowed).lease()).toBeNull(); // the SDK unbuilt (these tests): the main thread reads
    const workers = new GateWorkers('/* script */', allowed);
    const a = workers.lease()!;
    const b = workers.lease()!;
    // Not started before the page is known to allow blob: workers; meanwhile the main thread reads.
    expect(a.state).toBe('starting');
    expect(log.started).toBe(0);
    await Promise.resolve();
    expect(a.state).toBe('ready');
    expect(b.state).toBe('ready');
    expect(log.started).toBe(1);
    const f = frame();
    const pixels = await a.read(f, 640, 480, 80, 60);
    expect(pixels?.length).toBe(4800);
    expect(f.closed).toBe(1);
    a.release();
    a.release();
    expect(a.state).toBe('failed');
    expect(b.state).toBe('ready');
    expect(log.terminated).toBe(0);
    b.release();
    expect(log.terminated).toBe(1);
    expect(log.urls.size).toBe(0);
    // A later user starts a new one.
    const c = workers.lease()!;
    expect(c.state).toBe('ready');
    expect(log.started).toBe(2);
    c.release();
  } finally {
    restore();
  }
});

test('a page that forbids blob: workers (its CSP, answered by the page\'s one probe) never starts one', async () => {
  const { log, restore, frame } = fakeBrowser('echo');
  try {
    let asked = 0;
    const workers = new GateWorkers('/* script */', async () => (asked++, false));
    const a = workers.lease()!;
    const b = workers.lease()!;
    await Promise.resolve();
    expect([a.state, b.state]).toEqual(['failed', 'failed']);
    const f = frame();
    expect(await a.read(f, 640, 480, 80, 60)).toBeNull();
    expect(f.closed).toBe(1);
    expect(workers.lease()).toBeNull();
    expect(asked).toBe(1);
    expect(log.started).toBe(0);
  } finally {
    restore();
  }
});

test('a worker that errs (a broken script) is given up for good: open reads resolve null, no worker again', async () => {
  const { log, restore, frame } = fakeBrowser('error');
  try {
    const workers = new GateWorkers('/* script */', async () => true);
    const a = workers.lease()!;
    await Promise.resolve();
    expect(await a.read(frame(), 640, 480, 80, 60)).toBeNull();
    expect(a.state).toBe('failed');
    const f = frame();
    expect(await a.read(f, 640, 480, 80, 60)).toBeNull();
    expect(f.closed).toBe(1);
    expect(workers.lease()).toBeNull();
    expect(log.started).toBe(1);
    expect(log.urls.size).toBe(0);
    a.release();
  } finally {
    restore();
  }
});

test(`a worker that stops answering is given up (after ${GATE_READ_TIMEOUT_MS / 1000} s by default)`, async () => {
  const { log, restore, frame } = fakeBrowser('silent');
  try {
    const workers = new GateWorkers('/* script */', async () => true, 200);
    const a = workers.lease()!;
    await Promise.resolve();
    expect(await a.read(frame(), 640, 480, 80, 60)).toBeNull();
    expect(a.state).toBe('failed');
    expect(log.terminated).toBe(1);
    expect(workers.lease()).toBeNull();
  } finally {
    restore();
  }
});
