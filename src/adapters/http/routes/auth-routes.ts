import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { cookieOptions, LOGIN_CSRF_COOKIE, SESSION_COOKIE } from '../plugins/access.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { text, type TypeBoxProvider } from '../route-schemas.ts';
import { safeNext } from '../safe-next.ts';
import { isResumePage, KEPT_PREFIX, keptFields } from '../session-ended.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AuthRouteServices = Pick<AppServices, 'signIn' | 'sessions' | 'pageSettings'>;

const LoginQuery = Type.Object({ next: text() });
/** The sign-in form; after a session ended, also the post's text fields (`keep.<name>`, one or many values). */
const LoginBody = Type.Object(
  { username: text(), password: text(), next: text(), _csrf: text() },
  {
    patternProperties: {
      [`^${KEPT_PREFIX.replace('.', '\\.')}`]: Type.Union([Type.String(), Type.Array(Type.String())]),
    },
  },
);

/**
 * The development login's refusal: its page has no password field, so the directory's "check your
 * username and password" would point at a field that is not there. The rule is the development
 * authenticator's (a-z 0-9 . _ -) within the sign-in's 64 characters.
 */
const DEV_LOGIN_REFUSAL =
  'Enter a username of 1 to 64 characters: letters a–z, digits and . _ - only (no spaces). ' +
  'The development sign-in needs no password.';

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
          usernameError: null,
        });
      },
    );

    app.post('/login', { schema: { body: LoginBody }, config: { access: 'anonymous' } }, async (request, reply) => {
      const username = (request.body.username ?? '').slice(0, 200);
      const password = (request.body.password ?? '').slice(0, 1000);
      const next = safeNext(request.body.next);
      const kept = keptFields(request.body);
      const result = await signIn.signIn(username, password, request.ip);
      if (!result.ok) {
        // The directory's own words (AD codes, TLS errors) at warn: what IT needs to fix a sign-in.
        if (result.detail !== undefined)
          request.log.warn({ username, reason: result.reason, detail: result.detail }, 'sign-in refused');
        else request.log.info({ username, reason: result.reason }, 'sign-in refused');
        if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
        const badName = result.reason === 'empty-username' || result.reason === 'invalid-credentials';
        return page(
          request,
          reply,
          'login',
          {
            title: 'Sign in',
            next,
            username,
            error: pageSettings.devLogin && badName ? null : result.message,
            usernameError: pageSettings.devLogin && badName ? DEV_LOGIN_REFUSAL : null,
            ...(kept.length > 0 && {
              ended: { keep: true, files: [] },
              kept: kept.map(([name, value]) => [`${KEPT_PREFIX}${name}`, value]),
            }),
          },
          result.reason === 'throttled' ? 429 : 401,
        );
      }
      const session = await sessions.start(result.user, request.session?.id ?? null);
      request.log.info({ username: result.user.username, admin: result.user.isAdmin }, 'signed in');
      reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(secure));
      reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(secure));
      // A post that came after its session ended: its fields go back to the editor with the new
      // session's token, after one click, so nothing is saved without being seen (by whoever signed in).
      if (kept.length > 0 && isResumePage(next))
        return page(request, reply, 'resume', {
          title: 'Back to your form',
          user: session.user,
          csrfToken: session.csrfToken,
          action: next,
          kept,
        });
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
