import type { FastifyReply, FastifyRequest } from 'fastify';
import { personDetails } from '../../domain/employee.ts';

/**
 * Sends a rendered page; every template also gets the signed-in user, the CSRF token and
 * `personDetails` (what tells two people of the same name apart).
 */
export async function page(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const html = await reply.viewAsync(template, {
    user: request.user,
    csrfToken: request.csrfToken,
    notice: null,
    personDetails,
    ...data,
  });
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
