/**
 * HTTPS=1 for the demo server (scripts/serve.mjs, scripts/https-cert.mjs): a self-signed certificate
 * made once for localhost, 127.0.0.1 and the LAN addresses, kept, and served. Only 127.0.0.1 is contacted.
 */
import { expect, test } from '@playwright/test';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { ensureCertificate } from '../../scripts/https-cert.mjs';
import { startHttpsServe } from '../serve-https.js';

/** The certificate the server presents on 127.0.0.1, checked against `ca` (as a browser trusting it would). */
function presented(port: number, ca: string): Promise<{ authorized: boolean; fingerprint256: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve({ authorized: socket.authorized, fingerprint256: socket.getPeerCertificate().fingerprint256 });
      socket.end();
    });
    socket.on('error', reject);
  });
}

test('HTTPS=1: the server makes its certificate once (localhost, 127.0.0.1), serves the demo with it, and keeps it on restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-overlay-certs-'));
  try {
    const first = await startHttpsServe(dir);
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const x = new X509Certificate(cert);
    expect(x.subjectAltName).toContain('DNS:localhost');
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(first.out).toMatch(/made now/);
    const tls = await presented(first.port, cert);
    expect(tls).toEqual({ authorized: true, fingerprint256: x.fingerprint256 });
    const status = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port: first.port, path: '/demo/', ca: cert, servername: 'localhost' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);
    first.server.kill();
    const second = await startHttpsServe(dir);
    expect(second.out).toMatch(/kept/);
    expect((await presented(second.port, cert)).fingerprint256).toBe(x.fingerprint256);
    second.server.kill();
    // An address the certificate does not name (the machine joined another network): made again.
    const again = await ensureCertificate(dir, ['127.0.0.1', '10.9.8.7']);
    expect(again.made).toBe(true);
    expect(new X509Certificate(again.cert).subjectAltName).toContain('IP Address:10.9.8.7');
    expect((await ensureCertificate(dir, ['127.0.0.1', '10.9.8.7'])).made).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
