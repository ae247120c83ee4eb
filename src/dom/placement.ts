/**
 * Where the overlay canvas goes: the video's content box measured through layout, transforms,
 * zoom and the top layer, as the canvas's own CSS position, shape (transform), backing scale and
 * the direction labels are read in. DOM reads, and the canvas's position scheme (it follows the
 * video's: fixed or absolute); drawing is overlay.ts's.
 */
import type { MirrorMode } from '../types.js';
import { CENTER, boxModel, cssPx as px, parseObjectFit, parseObjectPosition, type Placement } from '../core/geometry.js';
import { IDENTITY, apply, determinant, elementLinear, invert, multiply, scaled, splitMirror, type Linear } from '../core/transform.js';

/** Zoom ratios (the video's over the canvas's, from their rects) closer to 1 than this are layout rounding (1/64 px on a few px). */
const SAME_ZOOM = 0.01;

/** A correction under 1/100 px is layout rounding, not a move: ignoring it keeps the position (and so the redraw key) steady. */
function settle(delta: number): number {
  return Math.abs(delta) < 0.01 ? 0 : delta;
}

/**
 * The linear part of every transform above `from` (itself included), innermost applied first;
 * shadow roots are crossed. With `upTo`, the walk ends at that element (a fullscreen element: the
 * top layer shows it as if nothing were above it).
 */
function ancestorsLinear(from: Element | null, upTo: Element | null = null): Linear {
  let m = IDENTITY;
  for (let e: Element | null = from; e; e = e === upTo ? null : e.parentElement ?? ((e.parentNode as ShadowRoot | null)?.host ?? null)) {
    const s = getComputedStyle(e);
    if (s.transform !== 'none' || s.scale !== 'none' || s.rotate !== 'none') m = multiply(elementLinear(s), m);
  }
  return m;
}

/** Where the canvas goes and how it is drawn. */
export interface Measured {
  /** Above the video in the stacking context they share. */
  zIndex: number;
  /** CSS `left`/`top` of the canvas in its containing block. */
  left: number;
  top: number;
  /** How much larger than its CSS px the canvas shows on screen (ancestors' and its own scale, zoom): the backing store follows. */
  scale: number;
  /** The canvas's own CSS transform: how the picture is zoomed or turned relative to the canvas's frame, a mirror aside. */
  shape: Linear;
  /** Canvas px to screen directions at scale 1: how labels are placed as read, and turned back to read upright. */
  view: Linear;
  /** How intrinsic-pixel boxes map into the canvas. */
  placement: Placement;
}

/**
 * Where the canvas is now: its CSS `left`/`top` and size, its centre in viewport px, and the
 * map from its containing block's CSS px to viewport px. The canvas itself is the reference,
 * not its offsetParent: its containing block may be any positioned or transformed ancestor (a
 * slide scaled to fit, a zoomed grid, a mirrored wrapper), scrolled or not, and only the canvas's
 * own rect reflects all of that. The ancestors' transforms give the direction of its axes on
 * screen; the rect gives their scale (CSS `zoom` included).
 */
function canvasPosition(canvas: HTMLCanvasElement, onTop: boolean): {
  left: number; top: number; width: number; height: number; cx: number; cy: number; raw: Linear; k: number; linear: Linear;
} {
  if (canvas.style.display === 'none') canvas.style.display = '';
  const r = canvas.getBoundingClientRect();
  const width = px(canvas.style.width) || canvas.offsetWidth; // offsetWidth is rounded to whole px
  const height = px(canvas.style.height) || canvas.offsetHeight;
  const raw = onTop ? IDENTITY : ancestorsLinear(canvas.parentElement); // the top layer has nothing above it
  const turn = multiply(raw, elementLinear(getComputedStyle(canvas))); // the rect includes the canvas's own shape
  const spread = Math.abs(turn.a) * width + Math.abs(turn.c) * height; // the rect's width at scale 1
  const k = spread > 0 && r.width > 0 ? r.width / spread : 1;
  return { left: px(canvas.style.left), top: px(canvas.style.top), width, height, cx: r.left + r.width / 2, cy: r.top + r.height / 2, raw, k, linear: scaled(raw, k) };
}

