import type { EmployeeFields } from './employee.ts';
import type { Clock } from './ports/clock.ts';
import type { DirectoryPerson, EmployeeDirectory } from './ports/employee-directory.ts';
import type { ProgressListener } from './ports/progress-listener.ts';
import type { UnitOfWork } from './ports/unit-of-work.ts';

/** What one sync changed. `unchanged` counts listed people whose row already matched. */
export interface EmployeeSyncCounts {
  readonly listed: number;
  readonly added: number;
  readonly updated: number;
  readonly deactivated: number;
  readonly unchanged: number;
}

/** How many listed people are written per call to the repository (and per progress report). */
const BATCH = 1000;

/** The directory answered with something the sync will not act on (nothing is changed). */
export class EmployeeSyncRefusedError extends Error {
  readonly code = 'EMPLOYEE_SYNC_REFUSED';
  override name = 'EmployeeSyncRefusedError';
}

/**
 * Mirrors the company directory into `employees`: adds new people, updates changed ones, marks
 * those no longer listed (or disabled) inactive, never deletes (forms reference them).
 * The whole listing is read before anything is written, and all writes share one transaction, so
 * a listing that fails part-way, or a failed write, leaves every row as it was. `onProgress` is
 * told the people read (stage `directory`, by the directory), then written (stage `employees`).
 */
export class EmployeeSyncService {
  constructor(
    private readonly deps: { readonly directory: EmployeeDirectory; readonly uow: UnitOfWork; readonly clock: Clock },
  ) {}

  async sync(
    options: { signal?: AbortSignal; dryRun?: boolean; onProgress?: ProgressListener } = {},
  ): Promise<EmployeeSyncCounts> {
    const at = this.deps.clock.now();
    const ids = new Set<string>();
    const listing = await this.deps.directory.listAll(options.signal, options.onProgress);
    const fields: EmployeeFields[] = new Array(listing.length);
    for (let i = 0; i < listing.length; i++) {
      const { enabled, ...p } = listing[i] as DirectoryPerson;
      if (ids.has(p.directoryId)) throw new EmployeeSyncRefusedError(`The directory listed ${p.directoryId} twice`);
      ids.add(p.directoryId);
      fields[i] = { ...p, active: enabled, lastSyncedAt: at };
    }
    options.signal?.throwIfAborted();
    const run = async (): Promise<EmployeeSyncCounts> =>
      this.deps.uow.run(async (tx) => {
        if (fields.length === 0 && (await tx.employees.countActive()) > 0)
          throw new EmployeeSyncRefusedError('The directory listed nobody; refusing to deactivate every employee');
        let added = 0;
        let updated = 0;
        const progress = (done: number) =>
          options.onProgress?.({ stage: 'employees', done, total: fields.length, unit: 'employees' });
        progress(0);
        for (let start = 0; start < fields.length; start += BATCH) {
          const written = await tx.employees.upsert(fields.slice(start, start + BATCH));
          added += written.added;
          updated += written.updated;
          progress(Math.min(start + BATCH, fields.length));
        }
        const deactivated = await tx.employees.deactivateMissing([...ids], at);
        options.signal?.throwIfAborted();
        const counts = {
          listed: fields.length,
          added,
          updated,
          deactivated,
          unchanged: fields.length - added - updated,
        };
        if (options.dryRun) throw new DryRunRollback(counts);
        return counts;
      });
    try {
      return await run();
    } catch (error) {
      if (error instanceof DryRunRollback) return error.counts;
      throw error;
    }
  }
}

/** Carries the counts out of a transaction that a dry run rolls back on purpose. */
class DryRunRollback extends Error {
  constructor(readonly counts: EmployeeSyncCounts) {
    super('dry run');
  }
}
