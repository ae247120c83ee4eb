// A synthetic clip whose truth is known, for the tracking bench (bench/tracking.ts): person and dog
// crops from the shared photos moved along set paths over a still background. Two persons walk one
// road in opposite directions (crossing each other), a dog trots up and down across their road
// (crossing both) and stops a while, a second dog lies still, walks out of the picture and comes back.
import type { Detection } from '../src/types.js';

type BBox = Detection['bbox'];
export const WIDTH = 640;
export const HEIGHT = 480;

/** One object of the scene: its class, crop, size and path (keyframes [seconds, x, y] of its top-left, looped over `period`). */
interface Actor {
  name: string;
  label: 'person' | 'dog';
  crop: 'person' | 'dog';
  width: number;
  flip: boolean;
  period: number;
  keys: Array<[number, number, number]>;
}

const ACTORS: readonly Actor[] = [
  // 12-s round trips in opposite phase: they pass each other twice a round trip, 10 times a minute.
  // B walks nearer the camera (lower in the picture): passing, it hides A's legs and body, not A's head.
  { name: 'A', label: 'person', crop: 'person', width: 64, flip: false, period: 12, keys: [[0, 40, 110], [5, 540, 110], [6, 540, 110], [11, 40, 110], [12, 40, 110]] },
  { name: 'B', label: 'person', crop: 'person', width: 64, flip: true, period: 12, keys: [[0, 540, 190], [5, 40, 190], [6, 40, 190], [11, 540, 190], [12, 540, 190]] },
  // Up and down across the persons' road every 15 s, with a 3-s stop at the bottom.
  { name: 'C', label: 'dog', crop: 'dog', width: 100, flip: false, period: 15, keys: [[0, 280, 10], [5, 280, 380], [8, 280, 380], [13, 280, 10], [15, 280, 10]] },
  // Lies still for 20 s, walks out to the right, is away 10 s, walks back and lies still again.
  { name: 'D', label: 'dog', crop: 'dog', width: 120, flip: true, period: 60, keys: [[0, 470, 360], [20, 470, 360], [24, 660, 360], [34, 660, 360], [38, 470, 360], [60, 470, 360]] },
];

export interface Crops {
  person: ImageBitmap;
  dog: ImageBitmap;
}

/** Where an actor is at `t` seconds: linear between keyframes, looped. */
function place(a: Actor, t: number): [number, number] {
  const u = t % a.period;
  for (let i = 1; i < a.keys.length; i++) {
    const [t1, x1, y1] = a.keys[i]!;
    const [t0, x0, y0] = a.keys[i - 1]!;
    if (u <= t1) {
      const f = t1 === t0 ? 0 : (u - t0) / (t1 - t0);
      return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f];
    }
  }
  const last = a.keys.at(-1)!;
  return [last[1], last[2]];
}

export interface Truth {
  name: string;
  label: string;
  bbox: BBox;
  /** Over half of it is hidden behind a nearer object: a detector cannot be asked to find it. */
  occluded: boolean;
}

function overlapArea(a: BBox, b: BBox): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The true boxes at `t` seconds (clipped to the frame; an object mostly out of it is not there). */
export function truth(t: number, crops: Crops): Truth[] {
  const all = ACTORS.map((a) => {
    const [x, y] = place(a, t);
    const img = crops[a.crop];
    const h = (a.width * img.height) / img.width;
    return { a, bbox: [x, y, a.width, h] as BBox };
  });
  const out: Truth[] = [];
  for (const { a, bbox } of all) {
    const [x, y, w, h] = bbox;
    const x0 = Math.max(0, x);
    const x1 = Math.min(WIDTH, x + w);
    if (x1 - x0 < w / 2) continue;
    // Nearer objects are lower in the picture (drawn later); coverage by the most covering one.
    const hidden = Math.max(0, ...all.filter((o) => o.bbox[1] > y).map((o) => overlapArea(bbox, o.bbox) / (w * h)));
    out.push({ name: a.name, label: a.label, bbox: [x0, y, x1 - x0, Math.min(HEIGHT, y + h) - y], occluded: hidden > 0.5 });
  }
  return out;
}

/** A still background: a lawn-like gradient with fixed speckle (no COCO object). */
export function background(): ImageBitmap | OffscreenCanvas {
  const c = new OffscreenCanvas(WIDTH, HEIGHT);
  const ctx = c.getContext('2d')!;
  const g = ctx.createLinearGradient(0, 0, 0, HEIGHT);
  g.addColorStop(0, '#9aa59a');
  g.addColorStop(0.4, '#7f9a6c');
  g.addColorStop(1, '#5f7f4a');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  let s = 7;
  const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 4000; i++) {
    ctx.fillStyle = `rgba(${rand() > 0.5 ? '255,255,255' : '0,0,0'},${0.05 + rand() * 0.08})`;
    ctx.fillRect(rand() * WIDTH, rand() * HEIGHT, 2, 2);
  }
  return c;
}

/** Draws the scene at `t` seconds: actors further down the picture (nearer) over those above. */
export function drawScene(ctx: OffscreenCanvasRenderingContext2D, t: number, bg: CanvasImageSource, crops: Crops): void {
  ctx.drawImage(bg, 0, 0);
  const order = ACTORS.map((a) => ({ a, at: place(a, t) })).sort((p, q) => p.at[1] - q.at[1]);
  for (const { a, at: [x, y] } of order) {
    const img = crops[a.crop];
    const h = (a.width * img.height) / img.width;
    ctx.save();
    if (a.flip) {
      ctx.translate(x + a.width, y);
      ctx.scale(-1, 1);
      ctx.drawImage(img, 0, 0, a.width, h);
    } else ctx.drawImage(img, x, y, a.width, h);
    ctx.restore();
  }
}
