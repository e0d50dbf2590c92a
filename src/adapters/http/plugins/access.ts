import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionRecord } from '../../../domain/ports/session-store.ts';
import type { SessionUser } from '../../../domain/user.ts';
import type { AppServices } from '../app-services.ts';
import { renderError } from '../error-pages.ts';
import { safeNext } from '../safe-next.ts';
import { signInAgain } from '../session-ended.ts';

/**
 * Who may call a route. Every route must declare one (start-up fails otherwise):
 * `public` needs nothing and reads no session (health, static files); `anonymous` works with or
 * without a session (sign-in); `user` needs a session; `admin` needs an administrator's session.
 */
export type Access = 'public' | 'anonymous' | 'user' | 'admin';

export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** `multipart`: the handler checks the CSRF token itself (it arrives inside the multipart body). */
    csrf?: 'multipart';
    /**
     * A post that arrives after the session ended: the page to come back to after signing in again
     * (`:name` filled from the path; without it, the page the post came from) and whether the typed
     * text fields come back with it (the form editor). See `session-ended.ts`.
     */
    afterSignIn?: { page: string; keepFields?: boolean };
  }
  interface FastifyRequest {
    session: SessionRecord | null;
    user: SessionUser | null;
    /** The token forms must send back as `_csrf` (or the `x-csrf-token` header). */
    csrfToken: string;
    /** Whether `token` is the right anti-CSRF token for this request. */
    csrfValid(token: unknown): boolean;
  }
  interface FastifyReply {
    /**
     * Keeps a one-time message for the next page (after a redirect): in the session, or, with no
     * session (just signed out), in a signed cookie. Never in the URL, so a reload does not repeat it.
     */
    keepNotice(notice: string): Promise<void>;
    /** The one-time message kept for this page, if any, removed as it is read. */
    takeNotice(): Promise<string | null>;
  }
  interface FastifyInstance {
    /** Every registered route with its declared access (the access walker test reads it). */
    readonly routeAccess: RouteAccess[];
  }
}

export const SESSION_COOKIE = 'tf_session';
export const LOGIN_CSRF_COOKIE = 'tf_login_csrf';
/**
 * Says a one-time message waits: `session` (in the session's row, so pages without this cookie
 * never read for one) or, without a session, the message itself.
 */
export const NOTICE_COOKIE = 'tf_notice';
const IN_SESSION = 'session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ACCESS_VALUES: readonly Access[] = ['public', 'anonymous', 'user', 'admin'];

export type AccessControlServices = Pick<AppServices, 'sessions' | 'pageSettings'>;

/**
 * Sessions from the signed cookie, access checks for every route, and anti-CSRF tokens
 * (synchronizer token in the session; before sign-in, a signed cookie paired with the form field).
 * The token is checked before the route's declared inputs are: a forged post is refused as such,
 * whatever its shape.
 */
export const accessControl = fp(
  async function accessControl(app: FastifyInstance, opts: { services: AccessControlServices }) {
    const { sessions, pageSettings } = opts.services;
    const routes: RouteAccess[] = [];
    app.decorate('routeAccess', routes);
    app.decorateRequest('session', null);
    app.decorateRequest('user', null);
    app.decorateRequest('csrfToken', '');
    app.decorateRequest('csrfValid', function (this: FastifyRequest, token: unknown) {
      return typeof token === 'string' && this.csrfToken !== '' && sameText(token, this.csrfToken);
    });

    app.decorateReply('keepNotice', async function (this: FastifyReply, notice: string) {
      const session = this.request.session;
      if (session) await sessions.keepNotice(session.id, notice);
      this.setCookie(NOTICE_COOKIE, session ? IN_SESSION : notice, cookieOptions(pageSettings.secureCookies));
    });
    app.decorateReply('takeNotice', async function (this: FastifyReply) {
      const raw = this.request.cookies[NOTICE_COOKIE];
      if (raw === undefined) return null;
      this.clearCookie(NOTICE_COOKIE, cookieOptions(pageSettings.secureCookies));
      const kept = this.request.unsignCookie(raw);
      if (!kept.valid || !kept.value) return null;
      if (kept.value !== IN_SESSION) return kept.value;
      return this.request.session ? sessions.takeNotice(this.request.session.id) : null;
    });

    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access || !ACCESS_VALUES.includes(access))
        throw new Error(
          `Route ${String(route.method)} ${route.url} declares no access (config.access: public | anonymous | user | admin)`,
        );
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
    });

    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return;
      const raw = request.cookies[SESSION_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      const session = unsigned?.valid && unsigned.value ? await sessions.resume(unsigned.value) : null;
      if (raw && !session) reply.clearCookie(SESSION_COOKIE, cookieOptions(pageSettings.secureCookies));
      request.session = session;
      request.user = session?.user ?? null;
      // Without a session, a page (GET) or a post to a signed-in route (answered with the sign-in page) shows
      // the sign-in form, which needs a token; the sign-in post itself only checks the one it was given.
      const showsForm = SAFE_METHODS.has(request.method) || access !== 'anonymous';
      request.csrfToken = session?.csrfToken ?? loginCsrfToken(request, reply, pageSettings.secureCookies, showsForm);

      if (access === 'anonymous') return;
      // A post goes on to its body, read by the sign-in page that answers it (preValidation below).
      if (!session) return SAFE_METHODS.has(request.method) ? redirectToSignIn(request, reply) : undefined;
      if (access === 'admin' && !session.user.isAdmin) return renderError(request, reply, 403);
    });

    app.addHook('preValidation', async (request, reply) => {
      const config = request.routeOptions.config;
      if (config.access === 'public' || SAFE_METHODS.has(request.method)) return;
      // The session ended before this post: nothing is done; the sign-in page keeps what can be kept.
      if (!request.session && config.access !== 'anonymous') return signInAgain(request, reply);
      // A multipart body carries its token inside; the route checks it (a plain form post is checked here).
      if (config.csrf === 'multipart' && request.isMultipart()) return;
      const body = request.body as Record<string, unknown> | undefined;
      const token = body?._csrf ?? request.headers['x-csrf-token'];
      if (!request.csrfValid(token))
        return renderError(
          request,
          reply,
          403,
          'This form has expired or was not sent from this site. Go back, reload the page and try again.',
        );
    });
  },
  { name: 'access-control', dependencies: ['web'] },
);

/** Cookie attributes of the session cookie (also used to clear it). */
export function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, signed: true };
}

function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  const next = safeNext(request.url);
  return reply.redirect(next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login', 303);
}

/** The pre-sign-in anti-CSRF token: kept in a signed cookie, created on first need by a page that shows the form. */
function loginCsrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean, showsForm: boolean): string {
  const raw = request.cookies[LOGIN_CSRF_COOKIE];
  const unsigned = raw ? request.unsignCookie(raw) : null;
  if (unsigned?.valid && unsigned.value) return unsigned.value;
  if (!showsForm) return '';
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...cookieOptions(secure), maxAge: 3600 });
  return token;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
