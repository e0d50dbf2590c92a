import { Browser, type Page } from './browser.ts';
import type { CheckResult } from './checks.ts';

/**
 * The pages a user works with, walked as a browser would: sign in, the list, create a form (its
 * trainee the first employee found for `traineeQuery`, by default the user's own name), open
 * it, move it to the trash, purge it (so a check leaves no form behind; its audit events stay, as
 * for any purge), and an admin page. The first failing step fails the ones after it, which are not
 * run. A release whose database lacks a column its pages read fails here even if `/health` is 200.
 */
export async function pageChecks(
  baseUrl: string,
  user: { username: string; password: string },
  options: { traineeQuery: string | null; timeoutMs: number },
): Promise<CheckResult[]> {
  const b = new Browser(baseUrl, options.timeoutMs);
  const traineeQuery = options.traineeQuery ?? user.username;
  const title = `Integration check ${new Date().toISOString()}`;
  let formId = '';
  const steps: [string, () => Promise<string>][] = [
    [
      'Sign in',
      async () => {
        const r = await b.submit('/login', '/login', { username: user.username, password: user.password });
        expect(r, [302, 303], `sign-in as ${user.username} refused`);
        return `signed in as ${user.username}`;
      },
    ],
    [
      'Form list',
      async () => {
        const r = await b.get('/');
        expect(r, [200], 'GET /');
        return 'GET / → 200';
      },
    ],
    [
      'Create a form',
      async () => {
        const found = await b.get(`/employees/search?q=${encodeURIComponent(traineeQuery)}`);
        expect(found, [200], 'GET /employees/search');
        const trainee = (JSON.parse(found.body) as { employees: { id: number }[] }).employees[0];
        if (!trainee)
          throw new Error(
            `no employee matches "${traineeQuery}" to attend the form (set INTEGRATION_TRAINEE to a name in the directory, or run the employee sync)`,
          );
        const r = await b.submit('/forms/new', '/forms', {
          traineeIds: String(trainee.id),
          title,
          trainingType: 'Classroom',
          trainer: user.username,
          trainingDate: new Date().toISOString().slice(0, 10),
          durationMinutes: '15',
          description: 'Created and purged by npm run test:integration.',
          _action: 'save',
        });
        expect(r, [303], 'POST /forms');
        formId = /^\/forms\/(\d+)/.exec(r.location ?? '')?.[1] ?? '';
        if (!formId) throw new Error(`POST /forms redirected to ${r.location ?? 'nowhere'}, not to the new form`);
        return `form ${formId} created`;
      },
    ],
    [
      'Open the form',
      async () => {
        const r = await b.get(`/forms/${formId}`);
        expect(r, [200], `GET /forms/${formId}`);
        if (!r.body.includes(title)) throw new Error(`GET /forms/${formId} → 200 without the form's title`);
        return `GET /forms/${formId} → 200`;
      },
    ],
    [
      'Delete the form',
      async () => {
        const r = await b.submit(`/forms/${formId}/delete`, `/forms/${formId}/delete`, {});
        expect(r, [303], `POST /forms/${formId}/delete`);
        return 'moved to the trash';
      },
    ],
    [
      'Purge it from the trash',
      async () => {
        const r = await b.submit(`/trash/${formId}/purge`, `/trash/${formId}/purge`, {});
        expect(r, [303], `POST /trash/${formId}/purge`);
        return 'purged';
      },
    ],
    [
      'Admin access',
      async () => {
        const r = await b.get('/admin/users');
        expect(r, [200], 'GET /admin/users');
        return 'GET /admin/users → 200';
      },
    ],
  ];
  const results: CheckResult[] = [];
  let failed: string | null = null;
  for (const [name, step] of steps) {
    if (failed !== null) {
      results.push({ name, ok: false, detail: `not run: "${failed}" failed` });
      continue;
    }
    try {
      results.push({ name, ok: true, detail: await step() });
    } catch (error) {
      failed = name;
      results.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

function expect(r: Page, statuses: readonly number[], what: string): void {
  if (!statuses.includes(r.status)) throw new Error(`${what} → ${r.status}${r.location ? ` (to ${r.location})` : ''}`);
}
