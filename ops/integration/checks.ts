import { pageChecks } from './page-checks.ts';

/** The checks of `npm run test:integration`, run against a deployed instance over HTTP. */

export interface CheckOptions {
  readonly baseUrl: string;
  /** The APP_ENV the instance must report, or null to accept any. */
  readonly expectedEnv: string | null;
  /** The commit the instance must report running (`/health`), or null to accept any. */
  readonly expectedCommit: string | null;
  /** Whom the check's form names as its trainee: a search of the employee directory (default: the admin's username). */
  readonly traineeQuery?: string | null;
  /** An administrator to walk the pages as; null skips the page checks. */
  readonly admin: { readonly username: string; readonly password: string } | null;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** Not run (nothing configured for it); neither a pass nor a failure. */
  readonly skipped?: boolean;
  readonly detail?: string;
}

interface Health {
  status?: string;
  environment?: string;
  version?: string;
  commit?: string | null;
  schema?: { matches?: boolean | null; differences?: string[]; error?: string };
  database?: {
    reachable?: boolean;
    dialect?: string;
    error?: string;
    migrations?: {
      current?: string | null;
      latest?: string | null;
      pending?: number;
      unknown?: number;
      upToDate?: boolean;
    };
  };
  uploads?: { writable?: boolean };
}

const TIMEOUT_MS = 10_000;

export async function runChecks(o: CheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let health: Health | null = null;
  try {
    const res = await fetch(`${o.baseUrl}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    health = (await res.json()) as Health;
    results.push({
      name: 'HTTP response',
      ok: res.status === 200,
      detail: `GET /health → ${res.status}, version ${health.version ?? '?'}, commit ${health.commit ?? 'not reported'}`,
    });
  } catch (error) {
    results.push({
      name: 'HTTP response',
      ok: false,
      detail: `GET /health failed: ${error instanceof Error ? error.message : String(error)}`,
    });
    return results;
  }
  const db = health.database;
  results.push({
    name: 'Database connectivity',
    ok: db?.reachable === true,
    detail: db?.reachable ? `${db.dialect} reachable` : `unreachable: ${db?.error ?? 'no database report'}`,
  });
  const m = db?.migrations;
  results.push({
    name: 'Migration status',
    ok: m?.upToDate === true,
    detail: m
      ? `at ${m.current ?? '(none)'}, head ${m.latest ?? '(none)'}, ${m.pending ?? '?'} pending, ${m.unknown ?? '?'} unknown`
      : 'no migration report',
  });
  const schema = health.schema;
  results.push({
    name: 'Schema matches the release',
    ok: schema?.matches === true,
    detail:
      schema?.matches === true
        ? 'the database matches the declared schema'
        : schema?.matches === false
          ? `differs: ${(schema.differences ?? []).join('; ')}`
          : `not known: ${schema?.error ?? 'no schema report'}`,
  });
  if (o.expectedCommit !== null)
    results.push({
      name: 'Release commit',
      ok: health.commit === o.expectedCommit,
      detail:
        health.commit === o.expectedCommit
          ? `runs ${o.expectedCommit.slice(0, 12)}`
          : `runs ${health.commit ?? 'an unreported commit'}, not ${o.expectedCommit}`,
    });
  results.push({
    name: 'Upload directory',
    ok: health.uploads?.writable === true,
    detail: health.uploads?.writable ? 'present and writable' : 'missing or not writable',
  });
  results.push({
    name: 'Environment configuration',
    ok: health.status === 'ok' && (o.expectedEnv === null || health.environment === o.expectedEnv),
    detail: `APP_ENV=${health.environment ?? '?'}${o.expectedEnv ? ` (expected ${o.expectedEnv})` : ''}, status ${health.status ?? '?'}`,
  });
  if (o.admin)
    results.push(
      ...(await pageChecks(o.baseUrl, o.admin, { traineeQuery: o.traineeQuery ?? null, timeoutMs: TIMEOUT_MS })),
    );
  else
    results.push({
      name: 'Pages',
      ok: true,
      skipped: true,
      detail: 'not checked: set INTEGRATION_ADMIN_USER and INTEGRATION_ADMIN_PASSWORD',
    });
  return results;
}
