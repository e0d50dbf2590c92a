import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Free space where uploads and backups live, as `/health` reports it (no paths: it is public). */
export type DiskReport = {
  /** MIN_FREE_DISK_MB: below this in either folder the instance reports `degraded`. */
  readonly minFreeMb: number;
  /** Whether either folder has less than {@link minFreeMb} free (or could not be measured). */
  readonly low: boolean;
  readonly uploads: FolderSpace;
  readonly backups: FolderSpace;
};

/** Megabytes this process may still write there; null with `error` when statfs failed. */
export type FolderSpace = {
  readonly freeMb: number | null;
  readonly error?: string;
};

/** Measures both folders with statfs (a backup folder not created yet: its nearest parent). */
export async function diskReport(
  folders: { uploads: string; backups: string },
  minFreeMb: number,
): Promise<DiskReport> {
  const [uploads, backups] = await Promise.all([folderSpace(folders.uploads), folderSpace(folders.backups)]);
  const low = [uploads, backups].some((f) => f.freeMb === null || f.freeMb < minFreeMb);
  return { minFreeMb, low, uploads, backups };
}

async function folderSpace(folder: string): Promise<FolderSpace> {
  for (let dir = folder; ; dir = dirname(dir)) {
    try {
      const s = await statfs(dir);
      return { freeMb: Math.floor((s.bavail * s.bsize) / (1024 * 1024)) };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT' && dirname(dir) !== dir) continue;
      return { freeMb: null, error: typeof code === 'string' ? code : 'statfs failed' };
    }
  }
}
