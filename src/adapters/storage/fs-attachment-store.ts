import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachmentStorageFailedError } from '../../domain/errors.ts';
import type { AttachmentStore, StoredFile } from '../../domain/ports/attachment-store.ts';

const STORED_NAME = /^[a-f0-9]{32}\.bin$/;
/** A file being written: renamed to a stored name once complete and synced to disk. */
const TEMP_NAME = /^\.tmp-[a-f0-9]{32}$/;

/** A file in the folder, as the cleanup job sees it. */
export interface FolderEntry {
  readonly name: string;
  readonly modifiedAt: Date;
  readonly sizeBytes: number;
}

class TooLargeError extends Error {}

/**
 * {@link AttachmentStore} in a folder: files named by random ids. A file is written under a
 * temporary name (`.tmp-<random>`) in the same folder, synced, then renamed, so a hard exit
 * mid-upload never leaves a file under a stored name; a failed save removes its temporary file.
 */
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
    const tempPath = join(this.folder, `.tmp-${randomBytes(16).toString('hex')}`);
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
      await pipeline(tracked(), meter, createWriteStream(tempPath, { flags: 'wx' }));
      await syncToDisk(tempPath);
      await rename(tempPath, this.pathOf(storedName));
    } catch (error) {
      await rm(tempPath, { force: true });
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
   * whose names this store would never generate, and temporary files, are not listed (and so never
   * removed as orphans).
   */
  async listStored(): Promise<{ storedName: string; modifiedAt: Date; sizeBytes: number }[]> {
    return (await this.entries(STORED_NAME)).map((e) => ({
      storedName: e.name,
      modifiedAt: e.modifiedAt,
      sizeBytes: e.sizeBytes,
    }));
  }

  /**
   * Temporary files of uploads (`.tmp-…`), with their modification time: one not written to for
   * long belongs to an upload cut off by a hard exit or a shutdown timeout.
   */
  async listTemporary(): Promise<FolderEntry[]> {
    return this.entries(TEMP_NAME);
  }

  /** Removes a temporary file (gone already: not an error); refuses any other name. */
  async removeTemporary(name: string): Promise<void> {
    if (!TEMP_NAME.test(name)) throw new Error(`Not a temporary upload name: ${name}`);
    await rm(join(this.folder, name), { force: true });
  }

  private async entries(pattern: RegExp): Promise<FolderEntry[]> {
    const out: FolderEntry[] = [];
    for (const name of await readdir(this.folder)) {
      if (!pattern.test(name)) continue;
      // Gone between listing and stat (removed, or renamed when its upload completed): skip it.
      const info = await stat(join(this.folder, name)).catch(() => null);
      if (info?.isFile()) out.push({ name, modifiedAt: info.mtime, sizeBytes: info.size });
    }
    return out;
  }

  private pathOf(storedName: string): string {
    // Stored names are generated here; anything else is refused so a path can never escape the folder.
    if (!STORED_NAME.test(storedName)) throw new Error(`Not a stored attachment name: ${storedName}`);
    return join(this.folder, storedName);
  }
}

/**
 * fsync of a written file (through a second descriptor: Node 20's write streams cannot sync before
 * they close), so the rename never publishes a name whose bytes are still only in memory.
 */
async function syncToDisk(path: string): Promise<void> {
  const file = await open(path, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}
