/**
 * The overlay canvas: placed exactly over the video's content box, sized for the device pixel
 * ratio, redrawn only when boxes or layout change. Text is drawn upright even when mirrored,
 * and labels go through fillText, never into HTML.
 */
import type { Detection, MirrorMode } from '../types.js';
import { backingSize, mapBox, type Placement } from '../core/geometry.js';
import { IDENTITY, invert, isIdentity } from '../core/transform.js';
import { measurePlacement, type Measured } from './placement.js';
import { classColor, shownLabel } from '../core/labels.js';
import { DetectOverlayError } from '../errors.js';
import { drawZones, type ZoneDrawing } from './zone-painter.js';
import { byConfidence, labelFontPx, placeLabelsAsRead, type LabelRequest } from '../core/label-layout.js';

export interface PaintStyle {
  mirror: MirrorMode;
  showLabels: boolean;
  lineWidth: number;
  /** Zones and lines to outline, with their counts. */
  zones?: ZoneDrawing;
}

/** How often a hidden canvas checks whether its video is shown again (ms). */
const HIDDEN_RECHECK_MS = 250;

/** Formats a label as drawn: `"person 87%"`, with its track `"person #7 87%"` (a long label cut, see shownLabel). */
export function labelText(d: Detection): string {
  return `${shownLabel(d.label)}${d.id === undefined ? '' : ` #${d.id}`} ${Math.round(d.score * 100)}%`;
}

/** A label ready to draw: where its box is, its size, text and colour. */
type ShownLabel = LabelRequest & { text: string; color: string };

export class BoxPainter {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private lastKey = '';
  private lastDetections: readonly Detection[] | null = null;
  private resizeObserver: ResizeObserver | null = null;
  /** Looks again while the canvas is hidden (see watchWhileHidden). */
  private hiddenPoll: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;

