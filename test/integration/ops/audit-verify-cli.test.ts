import { sql } from 'kysely';
import t, { type Test } from 'tap';
import { maintenanceJobs } from '../../../src/app/composition/jobs.ts';
import { runNamedJob } from '../../../src/app/jobs/job-definitions.ts';
import { auditContent } from '../../../src/domain/audit-seal.ts';
import { hasher } from '../../builders/audit-chain.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { runTs } from '../../helpers/processes.ts';
import { composeFor, silentLog } from '../jobs/job-test-env.ts';

// Tampering with one audit row by SQL, as someone with database access would, is caught by
// `npm run audit -- verify` (run as a process) and by the nightly cleanup's job run.

await forEachDialect(t, async (t, handle, ctx) => {
  const env = await composeFor(ctx.settings);
  t.teardown(env.close);
  const { c } = env;
  const db = handle.db;
  const verify = () => runTs('ops/audit.ts', ['verify'], env.env);
  const employee = Number(
    (await db.insertInto('employees').values({ directory_id: 'e1', display_name: 'Anna' }).executeTakeFirstOrThrow())
      .insertId,
  );
  const form = {
    trainingType: 'Classroom',
    trainer: 'Ben',
    trainingDate: '2026-01-05',
    durationMinutes: 60,
    traineeIds: [employee],
  };
  const a = await c.forms.create({ ...form, title: 'Gowning' }, 'anna');
  await c.forms.update(a.id, a.version, { ...form, title: 'Gowning v2' }, 'anna');
  const b = await c.forms.create({ ...form, title: 'Cleaning' }, 'anna');
  await c.forms.softDelete(b.id, 'anna');
  await c.forms.purge(b.id, 'admin');
  const rows = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  const row = (seq: number) => rows.find((r) => Number(r.seq) === seq) ?? t.fail(`no seq ${seq}`);

  await t.test('an untouched trail verifies, purged form included: exit 0', async (t) => {
    t.equal(rows.length, 5);
    t.same(
      rows.map((r) => r.action),
      ['create', 'update', 'create', 'delete', 'purge'],
      'purge keeps the form’s audit rows',
    );
    const r = await verify();
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, /audit chain intact: 5 event\(s\) verified/);
  });

  const broken = async (t: Test, tamper: () => Promise<unknown>, undo: () => Promise<unknown>, expected: RegExp) => {
    await tamper();
    try {
      const r = await verify();
      t.equal(r.code, 1, r.stdout + r.stderr);
      t.match(r.stderr, expected);
    } finally {
      await undo();
    }
    t.equal((await verify()).code, 0, 'intact again once undone');
  };
  const third = row(3) as { id: number; details: string | null };

  await t.test('UPDATE of one row’s details: the edited row is named', (t) =>
    broken(
      t,
      () => db.updateTable('audit_events').set({ details: '{"title":"Forged"}' }).where('id', '=', third.id).execute(),
      () => db.updateTable('audit_events').set({ details: third.details }).where('id', '=', third.id).execute(),
      new RegExp(
        `audit chain broken at sequence 3, row id ${third.id}: the content does not match its hash \\(edited row\\)`,
      ),
    ),
  );

  await t.test('DELETE of a middle row: the gap is named', (t) =>
    broken(
      t,
      () => db.deleteFrom('audit_events').where('id', '=', third.id).execute(),
      () =>
        db
          .insertInto('audit_events')
          .values(third as never)
          .execute(),
      /audit chain broken at sequence 4, row id \d+: sequence 3 is missing \(deleted row\)/,
    ),
  );

  await t.test('INSERT of a forged row without a seal', async (t) => {
    const forged = {
      occurred_at: '2026-12-03 08:00:00.000',
      actor: 'mallory',
      action: 'update',
      entity_type: 'training_form',
      entity_id: String(a.id),
      details: null,
    };
    let id = 0;
    await broken(
      t,
      async () =>
        (id = Number((await db.insertInto('audit_events').values(forged).executeTakeFirstOrThrow()).insertId)),
      () => db.deleteFrom('audit_events').where('id', '=', id).execute(),
      /audit chain broken at row id \d+: the row carries no seal/,
    );
  });

  await t.test('INSERT of a forged row sealed onto the last one (head not moved): past the head', async (t) => {
    const last = row(5) as { hash: string | null };
    const event = {
      occurredAt: new Date('2026-12-03T08:00:00.000Z'),
      actor: 'mallory',
      action: 'update',
      entityType: 'training_form',
      entityId: String(a.id),
      details: null,
    };
    const hash = hasher.sha256Hex(auditContent(event, 6, last.hash ?? ''));
    const forged = {
      occurred_at: '2026-12-03 08:00:00.000',
      actor: 'mallory',
      action: 'update',
      entity_type: 'training_form',
      entity_id: String(a.id),
      details: null,
      seq: 6,
      prev_hash: last.hash,
      hash,
    };
    await broken(
      t,
      () => db.insertInto('audit_events').values(forged).execute(),
      () => db.deleteFrom('audit_events').where('seq', '=', 6).execute(),
      /audit chain broken at sequence 6, row id \d+: the row lies past the chain head/,
    );
  });

  await t.test(
    'a rewrite of the chain from a point passes a plain verify but not one against a recorded head',
    async (t) => {
      const first = await verify();
      const anchor = /chain head: (\d+:[0-9a-f]{64})/.exec(first.stdout)?.[1] ?? '';
      t.match(anchor, /^5:/, 'verify prints the head to keep elsewhere');
      const original = await db.selectFrom('audit_events').selectAll().where('seq', '>=', 3).orderBy('seq').execute();
      const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
      let prev = (row(2) as { hash: string | null }).hash ?? '';
      for (const r of original) {
        const details =
          Number(r.seq) === 3
            ? { title: 'Rewritten' }
            : r.details === null
              ? null
              : (JSON.parse(r.details) as Record<string, unknown>);
        const event = {
          occurredAt: new Date(`${r.occurred_at.replace(' ', 'T')}Z`),
          actor: r.actor,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          details,
        };
        const hash = hasher.sha256Hex(auditContent(event, Number(r.seq), prev));
        await db
          .updateTable('audit_events')
          .set({ details: details === null ? null : JSON.stringify(details), prev_hash: prev, hash })
          .where('id', '=', r.id)
          .execute();
        prev = hash;
      }
      await db.updateTable('audit_chain_head').set({ last_hash: prev }).execute();
      try {
        t.equal((await verify()).code, 0, 'a consistent rewrite is not visible from inside the database');
        const anchored = await runTs('ops/audit.ts', ['verify', '--anchor', anchor], env.env);
        t.equal(anchored.code, 1, anchored.stdout + anchored.stderr);
        t.match(
          anchored.stderr,
          /audit chain broken at sequence 5, row id \d+: the event at the recorded sequence 5 no longer has the recorded hash/,
        );
      } finally {
        for (const r of original)
          await db
            .updateTable('audit_events')
            .set({ details: r.details, prev_hash: r.prev_hash, hash: r.hash })
            .where('id', '=', r.id)
            .execute();
        await db.updateTable('audit_chain_head').set({ last_hash: head.last_hash }).execute();
      }
      const again = await runTs('ops/audit.ts', ['verify', '--anchor', anchor], env.env);
      t.equal(again.code, 0, again.stderr);
      t.match(again.stdout, /including the anchor at sequence 5/);
      t.equal(
        (await runTs('ops/audit.ts', ['verify', '--anchor', 'nonsense'], env.env)).code,
        2,
        'a malformed anchor is a usage error',
      );
    },
  );

  await t.test(
    'the cleanup job run fails on a broken chain, with its counts, and succeeds on an intact one',
    async (t) => {
      const ok = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'schedule', log: silentLog });
      t.equal(ok.status, 'succeeded', ok.error ?? '');
      t.match(ok.run?.counts, { auditEventsVerified: 5, auditChainBroken: 0 });
      await db.deleteFrom('audit_events').where('id', '=', third.id).execute();
      const failed = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'schedule', log: silentLog });
      t.equal(failed.status, 'failed');
      t.equal(failed.run?.status, 'failed', 'recorded as failed in job_runs (the jobs page shows it)');
      t.match(failed.run?.counts, { auditEventsVerified: 3, auditChainBroken: 1 });
      t.match(failed.run?.error, /audit chain broken at sequence 4, row id \d+: sequence 3 is missing/);
    },
  );

  await t.test('cannot check (no sealed trail yet): exit 2', async (t) => {
    await sql`drop table audit_chain_head`.execute(db);
    const r = await verify();
    t.equal(r.code, 2, r.stderr);
    t.match(r.stderr, /cannot check: .* has no sealed audit trail yet/);
  });
});
