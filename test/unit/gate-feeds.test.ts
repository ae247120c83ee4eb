/**
 * Stream feeds (a track's own frames read in the gate worker), both sides, in Node with stand-ins
 * for what Node lacks (VideoFrame, MediaStreamTrackProcessor, a worker): the worker keeps only the
 * newest unread frame and closes the rest, answers a want at once or with the next frame, and ends
 * cleanly; the page gives a late want up without breaking the worker, checks the reply's size,
 * gives a track up that comes late or cannot be read, and stops every clone it made.
 * Real tracks in a real worker: test/browser/gate-worker.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { downsamplePlane } from '../../src/core/motion.js';
import { serveGateReads, type GateWorkerScope } from '../../src/worker/gate-entry.js';
import type { GateReadReply, GateRequest } from '../../src/worker/gate-protocol.js';
import { GateWorkers } from '../../src/dom/gate-worker.js';
import { FeedReader } from '../../src/dom/gate-feed.js';

/** A stand-in I420 VideoFrame, 160x120, every luma byte `value`. */
function frame(value: number, format = 'I420') {
  const [w, h] = [160, 120];
  const bytes = new Uint8Array(w * h * 1.5).fill(value);
  return {
    format, codedWidth: w, codedHeight: h, visibleRect: { width: w, height: h }, closed: 0,
    allocationSize: () => bytes.length,
    async copyTo(into: Uint8Array) {
      into.set(bytes);
      return [{ offset: 0, stride: w }, { offset: w * h, stride: w / 2 }, { offset: w * h * 1.25, stride: w / 2 }];
    },
    close() {
      this.closed++;
    },
  };
}
type Frame = ReturnType<typeof frame>;

/** A readable the test pushes frames into. */
function source() {
  let push: (f: Frame) => void = () => {};
  let end: () => void = () => {};
  let cancelled = 0;
  const readable = new ReadableStream<Frame>({
    start(controller) {
      push = (f) => controller.enqueue(f);
      end = () => controller.close();
    },
    cancel() {
      cancelled++;
    },
  }, { highWaterMark: 100 });
  return { readable: readable as unknown as ReadableStream<VideoFrame>, push: (f: Frame) => push(f), end: () => end(), cancelled: () => cancelled };
}

function worker() {
  const replies: GateReadReply[] = [];
  const scope: GateWorkerScope = { onmessage: null, postMessage: (m) => void replies.push(m) };
  const feeds = serveGateReads(scope);
  const send = (m: Partial<GateRequest>) => scope.onmessage!({ data: m as GateRequest });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { replies, feeds, send, settle };
}

const grey = (value: number) => downsamplePlane(new Uint8Array(160 * 120).fill(value), { offset: 0, stride: 160 }, 160, 120, new Uint8Array(80 * 60), 80, 60);

test('a feed keeps only its newest unread frame (the rest closed at once); a want takes it, or the next frame to come', async () => {
  const { replies, send, settle } = worker();
  const s = source();
  send({ feed: 1, readable: s.readable });
  const [a, b, c, d] = [frame(10), frame(20), frame(30), frame(40)];
  s.push(a);
  s.push(b);
  await settle();
  expect([a.closed, b.closed]).toEqual([1, 0]); // a dropped unread: nothing holds the track's frames
  send({ feed: 1, want: 7 });
  await settle();
  expect(replies).toEqual([{ id: 7, pixels: grey(20), width: 80, height: 60 }]);
  expect(b.closed).toBe(1);
  // No frame waiting: the want is served by the next one.
  send({ feed: 1, want: 8 });
  await settle();
  expect(replies).toHaveLength(1);
  s.push(c);
  s.push(d);
  await settle();
  expect(replies[1]).toEqual({ id: 8, pixels: grey(30), width: 80, height: 60 });
  expect([c.closed, d.closed]).toEqual([1, 0]);
});

