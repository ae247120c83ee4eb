import { expect, test } from '@playwright/test';
import { attributeMap, parseAttributes } from '../../src/options/attributes.js';
import { DetectOverlayError } from '../../src/errors.js';
import { OPTION_KEYS } from '../../src/options/resolve.js';
import { OPTIONS } from '../../src/options/schema.js';

test('kebab-case attributes map to options with the right types', () => {
  const c = parseAttributes({
    'src': '/dist/detect-overlay.min.js',
    'data-source': 'cam',
    'data-score-threshold': '0.35',
    'data-sample-width': '480',
    'data-mirror': 'true',
    'data-max-fps': '10',
    'data-motion-threshold': '0.02',
    'data-detector': 'centernet',
    'data-model-url': '/models/centernet/centernet.json',
    'data-base': 'mobilenet_v2',
    'data-backend': 'wasm',
    'data-wasm-path': '/dist/',
    'data-classes': 'person, dog,,car ',
    'data-max-detections': '5',
    'data-worker': '',
    'data-worker-url': '/dist/detect-overlay.worker.js',
    'data-follow-motion': 'false',
  });
  expect(c.source).toBe('cam');
  expect(c.options).toEqual({
    scoreThreshold: 0.35, sampleWidth: 480, mirror: true, maxFps: 10, motionThreshold: 0.02, detector: 'centernet',
    modelUrl: '/models/centernet/centernet.json', base: 'mobilenet_v2', backend: 'wasm', wasmPaths: '/dist/',
    classes: ['person', 'dog', 'car'], maxDetections: 5, worker: true, workerUrl: '/dist/detect-overlay.worker.js', followMotion: false,
  });
});

test('the ancestor camelCase names work (HTML lower-cases them)', () => {
  const c = parseAttributes({ 'data-source': '#v', 'data-uploadwidth': '320', 'data-scorethreshold': '0.6', 'data-mirror': 'false' });
  expect(c).toEqual({ source: 'v', options: { sampleWidth: 320, scoreThreshold: 0.6, mirror: false } });
  expect(parseAttributes({ 'data-uploadWidth': '256', 'data-scoreThreshold': '0.1' }).options).toEqual({ sampleWidth: 256, scoreThreshold: 0.1 });
});

test('data-mirror: "false" is false, empty is true, "auto" is auto', () => {
  expect(parseAttributes({ 'data-mirror': 'false' }).options.mirror).toBe(false);
  expect(parseAttributes({ 'data-mirror': 'FALSE' }).options.mirror).toBe(false);
  expect(parseAttributes({ 'data-mirror': '' }).options.mirror).toBe(true);
  expect(parseAttributes({ 'data-mirror': 'auto' }).options.mirror).toBe('auto');
  expect(parseAttributes({ 'data-worker': 'auto' }).options.worker).toBe('auto');
  expect(parseAttributes({ 'data-worker': 'false' }).options.worker).toBe(false);
});

test('no data-source means no auto-attach', () => {
  expect(parseAttributes({ src: 'x.js' }).source).toBeUndefined();
  expect(parseAttributes({ 'data-source': '  ' }).source).toBeUndefined();
});

