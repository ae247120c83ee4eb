// In-page helpers for the overlay and lifecycle tests (loaded by test pages, not by the SDK).

/** A Detector that always reports the given boxes (in sample pixels). Stands in for a model where
 * a test checks geometry or lifecycle, not detection quality. */
export function fixedDetector(boxes, name = 'fixed') {
  let calls = 0;
  return {
    name,
    get calls() { return calls; },
    async load() {},
    async detect() { calls++; return boxes.map((b) => ({ ...b, bbox: [...b.bbox] })); },
    dispose() {},
  };
}

/** A playing, looping, muted <video> of a shared clip, appended to `parent`. */
export async function clipVideo(clip, parent = document.body, css = '') {
  const v = document.createElement('video');
  Object.assign(v, { muted: true, loop: true, playsInline: true, autoplay: true });
  v.style.cssText = css;
  v.src = `/media/video/${clip}.webm`;
  parent.append(v);
  await v.play();
  if (v.readyState < 2) await new Promise((r) => v.addEventListener('loadeddata', r, { once: true }));
  return v;
}

export const nextFrames = (n = 2) => new Promise((resolve) => {
  const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step));
  step();
});

/** Alpha (0..255) of the overlay canvas at CSS point (x, y). */
export function alphaAt(canvas, x, y) {
  const sx = canvas.width / parseFloat(canvas.style.width);
  const sy = canvas.height / parseFloat(canvas.style.height);
  return canvas.getContext('2d').getImageData(Math.floor(x * sx), Math.floor(y * sy), 1, 1).data[3];
}

/** RGBA bytes of a CSS-pixel region of the overlay canvas. */
export function regionAt(canvas, x, y, w, h) {
  const s = canvas.width / parseFloat(canvas.style.width);
  return Array.from(canvas.getContext('2d').getImageData(Math.floor(x * s), Math.floor(y * s), Math.floor(w * s), Math.floor(h * s)).data);
}

export function rectOf(el) {
  const b = el.getBoundingClientRect();
  return [b.left, b.top, b.width, b.height].map((n) => Math.round(n * 10) / 10);
}

/**
 * Resolves with the first truthy value of `check()` (polled every `everyMs`). Tests wait for an
 * outcome this way rather than sleeping a fixed time and counting what happened meanwhile: on a
 * busy machine the outcome comes later, not differently. `capMs` (times TEST_TIME_SCALE) only
 * turns an outcome that never comes into a failure naming `what`.
 */
export async function until(check, what, capMs = 60_000, everyMs = 50) {
  const cap = capMs * (window.__testTimeScale ?? 1);
  const t0 = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() - t0 > cap) throw new Error(`timed out after ${Math.round(cap)} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves once the video has played `seconds` more of its own time (a loop counts; a pause waits). */
export function videoTime(video, seconds) {
  return new Promise((resolve) => {
    let last = video.currentTime;
    let played = 0;
    const step = () => {
      const t = video.currentTime;
      played += t >= last ? t - last : t; // a loop restarts at 0
      last = t;
      if (played >= seconds) resolve(); else video.requestVideoFrameCallback(step);
    };
    video.requestVideoFrameCallback(step);
  });
}
