import fp from 'fastify-plugin';
import { TRAINING_FORM_ENTITY } from '../../../domain/audit-event.ts';
import { TrainingFormNotFoundError } from '../../../domain/errors.ts';
import { adminFormat } from '../admin-format.ts';
import type { AppServices } from '../app-services.ts';
import { AuditQuery, auditParams, auditUrl, toAuditFilter } from '../audit-params.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { IdParams, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AdminAuditRouteServices = Pick<AppServices, 'auditTrail' | 'forms'>;

/**
 * `/admin/audit`: every audit event, newest first, a page at a time, filtered by actor, action,
 * date range or one entity; and `/admin/audit/forms/:id`, which opens a form the log names where
 * it now is (its page, the trash, or its history here once purged).
 */
export const adminAuditRoutes = fp(
  async function adminAuditRoutes(fastify, opts: RouteOptions<AdminAuditRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { auditTrail, forms } = opts.services;

    app.get(
      '/admin/audit',
      { schema: { querystring: AuditQuery }, config: { access: 'admin' } },
      async (request, reply) => {
        const { params, errors } = auditParams(request.query);
        const [result, choices] = await Promise.all([
          auditTrail.page({
            filter: toAuditFilter(params),
            ...(request.query.older !== undefined && { olderThan: request.query.older }),
            ...(request.query.newer !== undefined && { newerThan: request.query.newer }),
          }),
          auditTrail.choices(),
        ]);
        return page(request, reply, 'admin-audit', {
          title: 'Audit log',
          params,
          errors,
          result,
          choices,
          url: (change: Parameters<typeof auditUrl>[1] = {}, position: Parameters<typeof auditUrl>[2] = {}) =>
            auditUrl(params, change, position),
          fmt: adminFormat,
        });
      },
    );

    app.get(
      '/admin/audit/forms/:id',
      { schema: { params: IdParams }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          const form = await forms.get(id, { includeDeleted: true });
          return reply.redirect(form.deleted ? `/trash/${id}` : `/forms/${id}`, 303);
        } catch (error) {
          if (!(error instanceof TrainingFormNotFoundError)) throw error;
          const history = auditUrl(
            { actor: '', action: '', from: '', to: '', entity: TRAINING_FORM_ENTITY, id: String(id) },
            {},
          );
          return redirectWithNotice(reply, history, NOTICES['form-gone']);
        }
      },
    );
  },
  { name: 'admin-audit-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
