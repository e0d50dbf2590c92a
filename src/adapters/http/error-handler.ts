import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import type { DatabaseReachability } from './app-services.ts';
import { DatabaseOutageLog } from './database-outage-log.ts';
import { renderError, wantsJson } from './error-pages.ts';
import { ERROR_STATUS } from './error-status.ts';

/**
 * Maps domain errors to their status with a message for people; anything unexpected becomes a
 * 500 that names the request id and never shows a stack trace or a file path (those go to the
 * log only; see {@link DatabaseOutageLog} for a database outage). Browsers get a page, scripts
 * asking for JSON get `{ error: { code, message } }`.
 */
export const errorHandler = fp(
  async function errorHandler(app: FastifyInstance, opts: { databaseReachability: DatabaseReachability }) {
    const outage = new DatabaseOutageLog(app.log, opts.databaseReachability);
    app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
      if (error instanceof ValidationError && wantsJson(request)) {
        const body = { code: error.code, message: error.message, fields: error.fields };
        return reply.status(ERROR_STATUS[error.code]).send({ error: body });
      }
      if (error instanceof DomainError) {
        // Refusals are the client's; a domain error answered 5xx (storage failed) is the server's.
        if (ERROR_STATUS[error.code] >= 500)
          request.log.error({ code: error.code, err: error.cause ?? error }, 'request failed');
        return renderError(request, reply, ERROR_STATUS[error.code], error.message, error.code);
      }
      if (error.validation !== undefined) return refuseInput(request, reply, error);
      const status =
        typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
          ? error.statusCode
          : 500;
      if (status >= 500) {
        // While the database is down every request fails alike: one short line each, no stack.
        if (!outage.failed(request, error)) request.log.error({ err: error }, 'request failed');
        return renderError(request, reply, 500, undefined, 'INTERNAL');
      }
      request.log.info({ err: { code: error.code, message: error.message } }, 'request refused');
      return renderError(
        request,
        reply,
        status,
        status === 413 ? 'The upload is larger than the limit.' : undefined,
        error.code ?? 'BAD_REQUEST',
      );
    });

    app.setNotFoundHandler((request, reply) => renderError(request, reply, 404, undefined, 'NOT_FOUND'));
  },
  { name: 'error-handler', dependencies: ['web'] },
);

/**
 * A request that does not have its route's declared shape. A path that is not an id (`/forms/abc`)
 * names no page: 404, as for any unknown address. A malformed query or body: 400 naming what
 * was wrong (`querystring/page must be integer`: the schema's words, never the value sent).
 */
function refuseInput(request: FastifyRequest, reply: FastifyReply, error: FastifyError) {
  if (error.validationContext === 'params') return renderError(request, reply, 404, undefined, 'NOT_FOUND');
  request.log.info({ err: { code: error.code, message: error.message } }, 'request refused');
  return renderError(
    request,
    reply,
    400,
    `The request was not in the expected form (${error.message}).`,
    'BAD_REQUEST',
  );
}
