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

/**
 * Lines are gathered up to this many bytes, or for at most FLUSH_MS, before one write. A write of its own per line
 * (one request line each, to the file and to stdout) cost about 20 µs of the process's CPU each — a twentieth of a
 * ticket's creation — as each is a hand-off to libuv's thread pool and back.
 */
const GATHER_BYTES = 4096;
const FLUSH_MS = 100;
/** pino's level number of `error`: such a line (and whatever waits before it) is written at once. */
const ERROR_LEVEL = 50;

type Destination = ReturnType<typeof pino.destination>;

/** JSON lines to stdout (when asked) and to <data dir>/logs/ondesk.log, always. */
export function createLogger(options: { dataDir: string; level: string; stdout: boolean }): Logger {
  const dir = join(options.dataDir, 'logs');
  // Log lines name people, addresses and subjects: the desk's user only, whatever the umask.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const gathered = (dest: number) => pino.destination({ dest, sync: false, minLength: GATHER_BYTES });
  // Opened here, synchronously: the stream is ready at once, so a test or a shutdown that ends right away
  // never meets a log file still being opened (and a directory removed later cannot fail the open).
  const file = gathered(openSync(join(dir, 'ondesk.log'), 'a', 0o600));
  // A log file that cannot be written (disk full, data dir removed under us) is reported, never fatal:
  // losing log lines must not take the desk down with it.
  let reported = false;
  file.on('error', (err: Error) => {
    if (!reported) process.stderr.write(`ondesk: cannot write the log file: ${err.message}\n`);
    reported = true;
  });
  const destinations: Destination[] = [file];
  if (options.stdout) destinations.push(gathered(1));
  const streams = pino.multistream(destinations.map((stream) => ({ level: options.level as pino.Level, stream })));
  // pino's multistream has no flush(cb): `log.flush(cb)` (shutdown, tests) would answer before gathered lines are
  // written. This one answers once every destination has written what it holds.
  const flush = (cb?: (err?: Error) => void) => {
    let left = destinations.length;
    for (const d of destinations) d.flush(() => --left === 0 && cb?.());
  };
  // Armed by a line, so an idle desk wakes for nothing (sonic-boom's own periodic flush writes every time).
  let flushTimer: NodeJS.Timeout | null = null;
  const flushSoon = () => {
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      flush();
    }, FLUSH_MS).unref();
  };
  return pino(
    {
      level: options.level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      hooks: {
        // An error is written at once (a crash right after it must not take it along); process exit flushes
        // the rest synchronously (pino registers that for each destination).
        logMethod(args, method, level) {
          method.apply(this, args);
          if (level >= ERROR_LEVEL) flush();
          else flushSoon();
        },
      },
    },
    Object.assign(streams, { flush }),
  );
}
