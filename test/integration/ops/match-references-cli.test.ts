import t from 'tap';
import { join } from 'node:path';
import { forEachDialect } from '../../helpers/targets.ts';
import { runTs } from '../../helpers/processes.ts';
import { composeFor } from '../jobs/job-test-env.ts';

// `npm run documents -- match-references [--apply]` as a process, on each dialect: a dry run lists
// what would be linked and what matches nothing and changes nothing; --apply links and audits each
// form once; running it again is a no-op.

await forEachDialect(t, async (t, handle, ctx) => {
  const env = await composeFor(ctx.settings);
  t.teardown(env.close);
  const { c } = env;
  const db = handle.db;
  const run = (...args: string[]) => runTs('ops/documents.ts', args, env.env);
  const employee = Number(
    (await db.insertInto('employees').values({ directory_id: 'e1', display_name: 'Anna' }).executeTakeFirstOrThrow())
      .insertId,
  );
  const sop = await c.documents.create(
    { reference: 'SOP-CR-004', title: 'Gowning', revision: 'B', effectiveDate: '2026-01-01' },
    'boss',
  );
  const revB = sop.revisions[0]?.id as number;
  const wi = await c.documents.create(
    { reference: 'WI-7', title: 'Lubrication', revision: '1', effectiveDate: '2026-01-01' },
    'boss',
  );
  await c.documents.retire(wi.document.id, 'boss');
  const form = async (referenceDocument: string | null, referenceRevision: string | null, more = {}) =>
    (
      await c.forms.create(
        {
          title: `On ${referenceDocument}`,
          trainingType: 'Classroom',
          trainer: 'Ben',
          trainingDate: '2026-01-05',
          durationMinutes: 60,
          traineeIds: [employee],
          referenceDocument,
          referenceRevision,
          ...more,
        },
        'anna',
      )
    ).id;
  const a = await form('sop cr 004', 'Rev. b');
  const b = await form('wi 7', '1');
  const c1 = await form('SOP-999', 'A');
  const c2 = await form('sop-999', 'a');
  const d = await form('SOP-CR-004', 'Z');
  const linked = await form(null, null, { documentRevisionId: revB });
  await c.forms.softDelete(c2, 'anna');
  const auditCount = async () =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const revisionOf = async (id: number) =>
    (
      await db
        .selectFrom('training_forms')
        .select('document_revision_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).document_revision_id;

  await t.test('a dry run lists the links and the unmatched references, and changes nothing', async (t) => {
    const events = await auditCount();
    const r = await run('match-references');
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, /documents match-references: (sqlite|mariadb) .*\(dry run\)/);
    t.match(r.stdout, /would link 2 form\(s\) to a register revision:/);
    t.match(r.stdout, new RegExp(`  form ${a}: "sop cr 004" rev "Rev\\. b" → SOP-CR-004 rev B\\n`));
    t.match(r.stdout, new RegExp(`  form ${b}: "wi 7" rev "1" → WI-7 rev 1\\n`), 'a retired document matches too');
    t.match(r.stdout, /2 reference\(s\) on 3 form\(s\) match nothing in the register \(left as they are\):/);
    t.match(
      r.stdout,
      new RegExp(`  2 × "SOP-999" rev "A": no such document in the register \\(form ${c1}, ${c2}\\)\\n`),
      'grouped ignoring case and punctuation, deleted forms included',
    );
    t.match(r.stdout, new RegExp(`  1 × "SOP-CR-004" rev "Z": no such revision of the document \\(form ${d}\\)`));
    t.match(r.stdout, /dry run: nothing changed; add --apply to link them/);
    t.notMatch(r.stdout, new RegExp(`form ${linked}\\b`), 'a linked form is not read');
    t.equal(await revisionOf(a), null);
    t.equal(await auditCount(), events);
  });

  await t.test('--apply links in batches, one audit event per form; again is a no-op', async (t) => {
    const events = await auditCount();
    const r = await run('match-references', '--apply', '--actor', 'ops:carla');
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, /linking 2 form\(s\) to a register revision:/);
    t.match(r.stdout, /✅ linked 2 form\(s\) in 1 batch\(es\) as "ops:carla", each audited/);
    t.match(r.stdout, /2 reference\(s\) on 3 form\(s\) match nothing/, 'the unmatched are still listed');
    t.equal(await revisionOf(a), revB);
    const row = await db
      .selectFrom('training_forms')
      .select(['reference_document', 'reference_revision', 'version', 'updated_by'])
      .where('id', '=', a)
      .executeTakeFirstOrThrow();
    t.same(row, { reference_document: 'SOP-CR-004', reference_revision: 'B', version: 2, updated_by: 'ops:carla' });
    t.equal(await revisionOf(d), null, 'an unmatched form is left alone');
    t.equal(await auditCount(), events + 2);
    const history = await c.details.details(a);
    const last = history.history.at(-1);
    t.same([last?.action, last?.actor], ['update', 'ops:carla']);
    t.same(last?.details, {
      changes: {
        documentRevisionId: { from: null, to: revB },
        referenceDocument: { from: 'sop cr 004', to: 'SOP-CR-004' },
        referenceRevision: { from: 'Rev. b', to: 'B' },
      },
    });

    const again = await run('match-references', '--apply');
    t.equal(again.code, 0, again.stderr);
    t.match(again.stdout, /nothing to link/);
    t.notMatch(again.stdout, /✅ linked [1-9]/);
    t.equal(await auditCount(), events + 2, 'no event the second time');
    t.equal((await c.forms.get(a)).version, 2);
    const verify = await runTs('ops/audit.ts', ['verify'], env.env);
    t.equal(verify.code, 0, 'the audit chain still verifies');
    const summary = await run('check-training-summary');
    t.equal(summary.code, 0, `the training matrix's summary followed the links: ${summary.stderr}`);
    t.match(summary.stdout, /matches the forms: 2 \(employee, document\) pair/);
  });

  await t.test('bad usage and a missing database exit 2 and change nothing', async (t) => {
    const bad = await run('match-everything');
    t.equal(bad.code, 2);
    t.match(
      bad.stderr,
      /give exactly one subcommand: match-references, rebuild-training-summary, check-training-summary\nusage: npm run documents -- match-references/,
    );
    t.equal((await run('match-references', '--aply')).code, 2);
    if (ctx.settings.dialect !== 'sqlite') return;
    const missing = await runTs('ops/documents.ts', ['match-references'], {
      ...env.env,
      DB_PATH: join(env.dir, 'nope.db'),
    });
    t.equal(missing.code, 2, missing.stdout);
    t.match(missing.stderr, /cannot start: SQLite database file .*nope\.db does not exist/);
  });
});
