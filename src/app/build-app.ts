import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { AppServices } from '../adapters/http/app-services.ts';
import { httpAdapter } from '../adapters/http/pages.ts';
import type { Config } from './config.ts';
import { loggerOptions } from './logger.ts';

/**
 * The Fastify application (not listening): tests `inject()` into it, `server.ts` listens.
 * Limits are the counterparts of the old Waitress settings (connection limit, timeouts).
 * `logStream` sends the JSON log lines there instead of stdout (tests read what was written).
 */
export async function buildApp(
  config: Config,
  services: AppServices,
  options: { logger?: boolean; logStream?: DestinationStream } = {},
): Promise<FastifyInstance> {
  const { transport: _pretty, ...jsonOptions } = loggerOptions(config);
  const app = Fastify({
    logger: options.logStream
      ? { ...jsonOptions, stream: options.logStream }
      : options.logger === false
        ? false
        : loggerOptions(config),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // The proxies' addresses, never `true` or a hop count: those let a client choose its own ip.
    trustProxy: config.server.trustProxy === false ? false : [...config.server.trustProxy],
    bodyLimit: config.server.bodyLimitBytes,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    requestTimeout: config.server.requestTimeoutMs,
    // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check often
    // enough that a slow-header connection is closed close to HEADERS_TIMEOUT_MS.
    http: {
      headersTimeout: config.server.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.server.headersTimeoutMs),
    },
    connectionTimeout: config.server.requestTimeoutMs,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  app.server.maxConnections = config.server.connectionLimit;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await httpAdapter(app, { services });
  return app;
}