  /** The element whose content box the canvas covers: the video, or the container when the video is ours and hidden. */
  private readonly frame: HTMLElement;
  /** True when the canvas sits right after the video (no `container`), and so must follow it when the page moves it. */
  private readonly besideVideo: boolean;
  /** True while the canvas is in the top layer, above its video shown fullscreen (see followFullscreen). */
  private onTop = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private style: PaintStyle,
    container: HTMLElement | null,
    videoVisible: boolean,
    private readonly requestRender: () => void,
  ) {
    this.frame = videoVisible || !container ? video : container;
    const canvas = document.createElement('canvas');
    canvas.className = 'detect-overlay';
    canvas.setAttribute('aria-hidden', 'true');
    // Position and z-index follow the video (see measure()). The rest keeps the box model plain
    // whatever the page's CSS says of canvases (resets with max-width: 100%, borders) or the UA's of
    // popovers (see followFullscreen).
    Object.assign(canvas.style, {
      position: 'absolute', pointerEvents: 'none', left: '0px', top: '0px', right: 'auto', bottom: 'auto', zIndex: '1', transformOrigin: '50% 50%',
      margin: '0', border: '0', padding: '0', minWidth: '0', minHeight: '0', maxWidth: 'none', maxHeight: 'none', background: 'transparent',
    });
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new DetectOverlayError('backend-unavailable', 'a 2D canvas context could not be created for the overlay');
    this.canvas = canvas;
    this.ctx = ctx;
    this.besideVideo = !container;
    if (container) container.appendChild(canvas);
    else this.placeBesideVideo();
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.requestRender());
      this.resizeObserver.observe(this.frame);
    }
    window.addEventListener('resize', this.requestRender);
    video.addEventListener('enterpictureinpicture', this.requestRender);
    video.addEventListener('leavepictureinpicture', this.requestRender);
    document.addEventListener('fullscreenchange', this.followFullscreen);
    if (document.fullscreenElement) this.followFullscreen(); // attached while already fullscreen
    // A paused video gets no frame callbacks: scrolling (of any ancestor) must still re-place it.
    window.addEventListener('scroll', this.requestRender, { capture: true, passive: true });
  }

  /**
   * Puts the canvas right after the video. A video slotted into a web component's shadow DOM
   * (`<video slot="media">`) shows where its slot is: the canvas takes the same slot, or it would
   * land in another slot (a control bar) or nowhere.
   */
  private placeBesideVideo(): void {
    if (this.video.slot) this.canvas.slot = this.video.slot;
    else this.canvas.removeAttribute('slot');
    this.video.insertAdjacentElement('afterend', this.canvas);
  }

  /**
   * A fullscreen element is shown in the top layer, above the whole page: when it is the video (the
   * fullscreen button of a bare `<video controls>`), or holds the video but not the canvas, the
   * canvas would be hidden under it. It then joins the top layer too, as a manual popover shown after
   * the fullscreen element, and leaves it when fullscreen ends. (A player that makes its own wrapper
   * fullscreen holds the canvas already: nothing to do.)
   */
  private readonly followFullscreen = (): void => {
    const c = this.canvas;
    const fs = document.fullscreenElement;
    const lift = !!fs && !fs.contains(c) && (fs === this.frame || fs.contains(this.frame)) && typeof c.showPopover === 'function';
    if (this.onTop && c.matches(':popover-open')) c.hidePopover();
    if (lift) {
      c.popover = 'manual';
      c.showPopover(); // again when already on top: the newest in the top layer is drawn above the others
    } else if (this.onTop) {
      c.removeAttribute('popover');
    }
    this.onTop = lift;
    this.lastKey = '';
    this.requestRender();
  };

  update(style: Partial<PaintStyle>): void {
    this.style = { ...this.style, ...style };
    this.lastKey = '';
  }

  /** Where the canvas goes now (see measurePlacement); null while there is nothing to cover. */
  private measure(): Measured | null {
    const video = this.video;
    if (!this.frame.isConnected || video.videoWidth === 0) return null;
    // In picture-in-picture the page shows a placeholder where the video was: no boxes over it
    // (detection and its events go on; nothing can be drawn over the floating window).
    if (document.pictureInPictureElement === video) return null;
    // The page moved the video (a tile dragged to another grid cell, a player re-parented): the canvas goes with it.
    // Only a new parent counts: the page may put its own elements between the two.
    if (this.besideVideo && (this.canvas.parentNode !== video.parentNode || this.canvas.slot !== video.slot)) this.placeBesideVideo();
    return measurePlacement(this.frame, video, this.canvas, this.onTop, this.style.mirror);
  }

  /** Draws `detections` (intrinsic pixels of the current video). Cheap when nothing changed. */
  render(detections: readonly Detection[]): void {
    if (this.destroyed) return;
    const m = this.measure();
    // Backing pixels per CSS px: the screen's ratio times any scale the ancestors apply, so the lines stay sharp.
    const dpr = (window.devicePixelRatio || 1) * (m?.scale ?? 1);
    this.watchWhileHidden(!m);
    // Redraw only when the picture moved or the boxes changed (a new result is a new array).
    const key = m ? `${m.left},${m.top},${m.zIndex},${JSON.stringify(m.placement)},${dpr},${m.view.a},${m.view.b},${m.view.c},${m.view.d},${m.shape.a},${m.shape.b},${m.shape.c},${m.shape.d}` : 'hidden';
    if (key === this.lastKey && detections === this.lastDetections) return;
    this.lastKey = key;
    this.lastDetections = detections;
    if (!m) {
      this.canvas.style.display = 'none';
      return;
    }
    const fontPx = this.placeCanvas(m, dpr);
    if (this.style.zones) drawZones(this.ctx, this.style.zones, m.placement, this.style.lineWidth, fontPx);
    const labels = this.drawBoxes(detections, m.placement, fontPx);
    this.drawLabels(labels, m);
  }

  /** Puts the canvas over the picture, sizes its backing store, clears it and sets the font; returns the label font size. */
  private placeCanvas(m: Measured, dpr: number): number {
    const { canvas, ctx } = this;
    const p = m.placement;
    canvas.style.display = '';
    canvas.style.left = `${m.left}px`;
    canvas.style.top = `${m.top}px`;
    canvas.style.zIndex = String(m.zIndex);
    canvas.style.width = `${p.boxWidth}px`;
    canvas.style.height = `${p.boxHeight}px`;
    const shape = isIdentity(m.shape) ? '' : `matrix(${m.shape.a}, ${m.shape.b}, ${m.shape.c}, ${m.shape.d}, 0, 0)`;
    if (canvas.style.transform !== shape) canvas.style.transform = shape;
    const backing = backingSize(p.boxWidth, p.boxHeight, dpr);
    if (canvas.width !== backing.width) canvas.width = backing.width;
    if (canvas.height !== backing.height) canvas.height = backing.height;
    ctx.setTransform(backing.width / p.boxWidth, 0, 0, backing.height / p.boxHeight, 0, 0);
    ctx.clearRect(0, 0, p.boxWidth, p.boxHeight);
    const fontPx = labelFontPx(p.boxWidth, p.boxHeight);
    ctx.font = `600 ${fontPx}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.lineWidth = this.style.lineWidth;
    return fontPx;
  }

  /** Strokes every box; returns the labels to draw (none with `showLabels: false`). */
  private drawBoxes(detections: readonly Detection[], p: Placement, fontPx: number): ShownLabel[] {
    const ctx = this.ctx;
    const inset = this.style.lineWidth / 2;
    const labels: ShownLabel[] = [];
    // Every box first, then every label: no box line crosses a label.
    for (const d of detections) {
      const r = mapBox(d.bbox, p);
      if (!r) continue;
      const color = classColor(d.label);
      ctx.strokeStyle = color;
      ctx.strokeRect(r.x + inset, r.y + inset, Math.max(0, r.width - 2 * inset), Math.max(0, r.height - 2 * inset));
      if (!this.style.showLabels) continue;
      const text = labelText(d);
      labels.push({ box: r, size: { width: ctx.measureText(text).width + 8, height: fontPx + 6 }, score: d.score, text, color });
    }
    return labels;
  }

  /** Places the labels where they read best and draws them, each turned to read upright on screen (mirror, rotation). */
  private drawLabels(labels: ShownLabel[], m: Measured): void {
    const ctx = this.ctx;
    const p = m.placement;
    const straight = isIdentity(m.view);
    const upright = invert(m.view);
    const centres = placeLabelsAsRead(labels, { width: p.boxWidth, height: p.boxHeight }, straight ? IDENTITY : m.view);
    // The least confident first, so where labels must overlap the most confident is drawn on top.
    for (const i of byConfidence(labels).reverse()) {
      const { size, text, color } = labels[i]!;
      const centre = centres[i]!;
      let x = centre.x - size.width / 2;
      let y = centre.y - size.height / 2;
      if (!straight) {
        // Turned about the label's centre so that it reads upright on screen.
        ctx.save();
        ctx.translate(centre.x, centre.y);
        ctx.transform(upright.a, upright.b, upright.c, upright.d, 0, 0);
        x = -size.width / 2;
        y = -size.height / 2;
      }
      ctx.fillStyle = color;
      ctx.fillRect(x, y, size.width, size.height);
      ctx.fillStyle = '#000';
      ctx.fillText(text, x + 4, y + 3);
      if (!straight) ctx.restore();
    }
  }

  /**
   * While the canvas is hidden, looks again a few times a second: no event reports a video shown
   * again (its `visibility`, or a class on an ancestor), and a paused one gets no frames.
   */
  private watchWhileHidden(hidden: boolean): void {
    if (hidden && this.hiddenPoll === null) {
      this.hiddenPoll = setInterval(this.requestRender, HIDDEN_RECHECK_MS);
    } else if (!hidden && this.hiddenPoll !== null) {
      clearInterval(this.hiddenPoll);
      this.hiddenPoll = null;
    }
  }

  clear(): void {
    this.render([]);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.watchWhileHidden(false);
    window.removeEventListener('resize', this.requestRender);
    this.video.removeEventListener('enterpictureinpicture', this.requestRender);
    this.video.removeEventListener('leavepictureinpicture', this.requestRender);
    window.removeEventListener('scroll', this.requestRender, { capture: true });
    document.removeEventListener('fullscreenchange', this.followFullscreen);
    if (this.onTop && this.canvas.matches(':popover-open')) this.canvas.hidePopover();
    this.onTop = false;
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.canvas.remove();
  }
}
