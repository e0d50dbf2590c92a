import type { FastifyInstance } from 'fastify';
import type { AppServices } from './app-services.ts';
import { errorHandler } from './error-handler.ts';
import { accessControl } from './plugins/access.ts';
import { adminAlerts } from './plugins/admin-alerts.ts';
import { web } from './plugins/web.ts';
import { adminStatusRoutes } from './routes/admin-status-routes.ts';
import { adminUserRoutes } from './routes/admin-user-routes.ts';
import { attachmentRoutes } from './routes/attachment-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { employeeRoutes } from './routes/employee-routes.ts';
import { formRoutes } from './routes/form-routes.ts';
import { signatureRoutes } from './routes/signature-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { listRoutes } from './routes/list-routes.ts';
import { staticRoutes } from './routes/static-routes.ts';
import { trashRoutes } from './routes/trash-routes.ts';
import { documentRoutes } from './routes/document-routes.ts';
import { requirementRoutes } from './routes/requirement-routes.ts';
import { matrixRoutes } from './routes/matrix-routes.ts';
import { employeeRecordRoutes } from './routes/employee-record-routes.ts';
import { adminAuditRoutes } from './routes/admin-audit-routes.ts';

/**
 * Everything the HTTP adapter serves: the shared infrastructure (`web`, `access-control`,
 * `error-handler`: named fastify-plugins, their order checked), then one encapsulated plugin per
 * resource, each handed only the services its type names.
 */
export async function httpAdapter(app: FastifyInstance, opts: { services: AppServices }) {
  const s = opts.services;
  await app.register(web, { settings: s.pageSettings });
  await app.register(accessControl, { services: { sessions: s.sessions, pageSettings: s.pageSettings } });
  await app.register(errorHandler, { databaseReachability: s.databaseReachability });
  await app.register(adminAlerts, { services: { systemStatus: s.systemStatus } });
  await app.register(healthRoutes, { services: { health: () => s.health() } });
  await app.register(staticRoutes);
  await app.register(authRoutes, {
    services: { signIn: s.signIn, sessions: s.sessions, pageSettings: s.pageSettings },
  });
  await app.register(listRoutes, { services: { forms: s.forms, details: s.details } });
  await app.register(formRoutes, {
    services: {
      forms: s.forms,
      details: s.details,
      documents: s.documents,
      signatures: s.signatures,
      pageSettings: s.pageSettings,
    },
  });
  await app.register(signatureRoutes, {
    services: { details: s.details, signatures: s.signatures, pageSettings: s.pageSettings },
  });
  await app.register(attachmentRoutes, {
    services: { attachments: s.attachments, details: s.details, pageSettings: s.pageSettings },
  });
  await app.register(trashRoutes, {
    services: { forms: s.forms, details: s.details, pageSettings: s.pageSettings },
  });
  await app.register(employeeRoutes, { services: { details: s.details } });
  await app.register(adminUserRoutes, { services: { adminUsers: s.adminUsers } });
  await app.register(adminStatusRoutes, {
    services: {
      jobStatus: s.jobStatus,
      deployments: s.deployments,
      systemStatus: s.systemStatus,
      schemaCheck: s.schemaCheck,
      jobControl: s.jobControl,
      health: () => s.health(),
    },
  });
  await app.register(adminAuditRoutes, { services: { auditTrail: s.auditTrail, forms: s.forms } });
  await app.register(documentRoutes, {
    services: { documents: s.documents, requirements: s.requirements, directoryScopes: s.directoryScopes },
  });
  await app.register(requirementRoutes, {
    services: { documents: s.documents, requirements: s.requirements, directoryScopes: s.directoryScopes },
  });
  await app.register(matrixRoutes, {
    services: { matrix: s.matrix, directoryScopes: s.directoryScopes, pageSettings: s.pageSettings },
  });
  await app.register(employeeRecordRoutes, { services: { employeeRecords: s.employeeRecords } });
}
