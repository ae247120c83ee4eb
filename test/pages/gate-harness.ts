/**
 * The gate's grey frame read both ways from one paused frame: in the page's gate worker (the
 * default) and on the main thread (where no worker can start). For test/browser/gate-worker.spec.ts.
 */
import { FrameGrabber } from '../../src/dom/frame-grabber.js';
import { GateWorkers } from '../../src/dom/gate-worker.js';
import { GATE_WORKER_SOURCE } from '../../src/worker/gate-source.js';

const same = (a: Uint8Array, b: Uint8Array): number => {
  if (a.length !== b.length) return -1;
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  return differing;
};

/**
 * Reads the frame on screen in the worker, between two reads on the main thread; a frame presented
 * meanwhile (a seek still landing) shows as two different main-thread reads, and the three are read again.
 */
export async function readBoth(video: HTMLVideoElement): Promise<{ modes: string[]; size: number; differing: number }> {
  const inWorker = new FrameGrabber(new GateWorkers(GATE_WORKER_SOURCE, async () => true));
  inWorker.allowWorker();
  const onPage = new FrameGrabber(null);
  try {
    // The first read (the worker not started yet) is the main thread's.
    let a = await inWorker.readGray(video);
    for (let i = 0; i < 50 && a?.mode !== 'worker'; i++) a = await inWorker.readGray(video);
    for (let attempt = 0; attempt < 10; attempt++) {
      const before = await onPage.readGray(video);
      const first = before && before.pixels.slice(); // the main thread's buffer is reused
      a = await inWorker.readGray(video);
      const after = await onPage.readGray(video);
      if (!first || !a || !after) throw new Error('no frame to read');
      if (same(first, after.pixels) !== 0) continue; // a new frame came between the reads
      return { modes: [a.mode, after.mode], size: a.pixels.length, differing: same(a.pixels, after.pixels) };
    }
    throw new Error('the frame kept changing between reads');
  } finally {
    inWorker.dispose();
    onPage.dispose();
  }
}
