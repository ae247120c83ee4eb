/** What the browser offers TF.js: the WebGL renderer and WebAssembly. */
import type { BackendProbe } from '../core/backend-choice.js';

/** Probes WebGL's unmasked renderer and WASM support; the test context is released at once. */
export function probeBackends(): BackendProbe {
  let webglRenderer: string | null = null;
  try {
    // In the detection worker there is no document: TF.js uses an OffscreenCanvas there, and so do we.
    const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      webglRenderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    webglRenderer = null;
  }
  return { webglRenderer, wasm: typeof WebAssembly === 'object' };
}
