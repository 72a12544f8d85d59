import BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Runs in its own thread with its own connection: copies the WAL back into the database file when it has
 * grown, so the checkpoint's reads, writes and fsyncs never stall the request thread.
 */
const { file, thresholdBytes, intervalMs } = workerData as { file: string; thresholdBytes: number; intervalMs: number };
const db = new BetterSqlite3(file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL'); // syncs the WAL before the copy and the database file after it

const walSize = () => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

const timer = setInterval(() => {
  if (walSize() < thresholdBytes) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
}, intervalMs);

parentPort?.on('message', (msg) => {
  if (msg === 'stop') {
    clearInterval(timer);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } finally {
      db.close();
      parentPort?.postMessage('stopped');
    }
  }
});
