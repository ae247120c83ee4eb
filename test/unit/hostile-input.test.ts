/**
 * Hostile and broken input at the SDK's edges, in Node: what a detector returns, a model's
 * manifest, attribute names, options, and whatever a loader throws. Each case gets a coded error
 * naming the bad part, or is ignored with a warning; none crashes or hangs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { checkedModelFiles } from '../../src/tfjs/model-files.js';
import { checkDetectorResult, MAX_DETECTIONS } from '../../src/core/detector-result.js';
import { checkModelJson, checkWeightBytes, MAX_WEIGHT_VALUES } from '../../src/core/weights-manifest.js';
import { parseAttributes } from '../../src/options/attributes.js';
import { resolveOptions } from '../../src/options/resolve.js';
import { describeThrown, toDetectOverlayError } from '../../src/errors.js';
import { MAX_LABEL_CHARS, shownLabel } from '../../src/core/labels.js';
import { labelText } from '../../src/dom/box-painter.js';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
};

test('what a detector returns: null, a non-array, bad items and out-of-range scores are detection-failed naming the item', () => {
  expect(code(() => checkDetectorResult(null, 'mine'))).toMatch(/^detection-failed: .*"mine" returned null from detect\(\); expected an array/);
  expect(code(() => checkDetectorResult({ label: 'x' }, 'mine'))).toMatch(/^detection-failed: .*returned \{"label":"x"\}/);
  expect(code(() => checkDetectorResult([{ label: 'a', score: 0.5, bbox: [0, 0, 1, 1] }, { label: 3 }], 'mine'))).toMatch(/item 1 that is not/);
  expect(code(() => checkDetectorResult([{ label: 'a', score: 0.5, bbox: [0, 0, Number.NaN, 1] }], 'mine'))).toMatch(/item 0/);
  expect(code(() => checkDetectorResult([{ label: 'a', score: 5, bbox: [0, 0, 1, 1] }], 'remote'))).toMatch(/item 0 \("a"\) with score 5; scores are 0\.\.1/);
  expect(code(() => checkDetectorResult([{ label: 'a', score: 1e308, bbox: [0, 0, 1, 1] }], 'remote'))).toMatch(/score 1e\+308/);
  expect(code(() => checkDetectorResult(Array.from({ length: MAX_DETECTIONS + 1 }, () => ({ label: 'a', score: 0.5, bbox: [0, 0, 1, 1] })), 'mine')))
    .toMatch(/1001 detections for one frame; at most 1000/);
  // Good input comes back copied (a detector may reuse its objects).
  const bbox = [1, 2, 3, 4];
  const out = checkDetectorResult([{ label: 'person', score: 0.9, bbox, extra: 1 }], 'mine');
  expect(out).toEqual([{ label: 'person', score: 0.9, bbox: [1, 2, 3, 4] }]);
  expect(out[0]!.bbox).not.toBe(bbox);
  expect(checkDetectorResult([], 'mine')).toEqual([]);
});

test('labels: drawn at most MAX_LABEL_CHARS characters, with an ellipsis; the data keeps the full text', () => {
  const huge = 'x'.repeat(1 << 20);
  expect(shownLabel(huge)).toHaveLength(MAX_LABEL_CHARS);
  expect(shownLabel(huge).endsWith('…')).toBe(true);
  expect(labelText({ label: huge, score: 0.5, bbox: [0, 0, 1, 1] })).toBe(`${'x'.repeat(MAX_LABEL_CHARS - 1)}… 50%`);
  expect(shownLabel('person')).toBe('person');
  expect(checkDetectorResult([{ label: huge, score: 0.5, bbox: [0, 0, 1, 1] }], 'remote')[0]!.label).toHaveLength(1 << 20);
  // An error about a huge label quotes only its start.
  expect(code(() => checkDetectorResult([{ label: huge, score: 2, bbox: [0, 0, 1, 1] }], 'remote')).length).toBeLessThan(300);
});

const model = (weights: unknown[], paths: unknown[] = ['w.bin']) => ({ modelTopology: {}, weightsManifest: [{ paths, weights }] });

test('a model manifest: absurd shapes, unknown dtypes and paths that leave the model are model-load-failed naming the weight', () => {
  const url = 'http://h/m/model.json';
  const bad = (json: unknown) => code(() => checkModelJson(json, url));
  expect(bad(model([{ name: 'evil', shape: [1e12], dtype: 'string' }]))).toMatch(/^model-load-failed: .*weight "evil" declares 1000000000000 values/);
  expect(bad(model([{ name: 'w', shape: [2 ** 15, 2 ** 14], dtype: 'float32' }]))).toMatch(new RegExp(`more than the ${MAX_WEIGHT_VALUES}`));
  expect(bad(model([{ name: 'w', shape: [-1], dtype: 'float32' }]))).toMatch(/weight "w" has shape \[-1\]/);
  expect(bad(model([{ name: 'w', shape: [1.5], dtype: 'float32' }]))).toMatch(/shape \[1\.5\]/);
  expect(bad(model([{ name: 'w', shape: [2], dtype: 'float64' }]))).toMatch(/weight "w" has dtype "float64"; known: float32/);
  expect(bad(model([{ name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'int4' } }]))).toMatch(/quantization/);
  expect(bad(model([{ name: 'w', shape: [2], dtype: 'float32' }], ['http://evil.example/w.bin']))).toMatch(/path "http:\/\/evil\.example\/w\.bin" is not a path relative/);
  expect(bad(model([{ name: 'w', shape: [2], dtype: 'float32' }], ['/etc/passwd']))).toMatch(/is not a path relative/);
  expect(bad({ weightsManifest: [] })).toMatch(/no "modelTopology"/);
  expect(bad('<html>')).toMatch(/no "modelTopology"/);
  expect(bad({ modelTopology: {}, weightsManifest: {} })).toMatch(/"weightsManifest" is \{\}, not an array/);
  // Summed across weights, 2 x 600 MB is over the byte cap.
  const big = { name: 'big', shape: [150_000_000], dtype: 'float32' };
  expect(bad(model([big, { ...big, name: 'big2' }]))).toMatch(/more than 1073741824 bytes \(at weight "big2"\)/);
});

test('a model manifest that checks out: byte counts, quantised sizes, and the weight files compared with it', () => {
  const url = 'http://h/m/model.json';
  const plan = checkModelJson(model([
    { name: 'a', shape: [2, 3], dtype: 'float32' },
    { name: 'b', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', min: 0, scale: 1 } },
    { name: 'c', shape: [], dtype: 'int32' },
  ], ['g1.bin', 'g2.bin']), url);
  expect(plan).toMatchObject({ paths: ['g1.bin', 'g2.bin'], bytes: 24 + 4 + 4, exact: true });
  expect(code(() => checkWeightBytes(plan, 32, url))).toBe('none');
  expect(code(() => checkWeightBytes(plan, 26, url))).toMatch(/^model-load-failed: \[detect-overlay\] model-load-failed: the weight files of http:\/\/h\/m\/model\.json hold 26 bytes, but its manifest declares 32: they end inside weight "b"/);
  expect(code(() => checkWeightBytes(plan, 40, url))).toMatch(/hold 40 bytes, more than the 32/);
  const strings = checkModelJson(model([{ name: 's', shape: [3], dtype: 'string' }]), url);
  expect(strings).toMatchObject({ bytes: 12, exact: false });
  expect(code(() => checkWeightBytes(strings, 100, url))).toBe('none');
  expect(code(() => checkWeightBytes(strings, 8, url))).toMatch(/declares at least 12/);
});

test('attribute names that are Object.prototype members are unknown attributes, with a warning', () => {
  const warnings: string[] = [];
  const c = parseAttributes({ 'data-constructor': 'x', 'data-__proto__': 'y', 'data-to-string': 'z', 'data-has-own-property': '1', 'data-max-fps': '5' }, (m) => warnings.push(m));
  expect(c.options).toEqual({ maxFps: 5 });
  expect(Object.getPrototypeOf(c.options)).toBe(Object.prototype);
  expect(warnings).toEqual(['unknown attribute data-constructor ignored', 'unknown attribute data-__proto__ ignored',
    'unknown attribute data-to-string ignored', 'unknown attribute data-has-own-property ignored']);
});

test('apiServer: http(s) or a relative path; javascript:, data: and other schemes are invalid-option', () => {
  for (const ok of ['/detect', 'detect', 'http://127.0.0.1:5000/detect', 'https://example.com/d', '//cdn.example/d']) {
    expect(resolveOptions({ apiServer: ok }).apiServer).toBe(ok);
  }
  for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/plain,x', 'file:///etc/passwd', 'ftp://h/x']) {
    expect(code(() => resolveOptions({ apiServer: bad }))).toMatch(/^invalid-option: .*"apiServer" must be an http\(s\) URL or a path relative to the page/);
  }
});

test('whatever a loader throws becomes a message worth reading', () => {
  expect(describeThrown({ status: 500 })).toBe('a thrown {"status":500}');
  expect(describeThrown({ message: 'server said no' })).toBe('server said no');
  expect(describeThrown('plain text')).toBe('plain text');
  expect(describeThrown(undefined)).toBe('a thrown undefined');
  expect(describeThrown(Object.create(null))).toBe('a thrown {}');
  expect(toDetectOverlayError({ code: 7 }, 'model-load-failed', 'attach() failed').message).toBe('[detect-overlay] model-load-failed: attach() failed: a thrown {"code":7}');
});

test('a model host that never answers: the load fails with model-load-failed at loadTimeoutMs and the request is closed', async () => {
  // Connections, as the server sees them: the request is made, never answered, then given up.
  let opened = 0;
  let closed = 0;
  const server = createServer(() => {}); // never answers
  server.on('connection', (socket) => {
    opened++;
    socket.on('close', () => { closed++; });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.json`;
  try {
    // Long enough for the request to reach the server on a busy machine (a shorter one may fire before it connects).
    const error = await checkedModelFiles(url, {}, 1000).load!().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/fetching http:\/\/127\.0\.0\.1:\d+\/model\.json did not finish within 1000 ms \(loadTimeoutMs\)/) });
    await expect.poll(() => ({ opened: opened > 0, allClosed: closed === opened })).toEqual({ opened: true, allClosed: true });
    // The caller's own abort stays an abort.
    const controller = new AbortController();
    const pending = checkedModelFiles(url, { signal: controller.signal }, 60_000).load!().catch((e: unknown) => e);
    controller.abort();
    expect(await pending).toMatchObject({ code: 'aborted' });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
