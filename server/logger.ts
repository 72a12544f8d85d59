import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/** Fields that may hold a secret. pino replaces them before a line is written anywhere. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.smtpUrl',
  'password',
  'token',
];

/** JSON lines to stdout (when asked) and to <data dir>/logs/ondesk.log, always. */
export function createLogger(options: { dataDir: string; level: string; stdout: boolean }): Logger {
  const dir = join(options.dataDir, 'logs');
  // Log lines name people, addresses and subjects: the desk's user only, whatever the umask.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Opened here, synchronously: the stream is ready at once, so a test or a shutdown that ends right away
  // never meets a log file still being opened (and a directory removed later cannot fail the open).
  const file = pino.destination({ dest: openSync(join(dir, 'ondesk.log'), 'a', 0o600), sync: false });
  // A log file that cannot be written (disk full, data dir removed under us) is reported, never fatal:
  // losing log lines must not take the desk down with it.
  let reported = false;
  file.on('error', (err: Error) => {
    if (!reported) process.stderr.write(`ondesk: cannot write the log file: ${err.message}\n`);
    reported = true;
  });
  const streams: pino.StreamEntry[] = [{ level: options.level as pino.Level, stream: file }];
  if (options.stdout)
    streams.push({ level: options.level as pino.Level, stream: pino.destination({ dest: 1, sync: false }) });
  return pino(
    { level: options.level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { pid: process.pid } },
    pino.multistream(streams),
  );
}
