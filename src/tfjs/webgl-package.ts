/**
 * TF.js's WebGL backend package, imported when WebGL is chosen. The lean detection worker
 * (`detect-overlay.worker.js`, for machines where the model computes on the CPU) is built with
 * worker/webgl-absent.ts in this module's place, so it parses a third less code on every start;
 * `detect-overlay.worker-webgl.js` has it (see rollup.config.js).
 */

/** This build can run WebGL. */
export const webglIncluded = true;

/** Registers the WebGL backend (a chunk of its own in an app's build). */
export async function importWebgl(): Promise<void> {
  await import('@tensorflow/tfjs-backend-webgl');
}
