/** The checks of `npm run test:integration`, run against a deployed instance over HTTP. */

export interface CheckOptions {
  readonly baseUrl: string;
  /** The APP_ENV the instance must report, or null to accept any. */
  readonly expectedEnv: string | null;
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
  database?: { reachable?: boolean; dialect?: string; error?: string; migrations?: { current?: string | null; latest?: string | null; pending?: number; unknown?: number; upToDate?: boolean } };
  uploads?: { writable?: boolean };
}

const TIMEOUT_MS = 10_000;

export async function runChecks(o: CheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let health: Health | null = null;
  try {
    const res = await fetch(`${o.baseUrl}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    health = (await res.json()) as Health;
    results.push({ name: 'HTTP response', ok: res.status === 200, detail: `GET /health → ${res.status}, version ${health.version ?? '?'}` });
  } catch (error) {
    results.push({ name: 'HTTP response', ok: false, detail: `GET /health failed: ${error instanceof Error ? error.message : String(error)}` });
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
    detail: m ? `at ${m.current ?? '(none)'}, head ${m.latest ?? '(none)'}, ${m.pending ?? '?'} pending, ${m.unknown ?? '?'} unknown` : 'no migration report',
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
  results.push(o.admin ? await adminAccess(o.baseUrl, o.admin) : { name: 'Admin access', ok: true, skipped: true, detail: 'not checked: set INTEGRATION_ADMIN_USER and INTEGRATION_ADMIN_PASSWORD' });
  return results;
}

/** Signs in through the real sign-in page (CSRF token and cookies as a browser) and opens an admin page. */
async function adminAccess(baseUrl: string, admin: { username: string; password: string }): Promise<CheckResult> {
  const name = 'Admin access';
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  try {
    const form = await fetch(`${baseUrl}/login`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    keep(form);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    if (!csrf) return { name, ok: false, detail: `GET /login → ${form.status} without a sign-in form` };
    const signIn = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
      body: new URLSearchParams({ _csrf: csrf, username: admin.username, password: admin.password }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    keep(signIn);
    if (signIn.status !== 302 && signIn.status !== 303) return { name, ok: false, detail: `sign-in as ${admin.username} refused (${signIn.status})` };
    const page = await fetch(`${baseUrl}/admin/users`, { redirect: 'manual', headers: { cookie: cookie() }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { name, ok: page.status === 200, detail: `signed in as ${admin.username}; GET /admin/users → ${page.status}` };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
