import type { FastifyReply, FastifyRequest } from 'fastify';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Conflict',
  413: 'File too large',
  415: 'File type not allowed',
  422: 'Check your input',
  500: 'Something went wrong',
  507: 'File could not be stored',
};

const MESSAGES: Readonly<Record<number, string>> = {
  403: 'You do not have access to this page. If you think you should, ask an administrator.',
  404: 'There is nothing here. The form may have been deleted, or the link is wrong.',
  500: 'The server could not finish your request. Please try again; if it keeps happening, tell the IT team and quote the reference below.',
};

/** Whether the client asked for JSON rather than a page (scripts, the type-ahead). */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/**
 * Answers with a friendly error page (or a small JSON body for scripts). The message is always
 * one written for people: never a stack trace, a file path or a driver message.
 */
export async function renderError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message?: string,
  code?: string,
) {
  const title = TITLES[status] ?? (status >= 500 ? TITLES[500] : 'Request refused');
  const text = message ?? MESSAGES[status] ?? (status >= 500 ? MESSAGES[500] : 'The request could not be handled.');
  reply.status(status).header('cache-control', 'no-store');
  if (wantsJson(request) || typeof reply.viewAsync !== 'function') {
    return reply.send({
      error: {
        code: code ?? (status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : 'ERROR'),
        message: text,
        requestId: request.id,
      },
    });
  }
  try {
    const html = await reply.viewAsync('error', {
      title,
      status,
      message: text,
      requestId: request.id,
      user: request.user ?? null,
      csrfToken: request.csrfToken ?? '',
    });
    return reply.type('text/html; charset=utf-8').send(html);
  } catch (error) {
    request.log.error({ err: error }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${title}. Reference: ${request.id}`);
  }
}
