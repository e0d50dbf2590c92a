import { readFileSync } from 'node:fs';
import { GraphEmployeeDirectory } from '../../adapters/graph/graph-employee-directory.ts';
import type { EmployeeDirectory } from '../../domain/ports/employee-directory.ts';
import type { Config } from '../config.ts';

/** The Graph directory from the AZURE_* / GRAPH_* settings; throws naming what is missing. */
export function graphDirectory(config: Config): EmployeeDirectory {
  const { clientId, clientSecret, tenantId, authorityHost, graphBaseUrl, caFile } = config.azure;
  const missing = [
    !clientId && 'AZURE_CLIENT_ID',
    !clientSecret && 'AZURE_CLIENT_SECRET',
    !tenantId && 'AZURE_TENANT_ID',
  ].filter(Boolean);
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
