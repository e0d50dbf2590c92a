import t from 'tap';
import { join } from 'node:path';
import { forEachDialect } from '../../helpers/targets.ts';
import { runTs } from '../../helpers/processes.ts';
import { composeFor } from '../jobs/job-test-env.ts';

// `npm run documents -- check-training-summary | rebuild-training-summary` as processes, on each
// dialect: the summary kept by the forms matches a fresh aggregation; a drift made by editing the
// table directly is found (exit 1, the pairs listed) and a rebuild repairs it.

await forEachDialect(t, async (t, handle, ctx) => {
  const env = await composeFor(ctx.settings);
  t.teardown(env.close);
  const { c } = env;
  const db = handle.db;
  const run = (...args: string[]) => runTs('ops/documents.ts', args, env.env);
  const person = async (name: string) =>
    Number(
      (
        await db
          .insertInto('employees')
          .values({ directory_id: name, display_name: name, department: 'Maintenance' })
          .executeTakeFirstOrThrow()
      ).insertId,
    );
  const anna = await person('Anna');
  const ben = await person('Ben');
  const sop = await c.documents.create(
    { reference: 'SOP-CR-004', title: 'Gowning', revision: 'A', effectiveDate: '2025-01-01' },
    'boss',
  );
  const revA = sop.revisions[0]?.id as number;
  await c.requirements.require(sop.document.id, { kind: 'department', value: 'Maintenance' }, 'boss');
  const form = (traineeIds: number[], trainingDate: string) =>
    c.forms.create(
      {
        title: 'Gowning',
        trainingType: 'Classroom',
        trainer: 'Grace',
        trainingDate,
        durationMinutes: 60,
        traineeIds,
        documentRevisionId: revA,
      },
      'anna',
    );
  await form([anna, ben], '2025-02-01');
  const later = await form([anna], '2025-03-01');
  await c.forms.softDelete(later.id, 'anna');

  await t.test('the summary the forms kept matches a fresh aggregation', async (t) => {
    const r = await run('check-training-summary');
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, /documents check-training-summary: (sqlite|mariadb) /);
    t.match(r.stdout, /✅ the training summary matches the forms: 2 \(employee, document\) pair\(s\)/);
  });

  await t.test('a drift made in the table is listed pair by pair (exit 1); a rebuild repairs it', async (t) => {
    await db
      .updateTable('employee_document_training')
      .set({ last_training_date: '2025-03-01' })
      .where('employee_id', '=', anna)
      .execute();
    await db.deleteFrom('employee_document_training').where('employee_id', '=', ben).execute();
    await db
      .insertInto('employee_document_training')
      .values({
        employee_id: ben + 1000,
        document_id: sop.document.id,
        newest_revision_id: revA,
        newest_effective_date: '2025-01-01',
        last_training_date: '2025-01-02',
      })
      .execute();
    const drift = await run('check-training-summary');
    t.equal(drift.code, 1, drift.stdout);
    t.match(drift.stderr, /❌ the training summary differs from the forms on 3 pair\(s\) \(of 2\):/);
    const d = sop.document.id;
    t.match(
      drift.stderr,
      new RegExp(
        `  employee ${anna}, document ${d}: the forms give revision id ${revA} \\(effective 2025-01-01\\), ` +
          `last trained 2025-02-01; the summary has revision id ${revA} \\(effective 2025-01-01\\), last trained 2025-03-01`,
      ),
      'a changed row',
    );
    t.match(drift.stderr, new RegExp(`  employee ${ben}, document ${d}: the forms give .*; the summary has no row`));
    t.match(
      drift.stderr,
      new RegExp(`  employee ${ben + 1000}, document ${d}: the forms give no row; the summary has`),
    );
    t.match(drift.stderr, /fix: npm run documents -- rebuild-training-summary/);
    const matrix = await c.matrix.forDocument(d);
    t.same(
      matrix.rows.map((r) => [r.employee.displayName, r.status, r.lastTrainingDate]),
      [
        ['Anna', 'current', '2025-03-01'],
        ['Ben', 'never', null],
      ],
      'the matrix reads the summary (so it shows the drift until the rebuild)',
    );

    const rebuilt = await run('rebuild-training-summary');
    t.equal(rebuilt.code, 0, rebuilt.stderr);
    t.match(rebuilt.stdout, /✅ rebuilt the training summary: 2 \(employee, document\) pair\(s\) in \d+ batch\(es\)/);
    const again = await run('check-training-summary');
    t.equal(again.code, 0, again.stderr);
    t.same(
      (await c.matrix.forDocument(d)).rows.map((r) => [r.employee.displayName, r.status, r.lastTrainingDate]),
      [
        ['Anna', 'current', '2025-02-01'],
        ['Ben', 'current', '2025-02-01'],
      ],
    );
  });

  await t.test('bad usage and a missing database exit 2', async (t) => {
    const extra = await run('check-training-summary', '--apply');
    t.equal(extra.code, 2);
    t.match(extra.stderr, /--apply and --actor belong to match-references, not check-training-summary/);
    if (ctx.settings.dialect !== 'sqlite') return;
    const missing = await runTs('ops/documents.ts', ['rebuild-training-summary'], {
      ...env.env,
      DB_PATH: join(env.dir, 'nope.db'),
    });
    t.equal(missing.code, 2, missing.stdout);
    t.match(missing.stderr, /documents: cannot start: SQLite database file .*nope\.db does not exist/);
  });
});
