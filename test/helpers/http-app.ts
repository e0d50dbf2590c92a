import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import type { DatabaseSettings } from '../../src/adapters/db/connection/connect.ts';
import { buildApp } from '../../src/app/build-app.ts';
import { compose, type Composition } from '../../src/app/composition/compose.ts';
import { loadConfig, type Config } from '../../src/app/config.ts';
import type { Authenticator } from '../../src/domain/ports/authenticator.ts';
import { ManualClock } from './clock.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: Composition;
  readonly config: Config;
  readonly uploads: string;
  readonly clock: ManualClock;
  /** Employees seeded for trainee choices, by display name. */
  readonly employeeIds: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

export const EMPLOYEES = ['Anna Schmidt', 'Ben Rossi', 'Chiara Nguyen', 'David Kowalski', 'Elif Garcia', 'Old Timer'];

/**
 * The whole application over a migrated database (the dialect's settings), with a temp upload
 * folder, a manual clock, `boss` as ADMIN_USERS administrator and a few employees.
 */
export async function startTestApp(
  database: DatabaseSettings,
  env: Record<string, string> = {},
  override: Partial<Config> = {},
  authenticator?: Authenticator,
  options: { logStream?: DestinationStream; runNowWaitMs?: number } = {},
): Promise<TestApp> {
  const uploads = mkdtempSync(join(tmpdir(), 'tf-uploads-'));
  const base = loadConfig({ APP_ENV: 'test', UPLOAD_FOLDER: uploads, ADMIN_USERS: 'boss, chief', ...env }, ROOT);
  const config: Config = { ...base, database, ...override };
  const clock = new ManualClock();
  const services = await compose(config, {
    clock,
    ...(authenticator && { authenticator }),
    ...(options.runNowWaitMs !== undefined && { runNowWaitMs: options.runNowWaitMs }),
  });
  await services.migrate();
  await services.seedAdmins();
  await services.employees.upsert(
    EMPLOYEES.map((name, i) => ({
      directoryId: `dir-${i}`,
      displayName: name,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
      userPrincipalName: null,
      department: i % 2 ? 'Production' : 'Quality Assurance',
      jobTitle: null,
      active: name !== 'Old Timer',
      lastSyncedAt: null,
    })),
  );
  const rows = await services.database.db.selectFrom('employees').select(['id', 'display_name']).execute();
  const employeeIds = Object.fromEntries(rows.map((e) => [e.display_name, e.id]));
  const app = await buildApp(
    config,
    services,
    options.logStream ? { logStream: options.logStream } : { logger: false },
  );
  return {
    app,
    services,
    config,
    uploads,
    clock,
    employeeIds,
    async close() {
      await app.close();
      await services.close();
      rmSync(uploads, { recursive: true, force: true });
    },
  };
}

/** A pino destination that keeps every line written, parsed (tests assert what was really logged). */
export class LogCapture implements DestinationStream {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  /** Lines at or above a pino level (30 info, 40 warn, 50 error). */
  atLeast(level: number): Record<string, unknown>[] {
    return this.lines.filter((l) => typeof l.level === 'number' && l.level >= level);
  }
}

/** A browser stand-in: keeps cookies, reads the CSRF token from the last page, follows nothing. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { ...headers, cookie: this.cookieHeader() } }),
    );
  }

  /** A form POST; `_csrf` is added from the last page unless given. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
        payload: body.toString(),
      }),
    );
  }

  async postRaw(
    url: string,
    payload: Buffer | string,
    headers: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({ method: 'POST', url, headers: { ...headers, cookie: this.cookieHeader() }, payload }),
    );
  }

  /** Signs in through the real sign-in page, then opens the home page (for the session's CSRF token). */
  async signIn(username: string): Promise<LightMyRequestResponse> {
    await this.get('/login');
    const res = await this.post('/login', { username });
    if (res.statusCode === 303) await this.get('/');
    return res;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }
}

/** The text of the element with that id (first match), tags stripped; '' when absent. */
export function fieldError(html: string, field: string): string {
  const m = new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html);
  return m?.[1] ?? '';
}

/** A valid create/edit body for the given trainees. */
export function formBody(traineeIds: number[], change: Record<string, string> = {}): Record<string, string | string[]> {
  return {
    title: 'Cleanroom gowning',
    trainingType: 'Classroom',
    trainingDate: '2026-11-20',
    durationMinutes: '90',
    trainer: 'Grace Weber',
    location: 'Cleanroom 2',
    referenceDocument: 'SOP-0042',
    referenceRevision: 'C',
    description: 'Gowning steps & checks <b>bold?</b>',
    traineeIds: traineeIds.map(String),
    ...change,
  };
}
