/**
 * WebGL context lost mid-run (GPU reset, driver update, too many contexts). Forced here with
 * WEBGL_lose_context on the context TF.js computes on. WebGL is software (SwiftShader) on this
 * machine, so the run on WebGL is short: attach, one detection, lose the context.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest, scaled } from './browser.js';

const t = pagePerTest();

test('WebGL context lost mid-run: the overlay moves to WASM, reloads the model, keeps detecting; nothing leaks', async () => {
  test.setTimeout(scaled(180_000));
  const r = await t.page.evaluate(async () => {
    const { clipVideo, until } = await import('/test/pages/fixtures.js' as string);
    const DO = (window as any).DetectOverlay;
    const tf = DO.tf;
    const nodesBefore = document.getElementsByTagName('*').length;
    const video = await clipVideo('pedestrians_640x480_10fps', document.body, 'width:320px');
    const overlay = await DO.attach(video, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'webgl', maxFps: 5, motion: false, tracking: false });
    // The user's own TF.js detector on the same backend: it must be disposed and loaded again.
    const mine = { name: 'mine', loads: 0, disposes: 0, async load() { this.loads++; }, async detect() { return []; }, dispose() { this.disposes++; } };
    const second = await DO.attach(video, { detector: mine, overlay: false, maxFps: 5 });
    const first = await new Promise<any>((res) => overlay.on('detections', res));
    const onWebgl = { backend: overlay.backend, tfBackend: tf.getBackend(), persons: first.detections.filter((d: any) => d.label === 'person').length };
    const errors: string[] = [];
    overlay.on('error', (e: any) => errors.push(e.code));
    second.on('error', (e: any) => errors.push(e.code));
    const changed = Promise.all([overlay, second].map((o) => new Promise<any>((res) => o.on('backendchange', res))));
    tf.backend().gpgpu.gl.getExtension('WEBGL_lose_context').loseContext();
    const [change, secondChange] = await changed;
    const after = await new Promise<any>((res) => overlay.on('detections', res));
    // A later attach asking for WebGL gets the live backend, not the dead context.
    const later = await DO.attach(video, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'webgl', overlay: false });
    const laterBackend = later.backend;
    const playing = !video.paused && video.currentTime > 0;
    later.destroy();
    second.destroy();
    overlay.destroy();
    overlay.destroy();
    video.remove();
    // Models are freed when their last inference settles.
    await until(() => tf.memory().numTensors === 0, 'the models to be freed').catch(() => {});
    return { onWebgl, change, secondChange, afterBackend: overlay.backend, tfBackend: tf.getBackend(), personsAfter: after.detections.filter((d: any) => d.label === 'person').length,
      laterBackend, mine: { loads: mine.loads, disposes: mine.disposes }, errors, playing,
      tensorsLeft: tf.memory().numTensors, liveBackendData: tf.engine().registry.wasm.numDataIds(), nodesLeft: document.getElementsByTagName('*').length - nodesBefore };
  });
  console.log(JSON.stringify(r));
  expect(r.onWebgl).toMatchObject({ backend: 'webgl', tfBackend: 'webgl' });
  expect(r.onWebgl.persons).toBeGreaterThan(0);
  expect(r.change).toMatchObject({ from: 'webgl', to: 'wasm', reason: 'context-lost' });
  expect(r.secondChange).toMatchObject({ from: 'webgl', to: 'wasm' });
  expect(r.afterBackend).toBe('wasm');
  expect(r.tfBackend).toBe('wasm');
  expect(r.personsAfter).toBeGreaterThan(0);
  expect(r.laterBackend).toBe('wasm');
  expect(r.mine).toEqual({ loads: 2, disposes: 1 });
  // The inference that was running on the dead context is dropped, not reported as a failure.
  expect(r.errors).toEqual([]);
  expect(r.playing).toBe(true);
  // Nothing is left, on the live backend or the dead one: the read TF.js had pending on the lost
  // context (a fence that never signals) was released, so its inference settled and freed its output.
  expect(r.liveBackendData).toBe(0);
  expect(r.tensorsLeft).toBe(0);
  expect(r.nodesLeft).toBe(0);
});
