import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderError, wantsJson } from './error-pages.ts';
import { page } from './render.ts';
import { safeNext } from './safe-next.ts';

/** Fields never carried through a sign-in page: secrets, the old session's token, which button was pressed. */
const NEVER_KEPT = new Set(['_csrf', 'password', '_action']);
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const MAX_KEPT = 1200;
const MAX_VALUE = 10_000;

/** The prefix of a kept field in the sign-in form, so it cannot collide with the sign-in's own fields. */
export const KEPT_PREFIX = 'keep.';

/** A text field of the post, as it goes through the sign-in page (name, value), repeated for a list. */
export type KeptField = readonly [name: string, value: string];

/**
 * What happens to a post when its session has ended (idle or absolute timeout, signed out in
 * another tab): the sign-in page (401), which says so plainly, carries the page to come back to
 * and, for a route that asks for it (`afterSignIn.keepFields`, the form editor), the text fields as
 * typed, escaped into hidden inputs (never a password, the old CSRF token or a file). Nothing of the
 * post is done: the old token belonged to the old session, so signing in again leads to a page to
 * confirm (see `views/resume.eta`), never to a silent save.
 */
export async function signInAgain(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const after = request.routeOptions.config.afterSignIn;
  const { kept, files } = await readPost(request, after?.keepFields === true);
  if (wantsJson(request))
    return renderError(request, reply, 401, 'Your session has ended. Sign in again.', 'SESSION_ENDED');
  const next = after ? safeNext(fill(after.page, request.params)) : sameSiteReferer(request);
  return page(
    request,
    reply,
    'login',
    {
      title: 'Sign in again',
      next,
      username: '',
      error: null,
      usernameError: null,
      ended: { keep: after?.keepFields === true, files },
      kept: kept.map(([name, value]) => [`${KEPT_PREFIX}${name}`, value]),
    },
    401,
  );
}

/** The route's page with its `:name` parameters filled in from the request's path. */
function fill(template: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(values[name] ?? '')));
}

/** The page the post came from, when it is one of this site's (else the sign-in goes home). */
function sameSiteReferer(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? safeNext(`${url.pathname}${url.search}`) : null;
  } catch {
    return null;
  }
}

/** The post's text fields worth keeping (when asked) and the names of the files it carried (dropped). */
async function readPost(request: FastifyRequest, keep: boolean): Promise<{ kept: KeptField[]; files: string[] }> {
  const kept: KeptField[] = [];
  const files: string[] = [];
  const add = (name: string, value: unknown) => {
    if (!keep || NEVER_KEPT.has(name) || !FIELD_NAME.test(name) || kept.length >= MAX_KEPT) return;
    for (const item of [value].flat())
      if (typeof item === 'string') kept.push([name, item.slice(0, MAX_VALUE)] as const);
  };
  if (request.isMultipart()) {
    // Not parsed up front (the handler streams it): read the fields, drain and forget every file.
    for await (const part of request.parts({ limits: { fieldSize: MAX_VALUE, fields: MAX_KEPT } })) {
      if (part.type === 'field') add(part.fieldname, part.value);
      else {
        if (part.filename !== '') files.push(part.filename.slice(0, 200));
        part.file.resume();
      }
    }
  } else if (request.body && typeof request.body === 'object') {
    for (const [name, value] of Object.entries(request.body as Record<string, unknown>)) add(name, value);
  }
  return { kept, files };
}

/** The kept fields of a sign-in form's body (`keep.<name>`), in order, their prefix removed. */
export function keptFields(body: unknown): KeptField[] {
  const kept: KeptField[] = [];
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (!key.startsWith(KEPT_PREFIX)) continue;
    const name = key.slice(KEPT_PREFIX.length);
    if (!FIELD_NAME.test(name) || NEVER_KEPT.has(name)) continue;
    for (const item of [value].flat())
      if (typeof item === 'string' && kept.length < MAX_KEPT) kept.push([name, item.slice(0, MAX_VALUE)] as const);
  }
  return kept;
}

/**
 * Pages that take kept fields back after a new sign-in: they show them again in the editor and
 * save nothing (`POST /forms/new`, `POST /forms/:id/edit`). The sign-in's "Back to the form"
 * posts only to these.
 */
export function isResumePage(path: string | null): path is string {
  return path !== null && /^\/forms\/(new|[1-9]\d{0,8}\/edit)$/.test(path);
}
