import { EmployeeSyncService } from '../../domain/employee-sync.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import type { EmployeeDirectory } from '../../domain/ports/employee-directory.ts';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.ts';
import type { JobDefinition } from './job-runner.ts';

/** What the employee sync uses; the directory is built when the job runs (missing settings fail the run). */
export interface SyncEmployeesJobPorts {
  directory(): EmployeeDirectory;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
}

/** `sync-employees`: the employee table mirrors the directory (see {@link EmployeeSyncService}). */
export function syncEmployeesJob(ports: SyncEmployeesJobPorts): JobDefinition {
  return {
    name: 'sync-employees',
    async run(ctx) {
      const service = new EmployeeSyncService({ directory: ports.directory(), uow: ports.uow, clock: ports.clock });
      const counts = await service.sync({ signal: ctx.signal, dryRun: ctx.dryRun, onProgress: ctx.onProgress });
      return { counts: { ...counts, dryRun: ctx.dryRun ? 1 : 0 } };
    },
  };
}
