import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { HttpsTransport } from './https-transport.ts';

/**
 * The last Graph middleware: sends the request through {@link HttpsTransport} (so the CA setting
 * applies) instead of the global `fetch`, and hands a standard `Response` back up the chain (the
 * retry handler reads its status and `Retry-After`).
 */
export class HttpsMessageHandler implements Middleware {
  constructor(
    private readonly transport: HttpsTransport,
    private readonly signal?: () => AbortSignal | undefined,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const init = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => (headers[k] = v));
    const body = typeof init.body === 'string' ? init.body : undefined;
    const res = await this.transport.send(url, {
      method: init.method ?? 'GET',
      headers,
      body,
      signal: this.signal?.(),
    });
    const noBody = res.status === 204 || res.status === 304;
    context.response = new Response(noBody ? null : res.body, { status: res.status, headers: res.headers });
  }
}
