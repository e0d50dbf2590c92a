import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { MAX_FILES_PER_UPLOAD, viewableInline } from '../../../domain/attachment-policy.ts';
import type { PageSettings } from '../app-services.ts';

/** Templates and static assets sit beside this adapter (the build copies them into dist/). */
export const VIEWS_FOLDER = fileURLToPath(new URL('../views/', import.meta.url));
export const STATIC_FOLDER = fileURLToPath(new URL('../static/', import.meta.url));

/**
 * The web infrastructure of the pages: security headers with a strict CSP (no inline script or
 * style anywhere), signed cookies, form and multipart bodies, eta views and local static files.
 */
export const web = fp(
  async function web(app: FastifyInstance, opts: { settings: PageSettings }) {
    const { settings } = opts;
    const deployed = settings.appEnv === 'staging' || settings.appEnv === 'production';
    // helmet's middleware, built once: @fastify/helmet rebuilt it (parsing every directive) on each
    // request, ~3 % of a page's CPU. The headers are set on the raw response before any handler runs.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          ...(deployed ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: deployed ? { maxAge: 15_552_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    });
    app.addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
    );
    await app.register(cookie, { secret: settings.secretKey, hook: 'onRequest' });
    await app.register(formbody);
    await app.register(multipart, {
      // One file more than allowed reaches the domain, which refuses the whole upload for it.
      limits: {
        fileSize: settings.maxUploadBytes,
        files: MAX_FILES_PER_UPLOAD + 1,
        fields: 10,
        fieldSize: 1024,
        parts: MAX_FILES_PER_UPLOAD + 10,
      },
    });
    await app.register(view, {
      engine: { eta: new Eta({ views: VIEWS_FOLDER, cache: settings.cacheTemplates, autoEscape: true }) },
      root: VIEWS_FOLDER,
      layout: 'layout.eta',
      viewExt: 'eta',
      production: settings.cacheTemplates,
      defaultContext: {
        devLogin: settings.devLogin,
        maxUploadMb: settings.maxUploadBytes / (1024 * 1024),
        viewableInline,
      },
    });
    await app.register(fastifyStatic, { root: STATIC_FOLDER, serve: false, decorateReply: true });
  },
  { name: 'web' },
);