test('a feed that closes cancels its stream, closes its frame and answers its open want; one that ends or cannot be read says unusable', async () => {
  const { replies, feeds, send, settle } = worker();
  const s = source();
  send({ feed: 1, readable: s.readable });
  const held = frame(5);
  s.push(held);
  await settle();
  send({ feed: 1, close: true });
  await settle();
  expect(s.cancelled()).toBe(1);
  expect(held.closed).toBe(1);
  const s2 = source();
  send({ feed: 2, readable: s2.readable });
  send({ feed: 2, want: 3 });
  send({ feed: 2, close: true });
  send({ feed: 2, close: true }); // twice: nothing more
  await settle();
  expect(replies).toEqual([{ id: 3, error: 'the feed closed' }]);
  // Its stream ends with a want open.
  const s3 = source();
  send({ feed: 3, readable: s3.readable });
  send({ feed: 3, want: 4 });
  s3.end();
  await settle();
  expect(replies[1]).toEqual({ id: 4, error: 'the stream ended', unusable: true });
  // RGB frames (a canvas's stream): no luma plane.
  const s4 = source();
  send({ feed: 4, readable: s4.readable });
  const rgb = frame(1, 'RGBX');
  s4.push(rgb);
  send({ feed: 4, want: 5 });
  await settle();
  expect(replies[2]).toEqual({ id: 5, error: 'frames in RGBX format have no luma plane', unusable: true });
  expect(rgb.closed).toBe(1);
  // Hostile or stale messages: no feed opened, a want for no feed is told so.
  send({ feed: 9, readable: 'not a stream' as unknown as ReadableStream<VideoFrame> });
  send({ feed: 9, want: 6 });
  await settle();
  expect(replies[3]).toEqual({ id: 6, error: 'no such feed (it ended)', unusable: true });
  expect(feeds.size).toBe(1); // feed 4 only
});

