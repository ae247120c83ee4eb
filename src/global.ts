/**
 * Script-tag entry (`dist/detect-overlay.min.js`, global `DetectOverlay`). If its own tag has
 * `data-source`, it attaches on DOMContentLoaded (at once when the page has already loaded)
 * with options from the tag's data-* attributes, and follows the element: one added later, replaced
 * or removed is tracked for the life of the page.
 */
// First, so they register before the WASM backend (this one file inlines every chunk): TF.js
// starts its highest-priority registered backend on a bare `tf.memory()`, and WebGL (priority 2,
// registered first) can start synchronously where WASM cannot.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { attach } from './attach.js';
import type { DetectOverlay } from './detect-overlay.js';
import { attributeMap, parseAttributes, type ScriptConfig } from './options/attributes.js';
import { setDefaultWasmBase } from './registry.js';
import { DetectOverlayError, toDetectOverlayError } from './errors.js';
import { asVideo, videoIn } from './dom/source.js';
import { warn } from './log.js';

export * from './index.js';
/**
 * The bundled TensorFlow.js core, so script-tag users can write their own `Detector` (and
 * check `tf.memory()`) against the same engine the overlay runs on.
 */
export * as tf from '@tensorflow/tfjs-core';

/** How long a `data-source` element may take to appear before `source-not-found`. */
const WAIT_FOR_SOURCE_MS = 10_000;

// Must be read synchronously at top level: currentScript is null in any later callback.
const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
if (script?.src) setDefaultWasmBase(new URL('./', script.src).href);

function report(error: DetectOverlayError, target: EventTarget): void {
  console.error(error.message);
  target.dispatchEvent(new CustomEvent('detect-overlay:error', { detail: error, bubbles: true, composed: true }));
}

/** Elements that cannot be or hold the video: naming one is a mistake, reported at once. */
const NEVER_VIDEO: ReadonlySet<string> = new Set(['IMG', 'CANVAS', 'AUDIO', 'IFRAME', 'INPUT', 'PICTURE', 'OBJECT', 'EMBED', 'SVG']);

/**
 * What the element `data-source` names (`named`, by id) stands for now: itself if it is a video, else the first `<video>`
 * inside it (a player's wrapper, a container the page puts its video in). A container with no
 * video yet counts as nothing yet; an element that can never be a video is returned as is.
 */
function sourceElement(named: Element | null): Element | null {
  if (!named) return null;
  return videoIn(named) ?? (NEVER_VIDEO.has(named.tagName.toUpperCase()) ? named : null);
}

/** How often the watcher looks again while the page's DOM events cannot tell it (see watchSource), ms. */
const SHADOW_RECHECK_MS = 1000;

/**
 * Calls `onChange` with the element `data-source` names now, and again each time that changes
 * (it appears, is replaced, or goes), for the life of the page. An id lookup is a hash lookup,
 * so watching every DOM change costs next to nothing. Changes inside shadow roots (a web
 * component that makes its `<video>` when it upgrades, or swaps it) reach no observer on the
 * document, so while the named element exists but holds no video yet, or the video is in a
 * shadow root, the watcher also looks again every second.
 */
function watchSource(id: string, onChange: (el: Element | null) => void): void {
  let current: Element | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  const look = (): void => {
    const named = document.getElementById(id);
    const el = sourceElement(named);
    if (el !== current) {
      current = el;
      onChange(el);
    }
    const blind = el ? el.getRootNode() !== document : named !== null;
    if (blind && poll === null) poll = setInterval(look, SHADOW_RECHECK_MS);
    else if (!blind && poll !== null) {
      clearInterval(poll);
      poll = null;
    }
  };
  look();
  new MutationObserver(look).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
}

/** Attaches to the tag's element; null (after a reported error) when it is not a video, attaching failed, or `signal` aborted. */
async function attachTo(element: Element, config: ScriptConfig, signal: AbortSignal): Promise<DetectOverlay | null> {
  let video: HTMLVideoElement;
  try {
    video = asVideo(element, config.source!);
  } catch (error) {
    report(toDetectOverlayError(error, 'source-not-found', 'script tag'), element);
    return null;
  }
  try {
    return await attach(video, { ...config.options, signal });
  } catch (error) {
    if (!signal.aborted) report(toDetectOverlayError(error, 'model-load-failed', 'script tag'), video);
    return null;
  }
}

/**
 * Keeps the tag's overlay on the video its `data-source` names (or the first one inside that
 * element), for the life of the page: a video that appears late (after a "join" button) gets it,
 * a replaced one (a player that makes a new `<video>`) hands it on, a removed one loses it.
 * Resolves with the first overlay, or null when the first attach failed or nothing appeared
 * within WAIT_FOR_SOURCE_MS (reported, but the tag keeps watching).
 */
function autoAttach(tag: HTMLScriptElement): Promise<DetectOverlay | null> {
  let config: ScriptConfig;
  try {
    config = parseAttributes(attributeMap(tag), (m) => warn(m));
  } catch (error) {
    report(toDetectOverlayError(error, 'invalid-option', 'script tag'), document);
    return Promise.resolve(null);
  }
  const id = config.source;
  if (!id) return Promise.resolve(null);
  return new Promise((resolve) => {
    let first = true;
    let controller: AbortController | null = null;
    let overlay: Promise<DetectOverlay | null> = Promise.resolve(null);
    const timer = setTimeout(() => {
      if (!first) return;
      first = false;
      report(new DetectOverlayError('source-not-found',
        `data-source="${id}" matches no video (no element with that id, or one with no <video> inside; waited ${WAIT_FOR_SOURCE_MS / 1000} s for it to appear; still watching)`), document);
      resolve(null);
    }, WAIT_FOR_SOURCE_MS);
    watchSource(id, (element) => {
      // The element changed: the old overlay goes (a load in flight is aborted).
      controller?.abort();
      controller = null;
      void overlay.then((o) => o?.destroy());
      overlay = Promise.resolve(null);
      if (!element) return;
      controller = new AbortController();
      overlay = attachTo(element, config, controller.signal);
      if (first) {
        first = false;
        clearTimeout(timer);
        void overlay.then(resolve);
      }
    });
  });
}

function domReady(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/**
 * Attaches an overlay as `tag`'s data-* attributes say, once the DOM is ready; null when the tag
 * has no `data-source` or attaching failed (a `detect-overlay:error` event and a console error).
 * A page may carry several tags of this bundle (one per video): the first runs the bundle, and each
 * later one hands its tag here instead of starting a second TensorFlow.js (see rollup.config.js).
 */
export function attachTag(tag: HTMLScriptElement): Promise<DetectOverlay | null> {
  return tag.hasAttribute('data-source') ? domReady().then(() => autoAttach(tag)) : Promise.resolve(null);
}

/** The overlay the first script tag attached, once ready (see {@link attachTag}). */
export const auto: Promise<DetectOverlay | null> = script ? attachTag(script) : Promise.resolve(null);
