import { readFileSync } from 'node:fs';
import { GraphEmployeeDirectory } from '../../adapters/graph/graph-employee-directory.ts';
import { EmployeeSyncService } from '../../domain/employee-sync.ts';
import type { EmployeeDirectory } from '../../domain/ports/employee-directory.ts';
import type { Config } from '../config.ts';
import type { Composition } from '../compose.ts';
import type { JobDefinition } from './job-runner.ts';

/** The Graph directory from the AZURE_* / GRAPH_* settings; throws naming what is missing. */
export function graphDirectory(config: Config): EmployeeDirectory {
  const { clientId, clientSecret, tenantId, authorityHost, graphBaseUrl, caFile } = config.azure;
  const missing = [!clientId && 'AZURE_CLIENT_ID', !clientSecret && 'AZURE_CLIENT_SECRET', !tenantId && 'AZURE_TENANT_ID'].filter(Boolean);
  if (!clientId || !clientSecret || !tenantId) throw new Error(`sync-employees needs ${missing.join(', ')} to be set`);
  return new GraphEmployeeDirectory({
    clientId,
    clientSecret,
    tenantId,
    authorityHost,
    graphBaseUrl,
    extraCa: caFile ? readFileSync(caFile, 'utf8') : null,
  });
}

/** `sync-employees`: the employee table mirrors the directory (see {@link EmployeeSyncService}). */
export function syncEmployeesJob(c: Composition, directory?: EmployeeDirectory): JobDefinition {
  return {
    name: 'sync-employees',
    async run(ctx) {
      const service = new EmployeeSyncService({ directory: directory ?? graphDirectory(c.config), uow: c.uow, clock: c.clock });
      const counts = await service.sync({ signal: ctx.signal, dryRun: ctx.dryRun });
      return { counts: { ...counts, dryRun: ctx.dryRun ? 1 : 0 } };
    },
  };
}
