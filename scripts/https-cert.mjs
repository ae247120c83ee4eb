// The demo server's certificate for HTTPS=1 (browsers give a camera only to a secure context, so a
// phone opening the demo over the LAN needs HTTPS). Self-signed with the `selfsigned` package, for
// localhost, 127.0.0.1 and this machine's LAN addresses; kept in a git-ignored folder and made
// again only when it expires within a week or lacks an address the machine has now.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** This machine's IPv4 addresses other than loopback (where a phone on the LAN reaches it). */
export function lanAddresses() {
  return Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a.address);
}

/** Does `cert` (PEM) name every host in `dns` and `ips`, and stay valid for another week? */
function covers(cert, dns, ips) {
  const x = new X509Certificate(cert);
  if (Date.parse(x.validTo) < Date.now() + 7 * 24 * 3600e3) return false;
  const names = (x.subjectAltName ?? '').split(', ');
  return dns.every((d) => names.includes(`DNS:${d}`)) && ips.every((ip) => names.includes(`IP Address:${ip}`));
}

/** The SHA-256 of a certificate's public key, base64: what Chromium's --ignore-certificate-errors-spki-list takes. */
export function spkiHash(cert) {
  const der = createPublicKey(cert).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** The key and certificate in `dir` (made when missing, expiring, or not naming every address); `made` says whether it was made now. */
export async function ensureCertificate(dir, ips = ['127.0.0.1', ...lanAddresses()]) {
  const dns = ['localhost'];
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = readFileSync(certFile, 'utf8');
    try {
      if (covers(cert, dns, ips)) return { key: readFileSync(keyFile, 'utf8'), cert, made: false };
    } catch {
      // Unreadable: made again below.
    }
  }
  const pems = await generate([{ name: 'commonName', value: 'detect-overlay demo (self-signed)' }], {
    keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 24 * 3600e3),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))] },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, made: true };
}
