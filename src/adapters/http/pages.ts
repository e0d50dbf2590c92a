import type { FastifyInstance } from 'fastify';
import type { AppServices } from './app-services.ts';
import { errorHandler } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import { accessControl } from './plugins/access.ts';
import { web } from './plugins/web.ts';
import { adminStatusRoutes } from './routes/admin-status-routes.ts';
import { adminUserRoutes } from './routes/admin-user-routes.ts';
import { attachmentRoutes } from './routes/attachment-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { employeeRoutes } from './routes/employee-routes.ts';
import { formRoutes } from './routes/form-routes.ts';
import { listRoutes } from './routes/list-routes.ts';
import { staticRoutes } from './routes/static-routes.ts';
import { trashRoutes } from './routes/trash-routes.ts';

/** Everything the HTTP adapter serves: infrastructure first, then `/health` and the pages. */
export async function httpAdapter(app: FastifyInstance, opts: { services: AppServices }) {
  const { services } = opts;
  await app.register(web, { settings: services.pageSettings });
  await app.register(accessControl, { services });
  await app.register(errorHandler, { databaseReachability: services.databaseReachability });
  await app.register(healthRoutes, { services });
  await app.register(staticRoutes);
  await app.register(authRoutes, { services });
  await app.register(listRoutes, { services });
  await app.register(formRoutes, { services });
  await app.register(attachmentRoutes, { services });
  await app.register(trashRoutes, { services });
  await app.register(employeeRoutes, { services });
  await app.register(adminUserRoutes, { services });
  await app.register(adminStatusRoutes, { services });
}
