import type { AppServices } from '../../adapters/http/app-services.ts';
import type { SchemaVerdict } from '../../adapters/schema-check/schema-verdict.ts';
import type { Authenticator } from '../../domain/ports/authenticator.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import type { Config } from '../config.ts';
import { compose, type Composition } from './compose.ts';

/** What the web server process uses: the HTTP adapter's services and the start-up steps. */
export interface WebServer {
  /** Exactly what the HTTP adapter needs. */
  readonly services: AppServices;
  /** Applies pending migrations (development start-up), then checks the schema again. */
  migrate(): Promise<readonly string[]>;
  checkSchema(): Promise<SchemaVerdict>;
  /** Adds the ADMIN_USERS administrators not yet listed. */
  seedAdmins(): Promise<string[]>;
  close(): Promise<void>;
}

/** The HTTP adapter's view of a composition: its services, and nothing else. */
export function appServicesOf(c: Composition): AppServices {
  return {
    forms: c.forms,
    health: c.health,
    details: c.details,
    signatures: c.signatures,
    attachments: c.attachments,
    sessions: c.sessions,
    signIn: c.signIn,
    adminUsers: c.adminUsers,
    jobStatus: c.jobStatus,
    deployments: c.deployments,
    pageSettings: c.pageSettings,
    databaseReachability: c.databaseReachability,
    documents: c.documents,
    requirements: c.requirements,
    matrix: c.matrix,
    directoryScopes: c.directoryScopes,
    employeeRecords: c.employeeRecords,
    systemStatus: c.systemStatus,
    schemaCheck: c.schemaCheck,
    jobControl: c.jobControl,
    auditTrail: c.auditTrail,
  };
}

/** The composition entry of the web server (`src/app/server.ts`). */
export async function composeWebServer(
  config: Config,
  options: { clock?: Clock; authenticator?: Authenticator } = {},
): Promise<WebServer> {
  const c = await compose(config, options);
  return {
    services: appServicesOf(c),
    migrate: c.migrate,
    checkSchema: c.checkSchema,
    seedAdmins: c.seedAdmins,
    close: c.close,
  };
}
