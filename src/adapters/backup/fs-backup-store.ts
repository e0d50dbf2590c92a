import type { AuditChainHead } from '../../domain/audit-seal.ts';
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type BackupDatabase,
  databaseFileName,
  databaseHasRows,
  dumpDatabase,
  restoreDatabase,
} from './database-dumper.ts';
import {
  BackupInvalidError,
  listFiles,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  readManifest,
  sha256File,
  verifyBackup,
  type Manifest,
  type ManifestFile,
} from './manifest.ts';
import type { ProgressListener } from '../../domain/ports/progress-listener.ts';

const PREFIX = 'tf-backup-';
const PARTIAL = '.partial-';
const ABANDONED_PARTIAL_MS = 24 * 3600_000;

/** What one backup did. */
export interface BackupReport {
  readonly name: string;
  readonly dir: string;
  readonly databaseBytes: number;
  readonly filesCopied: number;
  readonly filesLinked: number;
  readonly bytesCopied: number;
  /** The upload files in the backup, copied or hard-linked: with {@link databaseBytes}, the backup's size. */
  readonly uploadBytes: number;
  readonly databaseMs: number;
  readonly filesMs: number;
}

/** A finished backup as listed. */
export interface BackupEntry {
  readonly name: string;
  readonly dir: string;
  readonly createdAt: Date;
}

/** Restore refused because the target already holds data and `force` was not given. */
export class RestoreRefusedError extends Error {
  readonly code = 'RESTORE_TARGET_NOT_EMPTY';
  override name = 'RestoreRefusedError';
}

/**
 * Backups as folders under one root: `tf-backup-<UTC time>/` holding the database dump, `uploads/`
 * and `manifest.json` (sizes and SHA-256 of every file). A backup is built in a `.partial-` folder
 * and renamed when complete, so a crash never leaves something that looks finished. Uploads whose
 * size and modification time match the previous backup are hard-linked from it instead of copied
 * (copied when the file system cannot link).
 */
export class FsBackupStore {
  constructor(private readonly root: string) {}

  async create(options: {
    database: BackupDatabase;
    uploadsDir: string;
    now: Date;
    signal?: AbortSignal;
    /** Told stage `database` (the dump's bytes), then `uploads` (files copied or linked, of all). */
    onProgress?: ProgressListener;
    /**
     * The audit chain's head read just before the dump (so the dump holds at least that much), kept
     * in the manifest: an anchor outside the database for `npm run audit -- verify --anchor`.
     */
    auditChainHead?: AuditChainHead | null;
  }): Promise<BackupReport> {
    await mkdir(this.root, { recursive: true });
    const stamp = options.now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    let name = `${PREFIX}${stamp}`;
    if (await exists(join(this.root, name))) name = `${name}-${randomBytes(2).toString('hex')}`;
    const work = join(this.root, `${PARTIAL}${name}`);
    await mkdir(join(work, 'uploads'), { recursive: true });
    try {
      const previous = await this.latestManifest();
      const dbFile = databaseFileName(options.database.dialect);
      const t0 = performance.now();
      // Database first, then files: every file a row of the snapshot points to was written before
      // that row was committed, so it is already there to copy.
      const dumped = (done: number) => options.onProgress?.({ stage: 'database', done, unit: 'bytes' });
      dumped(0);
      await dumpDatabase(options.database, join(work, dbFile), dumped);
      const dbEntry = await describeFile(work, dbFile);
      dumped(dbEntry.size);
      const t1 = performance.now();
      options.signal?.throwIfAborted();
      const copied = await this.copyUploads(options.uploadsDir, join(work, 'uploads'), previous, options);
      const t2 = performance.now();
      const manifest: Manifest = {
        format: MANIFEST_FORMAT,
        name,
        createdAt: options.now.toISOString(),
        dialect: options.database.dialect,
        databaseFile: dbFile,
        files: [dbEntry, ...copied.files],
        ...(options.auditChainHead && { auditChainHead: options.auditChainHead }),
      };
      await writeFile(join(work, `${MANIFEST_FILE}.tmp`), JSON.stringify(manifest, null, 1));
      await rename(join(work, `${MANIFEST_FILE}.tmp`), join(work, MANIFEST_FILE));
      await rename(work, join(this.root, name));
      return {
        name,
        dir: join(this.root, name),
        databaseBytes: dbEntry.size,
        filesCopied: copied.copied,
        filesLinked: copied.linked,
        bytesCopied: copied.bytes,
        uploadBytes: copied.files.reduce((sum, f) => sum + f.size, 0),
        databaseMs: Math.round(t1 - t0),
        filesMs: Math.round(t2 - t1),
      };
    } catch (error) {
      await rm(work, { recursive: true, force: true });
      throw error;
    }
  }

