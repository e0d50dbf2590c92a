import type { FastifyReply, FastifyRequest } from 'fastify';
import { personDetails } from '../../domain/employee.ts';

/**
 * Sends a rendered page; every template also gets the signed-in user, the CSRF token,
 * `personDetails` (what tells two people of the same name apart) and the one-time message kept
 * for this page (unless the page brings its own `notice`).
 */
export async function page(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const notice = data.notice ?? (await reply.takeNotice());
  const html = await reply.viewAsync(template, {
    user: request.user,
    csrfToken: request.csrfToken,
    personDetails,
    ...data,
    notice,
  });
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
