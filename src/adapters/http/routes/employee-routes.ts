import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { personDetails } from '../../../domain/employee.ts';
import type { AppServices } from '../app-services.ts';
import { text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type EmployeeRouteServices = Pick<AppServices, 'details'>;

const SearchQuery = Type.Object({ q: text() });

/**
 * `GET /employees/search?q=`: the type-ahead's JSON (the pages also work without it). `details` is
 * what the pages write after a name (`personDetails`), so a person reads the same however chosen.
 */
export const employeeRoutes = fp(
  async function employeeRoutes(fastify, opts: RouteOptions<EmployeeRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    app.get(
      '/employees/search',
      { schema: { querystring: SearchQuery }, config: { access: 'user' } },
      async (request, reply) => {
        const text = (request.query.q ?? '').trim().slice(0, 120);
        const found = text.length >= 2 ? await opts.services.details.searchEmployees(text, 15) : [];
        return reply.header('cache-control', 'no-store').send({
          employees: found.map((e) => ({
            id: e.id,
            displayName: e.displayName,
            details: personDetails(e),
          })),
        });
      },
    );
  },
  { name: 'employee-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