  /** Finished backups, oldest first (folders without a readable manifest are left out). */
  async list(): Promise<BackupEntry[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const out: BackupEntry[] = [];
    for (const name of names.filter((n) => n.startsWith(PREFIX))) {
      const manifest = await readManifest(join(this.root, name)).catch(() => null);
      if (manifest) out.push({ name, dir: join(this.root, name), createdAt: new Date(manifest.createdAt) });
    }
    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /**
   * Backups older than `keepDays` (never the newest finished one) and partial folders abandoned
   * for a day. With `dryRun`, only lists them. Returns the folder names.
   */
  async prune(options: { keepDays: number; now: Date; dryRun?: boolean }): Promise<string[]> {
    const cutoff = options.now.getTime() - options.keepDays * 86_400_000;
    const finished = await this.list();
    const expired = finished
      .slice(0, -1)
      .filter((b) => b.createdAt.getTime() < cutoff)
      .map((b) => b.name);
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(PARTIAL))) {
      const info = await stat(join(this.root, name)).catch(() => null);
      if (info && options.now.getTime() - info.mtimeMs > ABANDONED_PARTIAL_MS) expired.push(name);
    }
    if (!options.dryRun) for (const name of expired) await rm(join(this.root, name), { recursive: true, force: true });
    return expired;
  }

  /**
   * Puts the database and the uploads back exactly as in the backup at `backupDir`. Verifies every
   * checksum first and changes nothing if any file is wrong ({@link BackupInvalidError}); refuses a
   * target that holds data unless `force` ({@link RestoreRefusedError}).
   */
  async restore(
    backupDir: string,
    options: {
      database: BackupDatabase;
      uploadsDir: string;
      force: boolean;
      /** Told stage `verify` (files checked), `database` (the dump's bytes loaded), `uploads` (files restored). */
      onProgress?: ProgressListener;
    },
  ): Promise<{
    files: number;
    removed: number;
    manifest: Manifest;
    timings: { verifyMs: number; databaseMs: number; filesMs: number };
  }> {
    const t0 = performance.now();
    const manifest = await verifyBackup(backupDir, options.onProgress);
    const t1 = performance.now();
    if (manifest.dialect !== options.database.dialect)
      throw new BackupInvalidError(backupDir, [
        `it holds a ${manifest.dialect} database; the target is ${options.database.dialect}`,
      ]);
    if (!options.force && (await databaseHasRows(options.database)))
      throw new RestoreRefusedError(
        'The target database is not empty; restoring would overwrite it. Repeat with --yes to overwrite.',
      );
    const dbSize = manifest.files.find((f) => f.path === manifest.databaseFile)?.size ?? 0;
    const loaded = (done: number) => options.onProgress?.({ stage: 'database', done, total: dbSize, unit: 'bytes' });
    loaded(0);
    await restoreDatabase(options.database, join(backupDir, manifest.databaseFile), loaded);
    loaded(dbSize);
    const t2 = performance.now();
    await mkdir(options.uploadsDir, { recursive: true });
    const wanted = manifest.files.filter((f) => f.path.startsWith('uploads/'));
    const progress = (done: number) =>
      options.onProgress?.({ stage: 'uploads', done, total: wanted.length, unit: 'files' });
    for (const [i, f] of wanted.entries()) {
      progress(i);
      const rel = f.path.slice('uploads/'.length);
      const target = join(options.uploadsDir, ...rel.split('/'));
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.restoring`;
      await copyFile(join(backupDir, ...f.path.split('/')), temp);
      await rename(temp, target);
    }
    progress(wanted.length);
    const keep = new Set(wanted.map((f) => f.path.slice('uploads/'.length)));
    let removed = 0;
    for (const rel of await listFiles(options.uploadsDir)) {
      if (keep.has(rel)) continue;
      await rm(join(options.uploadsDir, ...rel.split('/')), { force: true });
      removed += 1;
    }
    const timings = {
      verifyMs: Math.round(t1 - t0),
      databaseMs: Math.round(t2 - t1),
      filesMs: Math.round(performance.now() - t2),
    };
    return { files: wanted.length, removed, manifest, timings };
  }

  private async latestManifest(): Promise<{ dir: string; byPath: Map<string, ManifestFile> } | null> {
    const last = (await this.list()).at(-1);
    if (!last) return null;
    const manifest = await readManifest(last.dir);
    return { dir: last.dir, byPath: new Map(manifest.files.map((f) => [f.path, f])) };
  }

  private async copyUploads(
    source: string,
    target: string,
    previous: Awaited<ReturnType<FsBackupStore['latestManifest']>>,
    { signal, onProgress }: { signal?: AbortSignal; onProgress?: ProgressListener },
  ) {
    const files: ManifestFile[] = [];
    let copied = 0;
    let linked = 0;
    let bytes = 0;
    const names = await listFiles(source).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const progress = (done: number) => onProgress?.({ stage: 'uploads', done, total: names.length, unit: 'files' });
    for (const [i, rel] of names.entries()) {
      progress(i);
      signal?.throwIfAborted();
      const from = join(source, ...rel.split('/'));
      const to = join(target, ...rel.split('/'));
      const info = await stat(from).catch(() => null);
      if (!info) continue; // removed since listing
      const path = `uploads/${rel}`;
      const prev = previous?.byPath.get(path);
      await mkdir(dirname(to), { recursive: true });
      if (prev && previous && prev.size === info.size && prev.sourceMtimeMs === info.mtimeMs) {
        const prevFile = join(previous.dir, ...path.split('/'));
        const ok = await link(prevFile, to).then(
          () => true,
          () => false,
        );
        if (ok) {
          files.push(prev);
          linked += 1;
          continue;
        }
      }
      await copyFile(from, to);
      const entry = await describeFile(target, rel);
      files.push({ ...entry, path, sourceMtimeMs: info.mtimeMs });
      copied += 1;
      bytes += entry.size;
    }
    progress(names.length);
    return { files, copied, linked, bytes };
  }
}

async function describeFile(dir: string, rel: string): Promise<ManifestFile> {
  const file = join(dir, ...rel.split('/'));
  const info = await stat(file);
  return { path: rel, size: info.size, sha256: await sha256File(file) };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
