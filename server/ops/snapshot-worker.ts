import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

// One statement, one read transaction: a consistent copy however many writers commit meanwhile (WAL lets
// them), unlike the page-by-page backup API, which restarts whenever another connection writes.
const { source, target } = workerData as { source: string; target: string };
try {
  const db = new BetterSqlite3(source, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.prepare('VACUUM INTO ?').run(target);
  db.close();
  parentPort!.postMessage({ ok: true });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message });
}
