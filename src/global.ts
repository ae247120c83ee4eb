/**
 * Script-tag entry (`dist/detect-overlay.min.js`, global `DetectOverlay`). If its own tag has
 * `data-source`, it attaches on DOMContentLoaded (at once when the page has already loaded)
 * with options from the tag's data-* attributes. A video added after the script is waited for.
 */
import { attach, type DetectOverlay } from './pipeline.js';
import { attributeMap, parseAttributes } from './core/attributes.js';
import { setDefaultWasmBase } from './detector/backend.js';
import { DetectOverlayError, toDetectOverlayError } from './errors.js';
import { asVideo } from './dom/source.js';
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
  target.dispatchEvent(new CustomEvent('detect-overlay:error', { detail: error, bubbles: true }));
}

function waitForElement(id: string): Promise<Element | null> {
  const found = document.getElementById(id);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const el = document.getElementById(id);
      if (el) finish(el);
    });
    const timer = setTimeout(() => finish(null), WAIT_FOR_SOURCE_MS);
    function finish(el: Element | null): void {
      observer.disconnect();
      clearTimeout(timer);
      resolve(el);
    }
    observer.observe(document.documentElement, { childList: true, subtree: true });
  });
}

async function autoAttach(tag: HTMLScriptElement): Promise<DetectOverlay | null> {
  let config;
  try {
    config = parseAttributes(attributeMap(tag), (m) => warn(m));
  } catch (error) {
    report(toDetectOverlayError(error, 'invalid-option', 'script tag'), document);
    return null;
  }
  if (!config.source) return null;
  const element = await waitForElement(config.source);
  if (!element) {
    report(new DetectOverlayError('source-not-found',
      `data-source="${config.source}" matches no element (waited ${WAIT_FOR_SOURCE_MS / 1000} s for it to appear)`), document);
    return null;
  }
  let video: HTMLVideoElement;
  try {
    video = asVideo(element, config.source);
  } catch (error) {
    report(toDetectOverlayError(error, 'source-not-found', 'script tag'), element ?? document);
    return null;
  }
  try {
    return await attach(video, config.options);
  } catch (error) {
    report(toDetectOverlayError(error, 'model-load-failed', 'script tag'), video);
    return null;
  }
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
