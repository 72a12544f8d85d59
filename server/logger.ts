import { mkdirSync } from 'node:fs';
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
  mkdirSync(dir, { recursive: true });
  const streams: pino.StreamEntry[] = [{ level: options.level as pino.Level, stream: pino.destination({ dest: join(dir, 'ondesk.log'), mkdir: true, sync: false }) }];
  if (options.stdout) streams.push({ level: options.level as pino.Level, stream: pino.destination({ dest: 1, sync: false }) });
  return pino(
    { level: options.level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { pid: process.pid } },
    pino.multistream(streams),
  );
}
