import { request } from 'node:https';
import { rootCertificates } from 'node:tls';

/** A plain HTTP exchange; bodies are buffered (Graph pages and token answers are small). */
export interface HttpsExchange {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * HTTPS over node:https with an optional extra CA (private trust, e.g. a TLS-inspecting proxy or a
 * test stand-in) added to Node's public roots. Used by both the MSAL network client and the last
 * Graph middleware, so one CA setting covers every call. Refuses anything but https.
 */
export class HttpsTransport {
  private readonly ca: string[] | undefined;

  constructor(options: { extraCa?: string | null; timeoutMs?: number } = {}) {
    this.ca = options.extraCa ? [...rootCertificates, options.extraCa] : undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private readonly timeoutMs: number;

  send(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<HttpsExchange> {
    const target = new URL(url);
    if (target.protocol !== 'https:') return Promise.reject(new Error(`Refusing a non-https URL: ${target.origin}`));
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        { method: init.method, headers: init.headers, ca: this.ca, timeout: this.timeoutMs, signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`No answer from ${target.host} within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(init.body);
    });
  }
}
