/**
 * The one place for state shared by every overlay of a page (or of the detection worker, which
 * has its own): the TF.js backend and who holds it, the loaded models overlays share, the bundle's
 * folder, and the warnings already shown. Everything else belongs to one overlay and dies with it.
 * Nothing else in src/ keeps mutable state at module level (test/unit/limits.test.ts checks).
 */
import { BackendManager } from './tfjs/backend-manager.js';
import { ModelCache } from './detector/model-cache.js';
import { bundleBase } from './net/urls.js';

class Registry {
  /**
   * The folder the bundle is served from, when the script tag (or the worker's same-origin
   * stand-in) says so; else the module's own folder is used (`bundleBase`).
   */
  givenBundleFolder: string | undefined;
  readonly backends = new BackendManager(() => this.bundleFolder());
  readonly models = new ModelCache(() => this.backends.generation);
  /** Warnings shown once per page, not once per overlay. */
  readonly warned = new Set<string>();

  bundleFolder(): string | undefined {
    return bundleBase(this.givenBundleFolder);
  }
}

export const registry = new Registry();

/** Lets the script-tag entry say where its own file (and the .wasm files beside it) live. */
export function setDefaultWasmBase(url: string): void {
  registry.givenBundleFolder = url;
}
