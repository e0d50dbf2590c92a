import { execFileSync } from 'node:child_process';

/**
 * A small tmpfs mounted over `dir` (needs root and a kernel that lets this process mount): a real
 * file system that fills up (ENOSPC) and can be made read-only (EROFS). Returns why it could not
 * be mounted, or null when it is mounted; {@link unmountTmpfs} must run in teardown.
 */
export function mountTmpfs(dir: string, sizeKb: number): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tf-test', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`;
  }
}

/** Makes the mounted tmpfs read-only (writes then fail with EROFS) or writable again. */
export function remountTmpfs(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

/** Unmounts the tmpfs (lazily, so a file still open cannot keep it mounted). */
export function unmountTmpfs(dir: string): void {
  execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
}
