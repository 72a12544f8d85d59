import BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointerMessage, CheckpointerOptions } from './checkpointer.js';

/**
 * Runs in its own thread with its own connection: copies the WAL back into the database file when it has
 * grown, so the checkpoint's reads, writes and fsyncs never stall the request thread.
 *
 * Copying alone does not let the WAL start again from its beginning: SQLite restarts it only when a write
 * begins with every frame copied, and under steady writes new frames arrive while the copy runs. Left alone,
 * the request thread's own automatic checkpoint then ends the WAL's growth, inside a COMMIT, with every request
 * waiting behind its copy and fsync. So once the WAL holds `restartFrames`, this thread copies what it can while
 * writes go on, asks the request thread to hold its next write transaction for a moment ("quiet?"), copies the
 * few frames left and answers "restartable": the next write starts the WAL again from its first frame.
 */
const { file, thresholdBytes, intervalMs, restartFrames } = workerData as Required<CheckpointerOptions> & {
  file: string;
};
const db = new BetterSqlite3(file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL'); // syncs the WAL before the copy and the database file after it

const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
/** Copies what it can; `log` is the number of frames the WAL holds. */
const passive = () => checkpoint.get() as { log: number; checkpointed: number };
const post = (message: CheckpointerMessage) => parentPort?.postMessage(message);

const walSize = () => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

/** Set while the request thread is asked to hold its writes: no other copy starts meanwhile. */
let askedForQuiet = false;

const timer = setInterval(() => {
  if (askedForQuiet || walSize() < thresholdBytes) return;
  try {
    if (passive().log < restartFrames) return;
    // A second pass copies what arrived during the first, so the pause asked for next has little left to copy.
    passive();
    askedForQuiet = true;
    post('quiet?');
  } catch (err) {
    post({ error: (err as Error).message });
  }
}, intervalMs);

parentPort?.on('message', (msg) => {
  if (msg === 'quiet') {
    // No write transaction is open now: this pass copies every frame left, so the next write restarts the WAL.
    try {
      passive();
    } catch (err) {
      post({ error: (err as Error).message });
    } finally {
      askedForQuiet = false;
      post('restartable');
    }
  } else if (msg === 'stop') {
    clearInterval(timer);
    try {
      passive();
    } catch (err) {
      post({ error: (err as Error).message }); // the copy is made at the next start instead
    } finally {
      db.close();
      post('stopped');
    }
  }
});
