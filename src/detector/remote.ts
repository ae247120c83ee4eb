/**
 * objDetect.js's server mode: each sampled frame is posted as a JPEG (`multipart/form-data`,
 * fields `image` and `threshold`) to `apiServer`, which answers with the boxes. No model runs in
 * the page, so no TF.js backend is started: the choice for weak viewer devices.
 */
import type { Detection, DetectOptions, Detector, DetectorInput } from '../types.js';
import { parseRemoteReply } from '../core/remote-reply.js';
import { DetectOverlayError, describeThrown } from '../errors.js';
import { absoluteUrl } from '../net/urls.js';
import { readCapped } from '../net/read-capped.js';

const JPEG_QUALITY = 0.8;

function toJpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new DetectOverlayError('detection-failed', 'the frame could not be encoded as JPEG'))),
      'image/jpeg', JPEG_QUALITY);
  });
}

/** A reply larger than this is not read on (a reply of 20 boxes is about 2 kB). */
export const MAX_REPLY_BYTES = 1 << 20;

export class RemoteDetector implements Detector {
  readonly name = 'remote';
  readonly defaultScoreThreshold = 0.5;
  readonly input = 'canvas' as const;
  readonly needsBackend = false;
  private readonly url: string;
  private inFlight: AbortController | null = null;

  constructor(apiServer: string, private readonly timeoutMs: number) {
    this.url = absoluteUrl(apiServer);
  }

  async load(): Promise<void> {
    // Nothing to download; a server that is down shows up as error events per request.
  }

  async detect(input: DetectorInput, options: DetectOptions): Promise<Detection[]> {
    if (!(input instanceof HTMLCanvasElement)) throw new DetectOverlayError('detection-failed', 'the remote detector needs the sampled canvas');
    const form = new FormData();
    form.append('image', await toJpeg(input), 'frame.jpg');
    form.append('threshold', String(options.scoreThreshold));
    const controller = new AbortController();
    this.inFlight = controller;
    const timer = setTimeout(() => controller.abort(new DetectOverlayError('detection-failed', `${this.url} did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    let body: unknown;
    try {
      const res = await fetch(this.url, { method: 'POST', body: form, signal: controller.signal });
      if (!res.ok) throw new DetectOverlayError('detection-failed', `${this.url} answered HTTP ${res.status} ${res.statusText}`.trim());
      const bytes = await readCapped(res, MAX_REPLY_BYTES, () => new DetectOverlayError('detection-failed',
        `${this.url} answered more than ${MAX_REPLY_BYTES} bytes; a detection reply is a short JSON array, so it was not read on`));
      const text = new TextDecoder().decode(bytes);
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new DetectOverlayError('detection-failed', `${this.url} answered something that is not JSON`, e);
      }
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason instanceof DetectOverlayError) throw controller.signal.reason;
      if (error instanceof DetectOverlayError) throw error;
      throw new DetectOverlayError('detection-failed', `posting the frame to ${this.url} failed: ${describeThrown(error)}`, error);
    } finally {
      clearTimeout(timer);
      // A reply not read to its end (an error status, too big) is not left streaming in.
      controller.abort();
      if (this.inFlight === controller) this.inFlight = null;
    }
    return parseRemoteReply(body, input.width, input.height);
  }

  dispose(): void {
    this.inFlight?.abort();
    this.inFlight = null;
  }
}
