import type { LoggerOptions } from 'pino';
import type { Config } from './config.ts';

/** pino options: pretty in development, JSON elsewhere; secrets and cookies never written. */
export function loggerOptions(config: Config): LoggerOptions {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.secret',
        '*.secretKey',
      ],
      censor: '[redacted]',
    },
    ...(config.prettyLogs
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
}
