import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { cookieOptions, LOGIN_CSRF_COOKIE, SESSION_COOKIE } from '../plugins/access.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { text, type TypeBoxProvider } from '../route-schemas.ts';
import { safeNext } from '../safe-next.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AuthRouteServices = Pick<AppServices, 'signIn' | 'sessions' | 'pageSettings'>;

const LoginQuery = Type.Object({ next: text() });
const LoginBody = Type.Object({ username: text(), password: text(), next: text(), _csrf: text() });

/** Sign-in and sign-out. The authenticator behind it is whichever the application was built with. */
export const authRoutes = fp(
  async function authRoutes(fastify, opts: RouteOptions<AuthRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { signIn, sessions, pageSettings } = opts.services;
    const secure = pageSettings.secureCookies;

    app.get(
      '/login',
      { schema: { querystring: LoginQuery }, config: { access: 'anonymous' } },
      async (request, reply) => {
        const next = safeNext(request.query.next);
        if (request.user) return reply.redirect(next ?? '/', 303);
        return page(request, reply, 'login', {
          title: 'Sign in',
          next,
          username: '',
          error: null,
        });
      },
    );

    app.post('/login', { schema: { body: LoginBody }, config: { access: 'anonymous' } }, async (request, reply) => {
      const username = (request.body.username ?? '').slice(0, 200);
      const password = (request.body.password ?? '').slice(0, 1000);
      const next = safeNext(request.body.next);
      const result = await signIn.signIn(username, password, request.ip);
      if (!result.ok) {
        // The directory's own words (AD codes, TLS errors) at warn: what IT needs to fix a sign-in.
        if (result.detail !== undefined)
          request.log.warn({ username, reason: result.reason, detail: result.detail }, 'sign-in refused');
        else request.log.info({ username, reason: result.reason }, 'sign-in refused');
        if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
        return page(
          request,
          reply,
          'login',
          { title: 'Sign in', next, username, error: result.message },
          result.reason === 'throttled' ? 429 : 401,
        );
      }
      const session = await sessions.start(result.user, request.session?.id ?? null);
      request.log.info({ username: result.user.username, admin: result.user.isAdmin }, 'signed in');
      reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(secure));
      reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(secure));
      return reply.redirect(next ?? '/', 303);
    });

    app.post('/logout', { config: { access: 'user' } }, async (request, reply) => {
      if (request.session) {
        await sessions.end(request.session.id);
        await signIn.signedOut(request.session.user.username);
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
      // Signed out: the notice goes with the browser (a signed cookie), the session being gone.
      request.session = null;
      return redirectWithNotice(reply, '/login', NOTICES['signed-out']);
    });
  },
  { name: 'auth-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
