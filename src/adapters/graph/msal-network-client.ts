import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { HttpsTransport } from './https-transport.ts';

/** MSAL's network module on {@link HttpsTransport}, so the token calls honour the same CA setting. */
export class MsalNetworkClient implements INetworkModule {
  constructor(private readonly transport: HttpsTransport) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await this.transport.send(url, { method, headers: options?.headers, body: options?.body });
    const text = res.body.toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new Error(`The token endpoint answered ${res.status} with a body that is not JSON`);
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }
}
