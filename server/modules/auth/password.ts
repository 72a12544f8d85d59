import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.js';

/**
 * scrypt with the OWASP Password Storage Cheat Sheet parameters (N=2^17, r=8, p=1). The parameters travel
 * with the hash, so they can be raised later without invalidating stored passwords.
 */
const OWASP = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** The parameters of new hashes: OWASP's, unless this process is a test that chose cheap ones (below). */
let newHashParameters = OWASP;

/**
 * For test processes whose subject is not the password hash (the browser flows sign in and create people by
 * the dozen, 0.7 s of CPU each at OWASP's cost on a small machine): new hashes at N=2^10. Hashes made either
 * way verify, since verification reads the parameters stored with the hash. Neither the config nor the
 * environment can reach this: only code running in the same process, so an installation never hashes cheaply.
 */
export function useCheapPasswordHashesInThisTestProcess(): void {
  newHashParameters = { N: 2 ** 10, r: 8, p: 1 };
}

/**
 * The code of a hashing worker. It runs `scryptSync`, which occupies the worker's own thread: the async
 * `scrypt` would run on libuv's 4-thread pool, which the WAL fsync and file reads need too (40 logins with
 * unknown e-mails once held a ticket creation for 25 s). Plain CommonJS given as text, so the worker needs
 * no TypeScript loader and works the same from `tsx` and from the build.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', (task) => {
  try {
    const key = scryptSync(task.password, Buffer.from(task.salt), task.keyLength, task.options);
    parentPort.postMessage({ id: task.id, key });
  } catch (err) {
    parentPort.postMessage({ id: task.id, error: String(err && err.message || err) });
  }
});
`;

interface Task {
  id: number;
  password: string;
  salt: Uint8Array;
  keyLength: number;
  options: { N: number; r: number; p: number; maxmem: number };
  resolve(key: Buffer): void;
  reject(err: Error): void;
}

/** How long a refused caller is asked to wait (Retry-After), in seconds. */
export const HASH_BUSY_RETRY_SECONDS = 2;

/** Thrown when the hashing queue is full: answered 503 with Retry-After instead of waiting without bound. */
export class HashPoolBusyError extends AppError {
  readonly retryAfterSeconds = HASH_BUSY_RETRY_SECONDS;
  constructor() {
    super(
      503,
      'busy',
      `The desk is checking too many passwords right now; try again in ${HASH_BUSY_RETRY_SECONDS} seconds`,
    );
  }
}

/** What has been hashed, process-wide: tests and the bench read it to see how many checks a flood caused. */
export const hashingStats = { verifications: 0, hashes: 0 };

export interface HashPoolOptions {
  /** Worker threads that run scrypt (each holds up to 128 MiB while hashing). */
  workers: number;
  /** Hashes waiting for a worker; one more is refused with HashPoolBusyError. */
  queue: number;
  /**
   * How long a worker may stay idle before it ends (ms). A worker's thread keeps its V8 heap and its malloc arena
   * (about 10 MB together after a sign-in flood) for as long as it lives; starting one again costs some tens of
   * milliseconds against a hash of some hundreds.
   */
  idleMs?: number;
}

/** Idle workers end after this long unless the pool says otherwise: a little after the desk counts as quiet. */
export const HASH_WORKER_IDLE_MS = 4000;

interface Slot {
  worker: Worker;
  task: Task | null;
  /** Set while the worker is idle: ends it when it has been idle for idleMs. */
  retireTimer: NodeJS.Timeout | null;
}

/**
 * A bounded executor for scrypt: a few worker threads and a bounded queue. Idle workers do not keep the
 * process alive (they are unref'd); busy ones do, so a CLI command that hashes a password finishes its hash.
 */
