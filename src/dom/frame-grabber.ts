/**
 * Reads pixels from the video: a small grey frame for the motion gate, and the frame at
 * `sampleWidth` for the detector. Both canvases are ours, never in the DOM, and freed on dispose.
 *
 * The gate frame comes from the decoded frame's own luma plane (WebCodecs `VideoFrame.copyTo`)
 * where the browser allows: no drawing, no colour conversion, no GPU readback of a canvas. That
 * measured 0.2 ms per 640x480 frame here against ~5 ms for drawImage + getImageData of even an
 * 80x60 canvas (see BENCHMARKS.md). The copy and the average grow with the pixel count (~5 ms at
 * 4K), so they run in the page's gate worker (gate-worker.ts): the main thread wraps the frame and
 * transfers it, or for a stream only asks (the worker reads the track: gate-feed.ts); without the
 * worker, here. RGB or high-bit-depth frames, and browsers without `VideoFrame`, take the canvas.
 */
import { gateSize, rgbaToGray } from '../core/motion.js';
import { sampleSize } from '../core/sampler.js';
import { DetectOverlayError } from '../errors.js';
import { FeedReader } from './gate-feed.js';
import type { GateWorkerLease, GateWorkers } from './gate-worker.js';
import { GATE_WIDTH, LumaReader, lumaSizes } from './luma-reader.js';


function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  // willReadFrequently keeps the canvas in CPU memory, so getImageData needs no GPU readback.
  const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
  if (!ctx) throw new DetectOverlayError('backend-unavailable', 'a 2D canvas context could not be created');
  return ctx;
}

function crossOrigin(error: unknown): DetectOverlayError {
  return new DetectOverlayError('cross-origin-frame',
    'the video is cross-origin without CORS, so its pixels cannot be read; serve it with Access-Control-Allow-Origin and set crossorigin="anonymous"',
    error);
}

