import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isProcessAlive } from '../cli/process-alive.ts';

/** Thrown when another deploy of the same environment is running. */
export class DeployLockedError extends Error {}

/**
 * Takes the environment's deploy lock (a file created exclusively, holding the pid). A lock left by
 * a process that no longer exists is taken over. Returns the release function.
 */
export function acquireDeployLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder))
        throw new DeployLockedError(
          `another deploy (pid ${holder}) is running for this environment; try again when it ends`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new DeployLockedError(`could not take the deploy lock ${path}`);
}