/**
 * Where the canvas must go to cover `frame`'s content box (the video, or a container showing our
 * hidden video), `video` giving the picture's intrinsic size; null while the frame is hidden or
 * has no size. `onTop`: the canvas is in the top layer (see BoxPainter's followFullscreen).
 */
export function measurePlacement(frame: HTMLElement, video: HTMLVideoElement, canvas: HTMLCanvasElement, onTop: boolean, mirrorMode: MirrorMode): Measured | null {
  const cs = getComputedStyle(frame);
  if (cs.display === 'none' || cs.visibility === 'hidden') return null;
  const box = boxModel(cs);
  const boxWidth = box.width;
  const boxHeight = box.height;
  if (boxWidth <= 0 || boxHeight <= 0) return null;
  const rect = frame.getBoundingClientRect();
  // A fixed video (a floating self-view) gets a fixed canvas: both stay put as the page scrolls.
  const position = cs.position === 'fixed' || onTop ? 'fixed' : 'absolute';
  if (canvas.style.position !== position) canvas.style.position = position;
  const here = canvasPosition(canvas, onTop);
  const m = here.linear;
  // How the picture shows relative to the canvas's frame: the video's own transform (a zoom, a
  // turn, a selfie flip), and any transform above it that is not above the canvas too. A flip
  // is done by placing boxes mirrored (text stays readable); the rest the canvas takes as its own.
  const shownRaw = onTop ? ancestorsLinear(frame, document.fullscreenElement)
    : frame.parentElement === canvas.parentElement ? multiply(here.raw, elementLinear(cs)) : ancestorsLinear(frame);
  // Its rect gives the scale it is seen at (CSS `zoom`, its own or its ancestors'), as the canvas's
  // gives the canvas's; a ratio within layout rounding of theirs is the same zoom.
  const spread = Math.abs(shownRaw.a) * box.outerWidth + Math.abs(shownRaw.c) * box.outerHeight;
  const zoom = spread > 0 && rect.width > 0 ? rect.width / spread / here.k : 1;
  const seen = scaled(shownRaw, here.k * (Math.abs(zoom - 1) < SAME_ZOOM ? 1 : zoom)); // the element's px → viewport px
  const shown = splitMirror(multiply(invert(m), seen));
  const screen = multiply(m, shown.shape); // the canvas's own px → viewport px
  // Where the content box's centre is, in viewport px: the element's centre (its rect's centre,
  // which any transform about a point keeps as the centre) plus the content box's offset from it,
  // through the element's transforms. The canvas's centre goes there; `m` turns that move back into CSS px.
  const off = apply(seen, box.left + boxWidth / 2 - box.outerWidth / 2, box.top + boxHeight / 2 - box.outerHeight / 2);
  const move = apply(invert(m), rect.left + rect.width / 2 + off.x - here.cx, rect.top + rect.height / 2 + off.y - here.cy);
  const scale = Math.sqrt(Math.abs(determinant(screen))) || 1;
  const mirror = mirrorMode === 'auto' ? shown.mirrored : mirrorMode;
  // Above the video in the stacking context they share (a player that lifts its video with z-index).
  const z = frame === video ? parseInt(cs.zIndex, 10) : Number.NaN;
  return {
    zIndex: Number.isFinite(z) ? z + 1 : 1,
    left: here.left + settle(here.width / 2 + move.x - boxWidth / 2),
    top: here.top + settle(here.height / 2 + move.y - boxHeight / 2),
    scale,
    shape: shown.shape,
    // A mirrored or turned ancestor shows the canvas mirrored or turned too, and so does its own
    // shape: that puts the boxes right; labels are placed as seen and drawn turned back, to read upright.
    view: scaled(screen, 1 / scale),
    placement: {
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      boxWidth,
      boxHeight,
      // A container shows no picture of its own: boxes map as if the video were contained in it.
      fit: frame === video ? parseObjectFit(cs.objectFit) : 'contain',
      position: frame === video ? parseObjectPosition(cs.objectPosition) : CENTER,
      mirror,
    },
  };
}
