import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A user as the stand-in lists it (Graph field names). */
export interface StandInUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  department: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
}

export interface StandInOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Page size cap (Graph's is 999). */
  maxPageSize?: number;
}

/**
 * A local HTTPS stand-in for Entra ID and Microsoft Graph: OpenID metadata and a client-credentials
 * token endpoint, and `/v1.0/users` with `$select`/`$top` paging through `@odata.nextLink`. Tests
 * steer it: `throttle` answers 429 (with Retry-After) a number of times on a page, `failFromPage`
 * answers 500 from that page on. Its certificate is self-signed, made with openssl at start;
 * `caFile` is its path for `AZURE_CA_FILE`.
 */
export class GraphStandIn {
  users: StandInUser[] = [];
  /** Page index (0-based) → how many more 429 answers to give there. */
  throttle = new Map<number, { times: number; retryAfterSeconds: number; status?: 429 | 503 }>();
  failFromPage: number | null = null;
  readonly requests: { method: string; path: string; authorization: string | undefined }[] = [];
  tokensIssued = 0;

  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly maxPageSize: number;
  private server: Server | null = null;
  private dir = '';
  caFile = '';
  origin = '';

  constructor(options: StandInOptions = {}) {
    this.tenantId = options.tenantId ?? '11111111-2222-3333-4444-555555555555';
    this.clientId = options.clientId ?? 'stand-in-client';
    this.clientSecret = options.clientSecret ?? 'stand-in-secret';
    this.maxPageSize = options.maxPageSize ?? 999;
  }

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'tf-graph-'));
    const key = join(this.dir, 'key.pem');
    this.caFile = join(this.dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        this.caFile,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    this.server = createServer({ key: readFileSync(key), cert: readFileSync(this.caFile) }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.origin);
        this.requests.push({
          method: req.method ?? '',
          path: url.pathname + url.search,
          authorization: req.headers.authorization,
        });
        const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(json));
        };
        this.handle(req.method ?? 'GET', url, body, req.headers.authorization, send);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `https://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The settings (as environment variables) that point the app at this stand-in. */
  env(): Record<string, string> {
    return {
      AZURE_CLIENT_ID: this.clientId,
      AZURE_CLIENT_SECRET: this.clientSecret,
      AZURE_TENANT_ID: this.tenantId,
      AZURE_AUTHORITY_HOST: this.origin,
      GRAPH_BASE_URL: this.origin,
      AZURE_CA_FILE: this.caFile,
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Fills `users` with `n` generated people (`u-000001` ...). */
  generate(n: number, from = 1): StandInUser[] {
    const out: StandInUser[] = [];
    for (let i = from; i < from + n; i++) {
      const id = `u-${String(i).padStart(6, '0')}`;
      out.push({
        id,
        displayName: `Person ${i}`,
        mail: `person${i}@example.test`,
        userPrincipalName: `person${i}@example.test`,
        department: ['Quality', 'Production', 'R&D', null][i % 4] ?? null,
        jobTitle: i % 3 === 0 ? 'Engineer' : 'Operator',
        accountEnabled: true,
      });
    }
    return out;
  }

  private handle(
    method: string,
    url: URL,
    body: string,
    authorization: string | undefined,
    send: (s: number, j: unknown, h?: Record<string, string>) => void,
  ) {
    const tenantBase = `/${this.tenantId}`;
    if (method === 'GET' && url.pathname === `${tenantBase}/v2.0/.well-known/openid-configuration`) {
      return send(200, {
        token_endpoint: `${this.origin}${tenantBase}/oauth2/v2.0/token`,
        authorization_endpoint: `${this.origin}${tenantBase}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${this.origin}${tenantBase}/oauth2/v2.0/logout`,
        issuer: `${this.origin}${tenantBase}/v2.0`,
        jwks_uri: `${this.origin}${tenantBase}/discovery/v2.0/keys`,
      });
    }
    if (method === 'POST' && url.pathname === `${tenantBase}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== this.clientId ||
        form.get('client_secret') !== this.clientSecret
      )
        return send(401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });
      this.tokensIssued += 1;
      return send(200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: `stand-in-token-${this.tokensIssued}`,
      });
    }
    if (method === 'GET' && url.pathname === '/v1.0/users') {
      if (!authorization?.startsWith('Bearer stand-in-token-'))
        return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
      const top = Math.min(Number(url.searchParams.get('$top') ?? 100), this.maxPageSize);
      const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
      const pageIndex = Math.floor(offset / top);
      const throttled = this.throttle.get(pageIndex);
      if (throttled && throttled.times > 0) {
        throttled.times -= 1;
        return send(
          throttled.status ?? 429,
          { error: { code: 'TooManyRequests', message: 'Slow down' } },
          { 'retry-after': String(throttled.retryAfterSeconds) },
        );
      }
      if (this.failFromPage !== null && pageIndex >= this.failFromPage)
        return send(500, { error: { code: 'InternalServerError', message: 'stand-in failure' } });
      const select = (url.searchParams.get('$select') ?? '').split(',').filter(Boolean);
      const value = this.users
        .slice(offset, offset + top)
        .map((u) =>
          select.length
            ? Object.fromEntries(select.map((k) => [k, (u as unknown as Record<string, unknown>)[k] ?? null]))
            : u,
        );
      const next = offset + top < this.users.length ? new URL(url) : null;
      next?.searchParams.set('$skiptoken', String(offset + top));
      return send(200, {
        '@odata.context': `${this.origin}/v1.0/$metadata#users`,
        value,
        ...(next ? { '@odata.nextLink': next.toString() } : {}),
      });
    }
    send(404, { error: { code: 'NotFound', message: `${method} ${url.pathname}` } });
  }
}