/** The page's side with a stand-in worker that runs the real worker code (serveGateReads) or never answers wants. */
function page(answer: 'serve' | 'silent') {
  const saved = { Worker: globalThis.Worker, VideoFrame: globalThis.VideoFrame, MediaStream: globalThis.MediaStream,
    Processor: (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor, create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  const log = { terminated: 0, clones: [] as { stopped: number; id: string }[], sources: [] as ReturnType<typeof source>[] };
  class FakeWorker {
    onmessage: ((e: { data: GateReadReply }) => void) | null = null;
    onerror = null;
    private readonly scope: GateWorkerScope = { onmessage: null, postMessage: (m) => setTimeout(() => this.onmessage?.({ data: m }), 0) };
    constructor() {
      serveGateReads(this.scope);
    }
    postMessage(m: GateRequest) {
      if (answer === 'silent' && 'want' in m) return;
      this.scope.onmessage!({ data: m });
    }
    terminate() {
      log.terminated++;
    }
  }
  class FakeProcessor {
    readable: ReadableStream<VideoFrame>;
    constructor() {
      const s = source();
      log.sources.push(s);
      this.readable = s.readable;
    }
  }
  class FakeStream {
    constructor(private readonly tracks: object[]) {}
    getVideoTracks() {
      return this.tracks;
    }
  }
  Object.assign(globalThis, { Worker: FakeWorker, VideoFrame: class {}, MediaStream: FakeStream, MediaStreamTrackProcessor: FakeProcessor });
  URL.createObjectURL = () => 'blob:fake';
  URL.revokeObjectURL = () => {};
  const track = (id: string) => ({
    id, readyState: 'live', enabled: true,
    clone() {
      const c = { id: `${id}-clone`, stopped: 0, stop() { this.stopped++; } };
      log.clones.push(c);
      return c;
    },
  });
  const video = (t: object) => ({ srcObject: new FakeStream([t]) }) as unknown as HTMLVideoElement;
  const restore = () => {
    Object.assign(globalThis, { Worker: saved.Worker, VideoFrame: saved.VideoFrame, MediaStream: saved.MediaStream, MediaStreamTrackProcessor: saved.Processor });
    URL.createObjectURL = saved.create;
    URL.revokeObjectURL = saved.revoke;
  };
  return { log, track, video, restore };
}

test('the page reads a stream\'s grey frames through a feed, opens another for another track and stops every clone it made', async () => {
  const { log, track, video, restore } = page('serve');
  try {
    const lease = new GateWorkers('/* script */', async () => true).lease()!;
    await Promise.resolve();
    const reader = new FeedReader();
    const v = video(track('a'));
    const pending = reader.read(v, lease);
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.sources[0]!.push(frame(50));
    expect(await pending).toEqual({ pixels: grey(50), width: 80, height: 60 });
    // The same track: the same feed.
    log.sources[0]!.push(frame(60));
    expect((await reader.read(v, lease))?.pixels).toEqual(grey(60));
    expect(log.clones).toHaveLength(1);
    // Another track (a new srcObject): the old clone stopped, a new feed.
    const w = video(track('b'));
    const next = reader.read(w, lease);
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.sources[1]!.push(frame(70));
    expect((await next)?.pixels).toEqual(grey(70));
    expect(log.clones.map((c) => c.stopped)).toEqual([1, 0]);
    // Another track in the same MediaStream (LiveKit's attach swaps it in place): a new feed too.
    (w.srcObject as unknown as { tracks: object[] }).tracks[0] = track('c');
    const swapped = reader.read(w, lease);
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.sources[2]!.push(frame(75));
    expect((await swapped)?.pixels).toEqual(grey(75));
    expect(log.clones.map((c) => c.stopped)).toEqual([1, 1, 0]);
    reader.close();
    reader.close();
    expect(log.clones.map((c) => c.stopped)).toEqual([1, 1, 1]);
    // The page turns its camera off (stops or disables its track) while nothing reads: the clone stops too.
    for (const off of [(t: { readyState: string }) => void (t.readyState = 'ended'), (t: { enabled: boolean }) => void (t.enabled = false)]) {
      const camera = track('camera');
      const read = reader.read(video(camera), lease);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.sources.at(-1)!.push(frame(80));
      expect((await read)?.pixels).toEqual(grey(80));
      off(camera as never);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(log.clones.at(-1)!.stopped).toBe(1);
      expect(await reader.read(video(camera), lease)).toBeNull(); // and none is opened for it
      expect(log.clones.at(-1)!.id).toBe('camera-clone');
      reader.close();
    }
    // Frames the worker cannot read: the track is given up (null: the page reads it another way), its clone stopped.
    const x = video(track('rgb'));
    const rgb = reader.read(x, lease);
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.sources.at(-1)!.push(frame(1, 'RGBA'));
    expect(await rgb).toBeNull();
    expect(log.clones.at(-1)).toMatchObject({ id: 'rgb-clone', stopped: 1 });
    const made = log.clones.length;
    expect(await reader.read(x, lease)).toBeNull();
    expect(log.clones).toHaveLength(made); // not tried again
    lease.release();
    expect(log.terminated).toBe(1);
  } finally {
    restore();
  }
});

test('a feed that comes late gives the read up without breaking the worker, and after three in a row the track is read another way', async () => {
  const { log, track, video, restore } = page('silent');
  try {
    const lease = new GateWorkers('/* script */', async () => true, 5000, 30).lease()!;
    await Promise.resolve();
    const reader = new FeedReader();
    const v = video(track('a'));
    expect(await reader.read(v, lease)).toBeNull();
    expect(lease.state).toBe('ready');
    expect(await reader.read(v, lease)).toBeNull();
    expect(log.clones[0]!.stopped).toBe(0);
    expect(await reader.read(v, lease)).toBeNull();
    expect(log.clones[0]!.stopped).toBe(1);
    expect(await reader.read(v, lease)).toBeNull(); // given up: no want, no wait
    expect(log.clones).toHaveLength(1);
    expect(lease.state).toBe('ready');
    lease.release();
  } finally {
    restore();
  }
});
