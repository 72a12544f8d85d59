import type { Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tempDir } from '../helpers/installation.js';

/**
 * A real TLS server on 127.0.0.1 with a self-signed certificate made by the openssl CLI for 40 days, closed
 * after the test: what the live certificate check shakes hands with.
 */
export function selfSignedServer(t: Test): Promise<{ server: Server; port: number; validTo: Date }> {
  const dir = tempDir(t, 'ondesk-tls-');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '40',
      '-subj',
      '/CN=localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const pem = readFileSync(cert);
  const server = createServer({ key: readFileSync(key), cert: pem }, (socket) => socket.end());
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      t.teardown(() => new Promise<void>((done) => server.close(() => done())));
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        validTo: new Date(new X509Certificate(pem).validTo),
      });
    });
  });
}
