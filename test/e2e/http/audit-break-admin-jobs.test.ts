import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { maintenanceJobs } from '../../../src/app/composition/jobs.ts';
import { runNamedJob } from '../../../src/app/jobs/job-definitions.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';
import { silentLog } from '../../integration/jobs/job-test-env.ts';

// A deleted audit row, caught by the nightly cleanup, is what an admin sees on /admin/jobs.

await forEachDialect(t, async (t, _handle, ctx) => {
  const backups = mkdtempSync(join(tmpdir(), 'tf-backups-'));
  t.teardown(() => rmSync(backups, { recursive: true, force: true }));
  const env = await startTestApp(ctx.settings, { BACKUP_FOLDER: backups });
  t.teardown(() => env.close());
  const alice = new Client(env.app);
  await alice.signIn('Alice');
  await alice.get('/forms/new');
  for (const title of ['One', 'Two', 'Three'])
    await alice.post('/forms', formBody([env.employeeIds['Anna Schmidt']!], { title }));
  const db = env.services.database.db;
  const second = await db
    .selectFrom('audit_events')
    .select(['id', 'seq'])
    .where('action', '=', 'create')
    .orderBy('seq')
    .offset(1)
    .limit(1)
    .executeTakeFirstOrThrow();
  await db.deleteFrom('audit_events').where('id', '=', second.id).execute();

  const outcome = await runNamedJob(maintenanceJobs(env.services), 'cleanup', { trigger: 'schedule', log: silentLog });
  t.equal(outcome.status, 'failed');
  const boss = new Client(env.app);
  await boss.signIn('boss');
  const page = await boss.get('/admin/jobs');
  t.equal(page.statusCode, 200);
  const row = page.body.split('<tr').find((r) => r.includes('<th scope="row">Cleanup')) ?? '';
  t.match(row, /<span class="badge bad">Failed<\/span>/, 'the cleanup row shows the failure');
  t.match(
    row,
    new RegExp(
      `audit chain broken at sequence ${Number(second.seq) + 1}, row id \\d+: sequence ${Number(second.seq)} is missing \\(deleted row\\)`,
    ),
  );
  t.match(row, /audit trail BROKEN/, 'and the counts, in words');
  t.match(
    page.body,
    /<section class="alerts"[^>]*>[\s\S]*Cleanup failed \(started [^)]*\): audit chain broken at sequence/,
    'and the banner',
  );
});
