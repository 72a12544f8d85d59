import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.js';
import type { DurablePath } from '../db/durability.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Attachments live under <data dir>/attachments/<2 hex>/<sha256>, named by their content hash: the same
 * file sent twice is stored once, and no user-supplied name ever reaches the file system.
 *
 * `put` answers only once the file and its directory entry are on stable storage (`durable`, an fsync), so a
 * row written after it never names a file that a power loss could take away. Files are 0600 and folders
 * 0700: mail and attachments are the clients' data, nobody else on the machine needs to read them.
 */
export class AttachmentStore {
  constructor(
    private readonly root: string,
    private readonly durable: DurablePath,
  ) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad content hash');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams `source` to disk, hashing as it goes; refuses more than `maxBytes` (413) and keeps nothing then. */
  async put(source: Readable, maxBytes: number): Promise<{ sha256: string; size: number }> {
    await this.folder(join(this.root, 'tmp'));
    const temp = join(this.root, 'tmp', randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes)
          return done(
            new AppError(
              413,
              'attachment_too_large',
              `The file is larger than the limit of ${Math.floor(maxBytes / 1024 / 1024)} MB`,
            ),
          );
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      if ((source as Readable & { truncated?: boolean }).truncated) {
        throw new AppError(
          413,
          'attachment_too_large',
          `The file is larger than the limit of ${Math.floor(maxBytes / 1024 / 1024)} MB`,
        );
      }
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      // The same content is stored already (a logo in every signature, a message received twice). A file gets
      // its hash's name only once its data is durable; its name may still be on its way to disk (another put
      // between its rename and its folder's fsync), so only the folder is synced.
      if (await exists(final)) {
        await rm(temp, { force: true });
        await this.durable(dirname(final));
        return { sha256, size };
      }
      await this.folder(dirname(final));
      // Data first, then the name: the hash's name never holds a partial file, not even when it replaces
      // a file a committed row already names (the same content stored again).
      await this.durable(temp);
      await rename(temp, final);
      await this.durable(dirname(final));
      return { sha256, size };
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** Creates a folder (0700); one that is new is made durable in its parent, as are its new parents. */
  private async folder(path: string): Promise<void> {
    const first = await mkdir(path, { recursive: true, mode: 0o700 });
    if (first === undefined) return;
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      await this.durable(dirname(dir));
      if (dir === resolve(first) || dir === dirname(dir)) break;
    }
  }

  async open(sha256: string): Promise<{ stream: Readable; size: number }> {
    const path = this.pathOf(sha256);
    const info = await stat(path);
    return { stream: createReadStream(path), size: info.size };
  }
}