export class HashPool {
  private readonly workers: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly options: HashPoolOptions) {}

  /** Tasks running or waiting. */
  get load(): number {
    return this.waiting.length + this.workers.filter((w) => w.task).length;
  }

  derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('The password hashing pool is closed'));
    const idle = this.idleWorker();
    if (!idle && this.waiting.length >= this.options.queue) return Promise.reject(new HashPoolBusyError());
    return new Promise<Buffer>((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        password: password.normalize('NFC'),
        salt: new Uint8Array(salt),
        keyLength: KEY_LENGTH,
        options: { ...params, maxmem: 256 * params.N * params.r },
        resolve,
        reject,
      };
      if (idle) this.run(idle, task);
      else this.waiting.push(task);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new Error('The password hashing pool is closed'));
    const workers = this.workers.splice(0);
    for (const w of workers) if (w.retireTimer) clearTimeout(w.retireTimer);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  private idleWorker() {
    const idle = this.workers.find((w) => !w.task);
    if (idle || this.workers.length >= Math.max(1, this.options.workers)) return idle;
    const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true }), task: null, retireTimer: null };
    slot.worker.unref();
    slot.worker.on('message', (msg: { id: number; key?: Uint8Array; error?: string }) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      slot.task = null;
      if (msg.error !== undefined) task.reject(new Error(msg.error));
      else task.resolve(Buffer.from(msg.key!));
      this.next(slot);
    });
    slot.worker.on('error', (err) => {
      // A crashed worker fails its task and is replaced on the next call.
      const i = this.workers.indexOf(slot);
      if (i >= 0) this.workers.splice(i, 1);
      if (slot.retireTimer) clearTimeout(slot.retireTimer);
      slot.task?.reject(err instanceof Error ? err : new Error(String(err)));
      slot.task = null;
      const task = this.waiting.shift();
      if (task) {
        const other = this.idleWorker();
        if (other) this.run(other, task);
        else this.waiting.unshift(task);
      }
    });
    this.workers.push(slot);
    return slot;
  }

  private run(slot: Slot, task: Task) {
    if (slot.retireTimer) clearTimeout(slot.retireTimer);
    slot.retireTimer = null;
    slot.task = task;
    slot.worker.ref();
    const { resolve: _resolve, reject: _reject, ...message } = task;
    slot.worker.postMessage(message);
  }

  private next(slot: Slot) {
    const task = this.waiting.shift();
    if (task) return this.run(slot, task);
    slot.worker.unref();
    slot.retireTimer = setTimeout(() => this.retire(slot), this.options.idleMs ?? HASH_WORKER_IDLE_MS);
    slot.retireTimer.unref();
  }

  /** Ends an idle worker; the next hash starts a new one. */
  private retire(slot: Slot) {
    const i = this.workers.indexOf(slot);
    if (i < 0 || slot.task) return;
    this.workers.splice(i, 1);
    void slot.worker.terminate();
  }

  /** Worker threads alive now (tests; the support bundle's figures). */
  get threads(): number {
    return this.workers.length;
  }
}

/** The pool of everything that is not a sign-in (agent creation, password changes, the CLI). */
let sharedPool: HashPool | null = null;
function defaultPool(): HashPool {
  sharedPool ??= new HashPool({ workers: 1, queue: 64 });
  return sharedPool;
}

export async function hashPassword(password: string, pool: HashPool = defaultPool()): Promise<string> {
  const salt = randomBytes(16);
  hashingStats.hashes++;
  const { N, r, p } = newHashParameters;
  const key = await pool.derive(password, salt, newHashParameters);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(
  password: string,
  stored: string,
  pool: HashPool = defaultPool(),
): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  hashingStats.verifications++;
  const actual = await pool.derive(password, Buffer.from(saltB64, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password: verifying against it costs the same as a real one (unknown e-mails). */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64'));
  decoy.catch(() => (decoy = null));
  return decoy;
}

export const passwordPolicy = { minLength: 10, maxLength: 256 };
export function passwordProblem(password: string): string | null {
  if (password.length < passwordPolicy.minLength)
    return `The password must have at least ${passwordPolicy.minLength} characters`;
  if (password.length > passwordPolicy.maxLength)
    return `The password must have at most ${passwordPolicy.maxLength} characters`;
  return null;
}
