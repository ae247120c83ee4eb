/**
 * The gate's grey frame read both ways from one paused frame: in the page's gate worker (the
 * default) and on the main thread (where no worker can start). For test/browser/gate-worker.spec.ts.
 */
import { FrameGrabber } from '../../src/dom/frame-grabber.js';
import { GateWorkers } from '../../src/dom/gate-worker.js';
import { GATE_WORKER_SOURCE } from '../../src/worker/gate-source.js';

export async function readBoth(video: HTMLVideoElement): Promise<{ modes: string[]; size: number; differing: number }> {
  const inWorker = new FrameGrabber(new GateWorkers(GATE_WORKER_SOURCE, async () => true));
  const onPage = new FrameGrabber(null);
  try {
    // The first read (the worker not started yet) is the main thread's.
    let a = await inWorker.readGray(video);
    for (let i = 0; i < 50 && a?.mode !== 'worker'; i++) a = await inWorker.readGray(video);
    const b = await onPage.readGray(video);
    if (!a || !b) throw new Error('no frame to read');
    let differing = a.pixels.length === b.pixels.length ? 0 : -1;
    if (differing === 0) for (let i = 0; i < a.pixels.length; i++) if (a.pixels[i] !== b.pixels[i]) differing++;
    return { modes: [a.mode, b.mode], size: a.pixels.length, differing };
  } finally {
    inWorker.dispose();
    onPage.dispose();
  }
}
