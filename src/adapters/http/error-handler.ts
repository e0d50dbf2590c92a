import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { ERROR_STATUS } from './error-status.ts';

/**
 * Maps domain errors to their status and a stable body; anything unexpected becomes a 500 that
 * names the request id and never shows a stack trace or a file path (those go to the log only).
 */
export const errorHandler = fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      const body: Record<string, unknown> = { code: error.code, message: error.message };
      if (error instanceof ValidationError) body.fields = error.fields;
      return reply.status(ERROR_STATUS[error.code]).send({ error: body });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong.', requestId: request.id } });
    }
    return reply.status(status).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` } }),
  );
});
