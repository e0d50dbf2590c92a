import fp from 'fastify-plugin';
import { StaleTrainingFormError, ValidationError } from '../../../domain/errors.ts';
import type { AppServices } from '../app-services.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { IdParams, SignBody, type TypeBoxProvider } from '../route-schemas.ts';
import { formDetailPage, type DetailPageServices } from './form-detail-page.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type SignatureRouteServices = DetailPageServices & Pick<AppServices, 'signatures'>;

/** A trainer signs a form (docs/e-signature.md); the detail page shows the signature. */
export const signatureRoutes = fp(
  async function signatureRoutes(fastify, opts: RouteOptions<SignatureRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { signatures } = opts.services;

    app.post(
      '/forms/:id/sign',
      { schema: { params: IdParams, body: SignBody }, config: { access: 'user' } },
      async (request, reply) => {
        const { id } = request.params;
        const reason = (request.body.reason ?? '').slice(0, 10_000);
        try {
          await signatures.sign(id, request.user!, {
            password: (request.body.password ?? '').slice(0, 1000),
            version: request.body.version,
            reason,
            address: request.ip,
          });
          return redirectWithNotice(reply, `/forms/${id}#signature`, NOTICES.signed);
        } catch (error) {
          if (error instanceof ValidationError)
            return formDetailPage(
              request,
              reply,
              opts.services,
              id,
              { signAttempt: { errors: error.fields, reason } },
              422,
            );
          if (error instanceof StaleTrainingFormError) {
            const errors = {
              version: 'The form was changed since you opened it: check this version, then sign again.',
            };
            return formDetailPage(request, reply, opts.services, id, { signAttempt: { errors, reason } }, 409);
          }
          throw error;
        }
      },
    );
  },
  { name: 'signature-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
