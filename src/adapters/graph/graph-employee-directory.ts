import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import type { DirectoryPerson, EmployeeDirectory } from '../../domain/ports/employee-directory.ts';
import type { ProgressListener } from '../../domain/ports/progress-listener.ts';
import { HttpsMessageHandler } from './https-message-handler.ts';
import { HttpsTransport } from './https-transport.ts';
import { MsalNetworkClient } from './msal-network-client.ts';

/** Where and how to reach Entra ID and Microsoft Graph (public cloud by default; national clouds by setting). */
export interface GraphSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  /** e.g. `https://login.microsoftonline.com` or `https://login.microsoftonline.us`. */
  readonly authorityHost: string;
  /** e.g. `https://graph.microsoft.com` or `https://graph.microsoft.us` (no version). */
  readonly graphBaseUrl: string;
  /** PEM text of an extra CA to trust, or null. */
  readonly extraCa: string | null;
  readonly pageSize?: number;
  /** Retries of a 429/503/504 answer (honouring `Retry-After`) before the listing fails. */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}

const SELECT = ['id', 'displayName', 'mail', 'userPrincipalName', 'department', 'jobTitle', 'accountEnabled'];

/** The Graph `/users` fields this adapter reads. */
interface GraphUser {
  id?: unknown;
  displayName?: unknown;
  mail?: unknown;
  userPrincipalName?: unknown;
  department?: unknown;
  jobTitle?: unknown;
  accountEnabled?: unknown;
}

/**
 * {@link EmployeeDirectory} on Microsoft Graph: a client-credentials token from msal-node, then
 * `/users` with `$select` and `$top`, following `@odata.nextLink` exactly as given until the last
 * page. The Graph client's retry handler honours `Retry-After` on 429/503/504. Any page that still
 * fails rejects the whole listing.
 */
export class GraphEmployeeDirectory implements EmployeeDirectory {
  private readonly client: Client;
  private currentSignal: AbortSignal | undefined;

  constructor(private readonly settings: GraphSettings) {
    const transport = new HttpsTransport({ extraCa: settings.extraCa, timeoutMs: settings.timeoutMs });
    const authority = new URL(settings.authorityHost);
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        authority: `${authority.origin}/${settings.tenantId}`,
        knownAuthorities: [authority.host],
      },
      system: { networkClient: new MsalNetworkClient(transport) },
    });
    const graphUrl = new URL(settings.graphBaseUrl);
    const authProvider: AuthenticationProvider = {
      getAccessToken: async () => {
        const result = await msal.acquireTokenByClientCredential({ scopes: [`${graphUrl.origin}/.default`] });
        if (!result?.accessToken) throw new Error('The token endpoint returned no access token');
        return result.accessToken;
      },
    };
    const auth = new AuthenticationHandler(authProvider);
    const retry = new RetryHandler(new RetryHandlerOptions(3, settings.maxRetries ?? 5));
    const send = new HttpsMessageHandler(transport, () => this.currentSignal);
    auth.setNext(retry);
    retry.setNext(send);
    this.client = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: graphUrl.origin,
      defaultVersion: 'v1.0',
      // Host names without port: the Graph client compares them with the port stripped.
      customHosts: new Set([graphUrl.hostname]),
    });
  }

  async listAll(signal?: AbortSignal, onProgress?: ProgressListener): Promise<DirectoryPerson[]> {
    this.currentSignal = signal;
    const people: DirectoryPerson[] = [];
    let page = (await this.client
      .api('/users')
      .select(SELECT)
      .top(this.settings.pageSize ?? 999)
      .get()) as unknown;
    for (;;) {
      signal?.throwIfAborted();
      const { value, nextLink } = parsePage(page);
      for (const user of value) people.push(toPerson(user));
      onProgress?.({ stage: 'directory', done: people.length, unit: 'employees' });
      if (nextLink === null) return people;
      const next = new URL(nextLink);
      if (next.origin !== new URL(this.settings.graphBaseUrl).origin)
        throw new Error(`Graph returned a next page on another host (${next.host}); refusing to follow it`);
      page = (await this.client.api(nextLink).get()) as unknown;
    }
  }
}

function parsePage(page: unknown): { value: GraphUser[]; nextLink: string | null } {
  if (typeof page !== 'object' || page === null || !Array.isArray((page as { value?: unknown }).value))
    throw new Error('Graph /users answered without a "value" array');
  const link = (page as { '@odata.nextLink'?: unknown })['@odata.nextLink'];
  if (link !== undefined && typeof link !== 'string')
    throw new Error('Graph /users answered with a malformed @odata.nextLink');
  return { value: (page as { value: GraphUser[] }).value, nextLink: link ?? null };
}

function toPerson(u: GraphUser): DirectoryPerson {
  if (typeof u.id !== 'string' || u.id === '' || u.id.length > 64)
    throw new Error('Graph listed a user without a valid id');
  const text = (v: unknown, max: number) => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null);
  return {
    directoryId: u.id,
    displayName: text(u.displayName, 200) ?? text(u.userPrincipalName, 200) ?? u.id,
    email: text(u.mail, 254),
    userPrincipalName: text(u.userPrincipalName, 254),
    department: text(u.department, 120),
    jobTitle: text(u.jobTitle, 120),
    enabled: u.accountEnabled !== false,
  };
}
