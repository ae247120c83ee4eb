/**
 * Stands in for tfjs/webgl-package.ts in the lean detection worker (`detect-overlay.worker.js`):
 * no WebGL backend. The page starts `detect-overlay.worker-webgl.js` instead when the worker would
 * compute on WebGL (see core/backend-choice.ts `workerRunsWebgl`).
 */

/** This build can run WebGL. */
export const webglIncluded = false;

export function importWebgl(): Promise<void> {
  return Promise.reject(new Error('this worker script has no WebGL backend (detect-overlay.worker-webgl.js has)'));
}
