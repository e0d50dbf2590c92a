import type { AuditChainHead } from '../../domain/audit-seal.ts';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ProgressListener } from '../../domain/ports/progress-listener.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'training-forms-backup/1';

/** One file of a backup, its path relative to the backup folder with `/` separators. */
export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** Modification time of the source upload when copied (lets the next backup skip unchanged files). */
  readonly sourceMtimeMs?: number;
}

/** What `manifest.json` says; written last, so its presence marks a complete backup. */
export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly name: string;
  readonly createdAt: string;
  readonly dialect: 'sqlite' | 'mariadb';
  /** `database.sqlite` or `database.sql.gz`. */
  readonly databaseFile: string;
  readonly files: readonly ManifestFile[];
  /** The audit chain's head when the backup began (absent in backups of a database without a sealed event). */
  readonly auditChainHead?: AuditChainHead;
}

/** A backup that must not be restored; `problems` lists every reason, one per line. */
export class BackupInvalidError extends Error {
  readonly code = 'BACKUP_INVALID';
  constructor(
    readonly backup: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Backup ${backup} is corrupt or incomplete: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    );
    this.name = 'BackupInvalidError';
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `dir`, as paths relative to it with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
        .split(sep)
        .join('/'),
    )
    .sort();
}

/** Reads and shape-checks the manifest; throws {@link BackupInvalidError} when it is missing or malformed. */
export async function readManifest(backupDir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(join(backupDir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupInvalidError(backupDir, [`no ${MANIFEST_FILE} (the backup never finished)`]);
  }
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(raw) as Partial<Manifest>;
  } catch {
    throw new BackupInvalidError(backupDir, [`${MANIFEST_FILE} is not valid JSON`]);
  }
  const ok =
    m.format === MANIFEST_FORMAT &&
    typeof m.name === 'string' &&
    typeof m.createdAt === 'string' &&
    (m.dialect === 'sqlite' || m.dialect === 'mariadb') &&
    typeof m.databaseFile === 'string' &&
    Array.isArray(m.files) &&
    m.files.every(
      (f) =>
        typeof f?.path === 'string' &&
        Number.isSafeInteger(f.size) &&
        /^[a-f0-9]{64}$/.test(String(f.sha256)) &&
        !f.path.split('/').includes('..'),
    ) &&
    m.files.some((f) => f.path === m.databaseFile) &&
    (m.auditChainHead === undefined ||
      (Number.isSafeInteger(m.auditChainHead.seq) && /^[a-f0-9]{64}$/.test(String(m.auditChainHead.hash))));
  if (!ok) throw new BackupInvalidError(backupDir, [`${MANIFEST_FILE} is not a ${MANIFEST_FORMAT} manifest`]);
  return m as Manifest;
}

/**
 * Checks every file against the manifest (present, same size, same SHA-256) and that no file was
 * added, telling `onProgress` the files checked (stage `verify`). Throws {@link BackupInvalidError}
 * listing every problem; returns the manifest when all match.
 */
export async function verifyBackup(backupDir: string, onProgress?: ProgressListener): Promise<Manifest> {
  const manifest = await readManifest(backupDir);
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  const progress = (done: number) =>
    onProgress?.({ stage: 'verify', done, total: manifest.files.length, unit: 'files' });
  for (const [i, f] of manifest.files.entries()) {
    progress(i);
    const file = join(backupDir, ...f.path.split('/'));
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) problems.push(`${f.path} is missing`);
    else if (info.size !== f.size) problems.push(`${f.path} has ${info.size} bytes, the manifest says ${f.size}`);
    else if ((await sha256File(file)) !== f.sha256) problems.push(`${f.path} does not match its SHA-256`);
  }
  progress(manifest.files.length);
  for (const path of await listFiles(backupDir)) {
    if (path !== MANIFEST_FILE && !listed.has(path)) problems.push(`${path} is not in the manifest`);
  }
  if (problems.length > 0) throw new BackupInvalidError(backupDir, problems);
  return manifest;
}