function resize(canvas: HTMLCanvasElement, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

/** Is this the browser refusing to read a tainted (cross-origin) canvas? */
function isTaint(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'SecurityError';
}

/**
 * Reads a canvas's pixels. Only a SecurityError means a cross-origin frame; anything else (an
 * IndexSizeError for a source that is 0 wide just after a `srcObject` swap, a frame not decoded
 * yet) means there is no frame to read now: null, and the next frame is tried.
 */
function readPixels(ctx: CanvasRenderingContext2D, width: number, height: number, onTaint: () => void): ImageData | null {
  try {
    return ctx.getImageData(0, 0, width, height);
  } catch (error) {
    if (!isTaint(error)) return null;
    onTaint();
    throw crossOrigin(error);
  }
}

/**
 * The video's current decoded frame, or null when there is none to wrap (not ready yet, or a
 * source this browser cannot wrap). A cross-origin frame is `cross-origin-frame`. Close it after use.
 */
function wrapFrame(video: HTMLVideoElement): VideoFrame | null {
  try {
    return new VideoFrame(video);
  } catch (error) {
    if (isTaint(error)) throw crossOrigin(error);
    return null;
  }
}

/**
 * After a frame in a format without a luma plane (RGB, e.g. a canvas's stream), this many gate
 * reads take the canvas at once before the luma path is tried again (the source may change).
 */
const RGB_RECHECK_EVERY = 30;

/**
 * How the last gate frame was read: `stream` (a stream source's own frames, read in the gate
 * worker), `worker` (the video's frame wrapped here, its Y plane read in the gate worker), `luma`
 * (the same on the main thread) or `canvas` (drawImage + getImageData).
 */
export type GateReadMode = 'stream' | 'worker' | 'luma' | 'canvas';
/** How the last detector input was read: `frame` (VideoFrame converted to RGBA) or `canvas`. */
export type SampleReadMode = 'frame' | 'canvas';

/** What this file reads of a VideoFrame beyond the DOM typings (newer fields, may be missing). */
interface FrameExtras {
  rotation?: number;
  flip?: boolean;
}

/** A gate read: grey pixels (valid until the next read) and how they were read. */
export interface GrayFrame {
  pixels: Uint8Array;
  mode: GateReadMode;
}

/** A detector input and how it was read. */
export interface SampledFrame {
  input: HTMLCanvasElement | ImageData;
  mode: SampleReadMode;
}

export class FrameGrabber {
  private lumaDisabled = typeof VideoFrame !== 'function';
  private rgbaDisabled = typeof VideoFrame !== 'function';
  /** Gate reads left before the luma path is tried again on an RGB source. */
  private canvasReadsLeft = 0;
  private readonly luma = new LumaReader();
  private gateCanvas: HTMLCanvasElement | null = document.createElement('canvas');
  private sampleCanvas: HTMLCanvasElement | null = document.createElement('canvas');
  private gateCtx: CanvasRenderingContext2D | null = null;
  private sampleCtx: CanvasRenderingContext2D | null = null;
  private gray = new Uint8Array(0);
  /**
   * The page's gate worker: `waiting` until the overlay's first result (nothing competes with the model's
   * start), `allowed` until a luma read takes a lease, the lease; `none`: no worker, failed, or disposed.
   */
  private gateUse: 'waiting' | 'allowed' | 'none' | GateWorkerLease = 'waiting';
  /** A stream source's feed in the gate worker. */
  private readonly feeds = new FeedReader();

  /** `workers`: the page's gate worker (none: every read on the main thread). */
  constructor(private readonly workers: GateWorkers | null = null) {}

  /**
   * The video's current frame as grey pixels, GATE_WIDTH wide (aspect kept). Reuses one buffer:
   * the result is valid until the next call. Null when the video has no frame to read right now
   * (a source being swapped); rejects with `cross-origin-frame` only for a tainted video.
   */
  async readGray(video: HTMLVideoElement): Promise<GrayFrame | null> {
    if (!this.gateCanvas) throw new DetectOverlayError('destroyed', 'frame grabber is disposed');
    if (this.canvasReadsLeft > 0) {
      this.canvasReadsLeft--;
    } else if (!this.lumaDisabled) {
      const luma = await this.readLuma(video);
      if (luma) return luma;
    }
    const pixels = this.readGrayFromCanvas(video);
    return pixels && { pixels, mode: 'canvas' };
  }

  /** The luma path (in the gate worker where there is one); null when this frame (or this browser) needs the canvas path. */
  private async readLuma(video: HTMLVideoElement): Promise<GrayFrame | null> {
    const worker = this.gateWorker();
    // A stream's frames are read in the worker straight from its track: nothing to wrap here.
    const fed = worker && (await this.feeds.read(video, worker));
    if (fed) return { pixels: fed.pixels, mode: 'stream' };
    // No frame yet or no support for this source: use the canvas this time.
    const frame = wrapFrame(video);
    if (!frame) return null;
    let transferred = false;
    try {
      const sizes = lumaSizes(frame);
      if (!sizes) {
        this.canvasReadsLeft = RGB_RECHECK_EVERY;
        return null;
      }
      const { srcWidth, srcHeight, width, height } = sizes;
      if (worker) {
        transferred = true;
        const pixels = await worker.read(frame, srcWidth, srcHeight, width, height);
        // Not read there (the worker just broke, an odd frame): the next frame is read here.
        return pixels && pixels.length === width * height ? { pixels, mode: 'worker' } : null;
      }
      if (this.gray.length !== width * height) this.gray = new Uint8Array(width * height);
      return { pixels: await this.luma.read(frame, srcWidth, srcHeight, this.gray, width, height), mode: 'luma' };
    } catch {
      // A browser whose copyTo fails once will fail again: stop trying, use the canvas from now on.
      this.lumaDisabled = true;
      return null;
    } finally {
      if (!transferred) frame.close();
    }
  }

  /**
   * Gate reads may use the page's gate worker from now on (the engine calls this on each result).
   * Before the overlay's first result they are read here: 0.4 ms a frame at 640x480, while starting
   * a worker costs the CPU the model's start needs for the first box.
   */
  allowWorker(): void {
    if (this.gateUse === 'waiting') this.gateUse = 'allowed';
  }

  /** The page's gate worker while it serves; null: read here (also while the page is asked whether it may start). */
  private gateWorker(): GateWorkerLease | null {
    if (this.gateUse === 'allowed') this.gateUse = this.workers?.lease() ?? 'none';
    const lease = this.gateUse;
    if (typeof lease !== 'object') return null;
    if (lease.state === 'failed') {
      this.feeds.close();
      lease.release();
      this.gateUse = 'none';
      return null;
    }
    return lease.state === 'ready' ? lease : null;
  }

  private readGrayFromCanvas(video: HTMLVideoElement): Uint8Array | null {
    const canvas = this.gateCanvas;
    if (!canvas) throw new DetectOverlayError('destroyed', 'frame grabber is disposed');
    const { width, height } = gateSize(video.videoWidth, video.videoHeight, GATE_WIDTH);
    if (width <= 0 || height <= 0) return null;
    resize(canvas, width, height);
    if (!this.gateCtx) {
      this.gateCtx = context(canvas);
      // Area-like filtering: plain bilinear at 8x down aliases, and aliasing reads as motion.
      this.gateCtx.imageSmoothingQuality = 'high';
    }
    this.gateCtx.drawImage(video, 0, 0, width, height);
    const image = readPixels(this.gateCtx, width, height, () => this.replaceCanvases());
    if (!image) return null;
    if (this.gray.length !== width * height) this.gray = new Uint8Array(width * height);
    return rgbaToGray(image.data, this.gray);
  }

  /**
   * The frame at `sampleWidth`, for the detector: the canvas itself (WebGL uploads it as a
   * texture) or its pixels as ImageData (WASM/CPU read pixels anyway; this saves TF.js a second
   * copy). Pixels come straight from the decoded frame (WebCodecs converts it to RGBA: 0.6 ms for
   * 640x480 here) when it needs no scaling or turning, else from the canvas (drawImage +
   * getImageData: 6-12 ms here without a GPU). Each ImageData is new: a worker may take its buffer.
   * Null when the video has no frame to read right now (as for `readGray`).
   */
  async sample(video: HTMLVideoElement, sampleWidth: number, asImageData: boolean): Promise<SampledFrame | null> {
    if (!this.sampleCanvas) throw new DetectOverlayError('destroyed', 'frame grabber is disposed');
    const { width, height } = sampleSize(video.videoWidth, video.videoHeight, sampleWidth);
    if (width <= 0 || height <= 0) return null;
    // Only a frame that needs no scaling is read straight (the canvas scales).
    if (asImageData && !this.rgbaDisabled && width === video.videoWidth && height === video.videoHeight) {
      const pixels = await this.readRgba(video, width, height);
      if (pixels) return { input: pixels, mode: 'frame' };
    }
    const canvas = this.sampleCanvas;
    if (!canvas) throw new DetectOverlayError('destroyed', 'frame grabber is disposed');
    resize(canvas, width, height);
    this.sampleCtx ??= context(canvas);
    this.sampleCtx.drawImage(video, 0, 0, width, height);
    // On the canvas path the 1-pixel read is only the taint check TF.js would otherwise fail on.
    const pixels = readPixels(this.sampleCtx, asImageData ? width : 1, asImageData ? height : 1, () => this.replaceCanvases());
    if (!pixels) return null;
    return { input: asImageData ? pixels : canvas, mode: 'canvas' };
  }

  /** The frame's own pixels as RGBA at `width` x `height`; null when that needs the canvas (scaling, rotation, no support). */
  private async readRgba(video: HTMLVideoElement, width: number, height: number): Promise<ImageData | null> {
    const frame = wrapFrame(video);
    if (!frame) return null;
    try {
      const rect = frame.visibleRect;
      const extras = frame as VideoFrame & FrameExtras;
      if (!rect || rect.width !== width || rect.height !== height || frame.displayWidth !== width
        || frame.displayHeight !== height || extras.rotation || extras.flip) return null;
      const data = new Uint8ClampedArray(width * height * 4);
      await frame.copyTo(data, { format: 'RGBA', colorSpace: 'srgb' } as VideoFrameCopyToOptions);
      return new ImageData(data, width, height);
    } catch {
      // This browser cannot convert frames to RGBA: use the canvas from now on.
      this.rgbaDisabled = true;
      return null;
    } finally {
      frame.close();
    }
  }

  /** A canvas once tainted stays tainted: start over with clean ones for the next source. */
  private replaceCanvases(): void {
    this.freeCanvases();
    this.gateCanvas = document.createElement('canvas');
    this.sampleCanvas = document.createElement('canvas');
  }

  /** Reads stop for a while (the overlay stopped, or scrolled out of view): a stream's feed ends until the next read. */
  pause(): void {
    this.feeds.close();
  }

  /** Frees the canvases, ends the feed, lets go of the gate worker. Safe twice. */
  dispose(): void {
    this.freeCanvases();
    this.feeds.close();
    if (typeof this.gateUse === 'object') this.gateUse.release();
    this.gateUse = 'none';
  }

  private freeCanvases(): void {
    for (const c of [this.gateCanvas, this.sampleCanvas]) {
      if (c) {
        c.width = 0;
        c.height = 0;
      }
    }
    this.gateCanvas = this.sampleCanvas = null;
    this.gateCtx = this.sampleCtx = null;
    this.luma.clear();
  }
}
