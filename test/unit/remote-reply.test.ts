import { expect, test } from '@playwright/test';
import { parseRemoteReply } from '../../src/core/remote-reply.js';
import { resolveOptions } from '../../src/options/resolve.js';
import { parseAttributes } from '../../src/options/attributes.js';

test('the ancestor format: x, y, width, height are left, top, right, bottom fractions', () => {
  const out = parseRemoteReply([{ class_name: 'person', score: 0.9, x: 0.25, y: 0.25, width: 0.5, height: 0.75 }], 640, 480);
  expect(out).toEqual([{ label: 'person', score: 0.9, bbox: [160, 120, 160, 240] }]);
});

test('our own Detection[] format passes through in frame pixels', () => {
  expect(parseRemoteReply([{ label: 'dog', score: 0.8, bbox: [10, 20, 30, 40] }], 640, 480))
    .toEqual([{ label: 'dog', score: 0.8, bbox: [10, 20, 30, 40] }]);
  expect(parseRemoteReply([], 640, 480)).toEqual([]);
});

test('anything else is a detection-failed error quoting the reply', () => {
  expect(() => parseRemoteReply({ error: 'busy' }, 1, 1)).toThrow(/detection-failed: .*not a JSON array: \{"error":"busy"\}/);
  expect(() => parseRemoteReply([{ class_name: 'x', score: '1' }], 1, 1)).toThrow(/item 0 is neither/);
  expect(() => parseRemoteReply([null], 1, 1)).toThrow(/item 0/);
});

test('apiServer implies the remote detector; remote without apiServer is refused', () => {
  expect(resolveOptions({ apiServer: '/detect' })).toMatchObject({ detector: 'remote', apiServer: '/detect', requestTimeoutMs: 5000 });
  expect(() => resolveOptions({ detector: 'remote' })).toThrow(/invalid-option: .*no "apiServer"/);
  expect(() => resolveOptions({ apiServer: '/d', requestTimeoutMs: 5 })).toThrow(/requestTimeoutMs/);
});

test('data-apiServer (the ancestor\'s spelling) and data-api-server both work', () => {
  expect(parseAttributes({ 'data-apiserver': 'http://localhost:5000/image' }).options).toEqual({ apiServer: 'http://localhost:5000/image' });
  expect(parseAttributes({ 'data-api-server': '/detect', 'data-request-timeout-ms': '2000' }).options).toEqual({ apiServer: '/detect', requestTimeoutMs: 2000 });
});