const bad: Array<[string, string, RegExp]> = [
  ['data-score-threshold', 'high', /data-score-threshold must be a number, got "high"/],
  ['data-score-threshold', '2', /data-score-threshold must be a number from 0 to 1, got "2"/],
  ['data-uploadWidth', '-5', /data-uploadWidth must be an integer from 32 to 4096, got "-5"/],
  ['data-mirror', 'sideways', /data-mirror must be true or false, got "sideways"/],
  ['data-detector', 'yolo', /data-detector must be one of .*"coco-ssd".*got "yolo"/],
  ['data-backend', 'gpu', /data-backend must be one of/],
  ['data-max-fps', '', /data-max-fps must be a number, got ""/],
  ['data-follow-motion', 'sometimes', /data-follow-motion must be true or false, got "sometimes"/],
];
for (const [name, value, message] of bad) {
  test(`a bad ${name}="${value}" is invalid-option naming the attribute`, () => {
    let error: unknown;
    try {
      parseAttributes({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DetectOverlayError);
    expect((error as DetectOverlayError).code).toBe('invalid-option');
    expect((error as DetectOverlayError).message).toMatch(message);
  });
}

test('unknown data attributes warn', () => {
  const warnings: string[] = [];
  parseAttributes({ 'data-colour': 'red', 'data-source': 'v' }, (m) => warnings.push(m));
  expect(warnings).toEqual(['unknown attribute data-colour ignored']);
});

test('attributeMap reads an attributes list', () => {
  expect(attributeMap({ attributes: [{ name: 'data-a', value: '1' }, { name: 'src', value: 'x' }] })).toEqual({ 'data-a': '1', src: 'x' });
});

test('every option with an attribute form is read from its kebab-case attribute, checked like the option', () => {
  // An attribute's text for each kind where the option has no default, and what it reads as.
  const samples: Record<string, [string, unknown]> = {
    number: ['0.5', 0.5], boolean: ['false', false], 'boolean-or-auto': ['auto', 'auto'], list: ['a, b', ['a', 'b']], string: ['/x', '/x'],
    json: ['{"person": 0.4}', { person: 0.4 }],
  };
  // JSON options each take their own shape.
  const own: Record<string, [string, unknown]> = {
    zones: ['[{"name": "door", "points": [[0, 0], [0.5, 0], [0.5, 1]]}]', [{ name: 'door', points: [[0, 0], [0.5, 0], [0.5, 1]], classes: undefined }]],
    lines: ['[{"name": "road", "from": [0, 0.5], "to": [1, 0.5]}]', [{ name: 'road', from: [0, 0.5], to: [1, 0.5], classes: undefined }]],
  };
  for (const key of OPTION_KEYS) {
    const { attribute: kind, default: fallback } = OPTIONS[key];
    if (kind === undefined) continue;
    const name = `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const [text, value] = own[key] ?? (fallback === undefined ? samples[kind]! : [String(fallback), fallback]);
    expect(parseAttributes({ [name]: text }).options, name).toEqual({ [key]: value });
  }
  // The newer ones: events only, a thicker line, a load timeout.
  expect(parseAttributes({ 'data-overlay': 'false', 'data-line-width': '4', 'data-load-timeout-ms': '0' }).options)
    .toEqual({ overlay: false, lineWidth: 4, loadTimeoutMs: 0 });
});

/** The message of the invalid-option error parsing `attributes` throws (fails the test when it does not throw, or throws another code). */
function invalidMessage(attributes: Record<string, string>): string {
  try {
    parseAttributes(attributes);
  } catch (error) {
    expect((error as DetectOverlayError).code).toBe('invalid-option');
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(attributes)} to throw`);
}

test('data-zones, data-lines and data-tracking: malformed JSON, a bad shape or a bad word is invalid-option naming the attribute', () => {
  const bad = (name: string, value: string): string => invalidMessage({ [name]: value });
  expect(bad('data-zones', '[{name: "door"}]')).toMatch(/attribute data-zones must be JSON/);
  expect(bad('data-lines', '[{"name": "road", "from": [0, 0.5]')).toMatch(/attribute data-lines must be JSON/);
  expect(bad('data-zones', '[{"name": "door", "points": [[0, 0], [2, 0], [0, 1]]}]')).toMatch(/data-zones.*zones\[0\] "door": point 1 is not \[x, y\] within 0\.\.1/);
  expect(bad('data-zones', '[{"name": "bow", "points": [[0, 0], [1, 1], [1, 0], [0, 1]]}]')).toMatch(/data-zones.*edges 0 and 2 cross/);
  expect(bad('data-lines', '[{"name": "dot", "from": [0.5, 0.5], "to": [0.5, 0.5]}]')).toMatch(/data-lines.*from and to are the same point/);
  expect(bad('data-zones', '{"name": "door"}')).toMatch(/data-zones/);
  expect(bad('data-tracking', 'sometimes')).toMatch(/attribute data-tracking/);
});

test('data-score-thresholds is JSON: malformed, huge or wrong JSON is invalid-option naming the attribute', () => {
  expect({ ...parseAttributes({ 'data-score-thresholds': '{"person": 0.4, "sports ball": 0.6}' }).options.scoreThresholds }).toEqual({ person: 0.4, 'sports ball': 0.6 });
  const bad = (value: string): string => invalidMessage({ 'data-score-thresholds': value });
  expect(bad('{person: 0.4}')).toMatch(/attribute data-score-thresholds must be JSON, got "\{person: 0\.4\}"/);
  expect(bad('[0.4]')).toMatch(/data-score-thresholds must be an object of class names to scores/);
  expect(bad('{"person": "high"}')).toMatch(/data-score-thresholds must be an object/);
  expect(bad(`{${'"a":0.5,'.repeat(20_000)}"b":0.5}`)).toMatch(/data-score-thresholds must be JSON of at most 100000 characters/);
  // A class named __proto__ is a class: an own key, nothing's prototype changed.
  const odd = parseAttributes({ 'data-score-thresholds': '{"__proto__": 0.5}' }).options.scoreThresholds!;
  expect(Object.entries(odd)).toEqual([['__proto__', 0.5]]);
  expect(Object.getPrototypeOf(odd)).toBeNull();
});
