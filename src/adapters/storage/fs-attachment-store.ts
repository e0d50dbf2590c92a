import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachmentStorageFailedError } from '../../domain/errors.ts';
import type { AttachmentStore, StoredFile } from '../../domain/ports/attachment-store.ts';

const STORED_NAME = /^[a-f0-9]{32}\.bin$/;

class TooLargeError extends Error {}

/** {@link AttachmentStore} in a folder: files named by random ids, written via a temporary name. */
export class FsAttachmentStore implements AttachmentStore {
  constructor(private readonly folder: string) {}

  /** Creates the folder if needed; called once at start-up. */
  async init(): Promise<void> {
    await mkdir(this.folder, { recursive: true });
  }

  /** Whether the folder exists and this process may create files in it (for `/health`). */
  async writable(): Promise<boolean> {
    return access(this.folder, constants.W_OK).then(
      () => true,
      () => false,
    );
  }

  async save(content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile | { tooLarge: true }> {
    const storedName = `${randomBytes(16).toString('hex')}.bin`;
    const finalPath = this.pathOf(storedName);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new TooLargeError());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // Which side failed decides the answer: the upload stream ending early is the client's
    // problem (rethrown as it came); the file system failing (full, read-only, I/O) is the server's.
    let sourceFailed = false;
    async function* tracked(): AsyncIterable<Uint8Array> {
      try {
        yield* content;
      } catch (error) {
        sourceFailed = true;
        throw error;
      }
    }
    try {
      await pipeline(tracked(), meter, createWriteStream(finalPath, { flags: 'wx' }));
    } catch (error) {
      await rm(finalPath, { force: true });
      if (error instanceof TooLargeError) return { tooLarge: true };
      if (sourceFailed) throw error;
      throw new AttachmentStorageFailedError({ cause: error });
    }
    return { storedName, sizeBytes: size, sha256: hash.digest('hex') };
  }

  read(storedName: string): AsyncIterable<Uint8Array> {
    return createReadStream(this.pathOf(storedName));
  }

  async remove(storedName: string): Promise<void> {
    await rm(this.pathOf(storedName), { force: true });
  }

  /**
   * Every stored file with its modification time (for the cleanup of unreferenced files); files
   * whose names this store would never generate are not listed (and so never removed).
   */
  async listStored(): Promise<{ storedName: string; modifiedAt: Date; sizeBytes: number }[]> {
    const out: { storedName: string; modifiedAt: Date; sizeBytes: number }[] = [];
    for (const name of await readdir(this.folder)) {
      if (!STORED_NAME.test(name)) continue;
      const info = await stat(join(this.folder, name)).catch(() => null);
      if (info?.isFile()) out.push({ storedName: name, modifiedAt: info.mtime, sizeBytes: info.size });
    }
    return out;
  }

  private pathOf(storedName: string): string {
    // Stored names are generated here; anything else is refused so a path can never escape the folder.
    if (!STORED_NAME.test(storedName)) throw new Error(`Not a stored attachment name: ${storedName}`);
    return join(this.folder, storedName);
  }
}
