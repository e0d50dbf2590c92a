/**
 * Whether a process with this id exists. Signal 0 only asks; `EPERM` means it exists but belongs
 * to another user (so it is alive), `ESRCH` that there is none.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
