import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { RequirementExistsError } from '../../../domain/document-errors.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { documentPage, type DocumentPageServices } from '../document-page.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { IdParams, text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type RequirementRouteServices = DocumentPageServices;

const ScopeBody = Type.Object({ kind: text(), value: text(), _csrf: text() });

/**
 * Requiring a document of a department or job title, and lifting it, from the document page
 * (administrators; audited by the requirement service). A refused requirement is shown back next
 * to its field on the document page.
 */
export const requirementRoutes = fp(
  async function requirementRoutes(fastify, opts: RouteOptions<RequirementRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const services = opts.services;

    app.post(
      '/documents/:id/requirements',
      { schema: { params: IdParams, body: ScopeBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          await services.requirements.require(id, request.body, request.user!.username);
        } catch (error) {
          const errors =
            error instanceof ValidationError
              ? { ...error.fields }
              : error instanceof RequirementExistsError
                ? { value: error.message }
                : null;
          if (!errors) throw error;
          const values = {
            kind: (request.body.kind ?? '').slice(0, 40),
            value: (request.body.value ?? '').slice(0, 300),
          };
          return documentPage(request, reply, services, id, { form: { values, errors }, status: 422 });
        }
        return redirectWithNotice(reply, `/documents/${id}#requirements`, NOTICES['requirement-added']);
      },
    );

    app.post(
      '/documents/:id/requirements/remove',
      { schema: { params: IdParams, body: ScopeBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
        await services.requirements.unrequire(id, request.body, request.user!.username);
        return redirectWithNotice(reply, `/documents/${id}#requirements`, NOTICES['requirement-removed']);
      },
    );
  },
  { name: 'requirement-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
