import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { maintenanceJobs } from '../../../src/app/composition/jobs.ts';
import { runNamedJob } from '../../../src/app/jobs/job-definitions.ts';
import { CLEANUP_ACTOR } from '../../../src/app/jobs/cleanup-job.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { ManualClock } from '../../helpers/clock.ts';
import { composeFor, silentLog } from './job-test-env.ts';

const DAY = 86_400_000;

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, handle: DatabaseHandle, ctx: DialectContext) {
  const now = new Date('2026-11-24T03:00:00.000Z');
  const clock = new ManualClock(now);
  const env = await composeFor(ctx.settings, {
    clock,
    env: { SOFT_DELETE_RETENTION_DAYS: '30', ORPHAN_GRACE_HOURS: '24', BACKUP_KEEP_DAYS: '14' },
  });
  t.teardown(env.close);
  const { c } = env;
  const db = handle.db;
  const uploads = c.config.uploadFolder;
  const backups = c.config.jobs.backupFolder;

  const employee = Number(
    (await db.insertInto('employees').values({ directory_id: 'e1', display_name: 'Anna' }).executeTakeFirstOrThrow())
      .insertId,
  );
  const file = (name: string, ageMs: number) => {
    writeFileSync(join(uploads, name), `bytes of ${name}`);
    const at = new Date(now.getTime() - ageMs);
    utimesSync(join(uploads, name), at, at);
    return name;
  };
  const form = async (title: string, deletedDaysAgo: number | null, attachment?: string) => {
    const created = await c.forms.create(
      {
        title,
        trainingType: 'Classroom',
        trainer: 'Ben',
        trainingDate: '2026-01-05',
        durationMinutes: 60,
        traineeIds: [employee],
      },
      'anna',
    );
    if (deletedDaysAgo !== null)
      await db
        .updateTable('training_forms')
        .set({
          deleted: 1,
          deleted_by: 'admin',
          deleted_datetimestamp: toDbTime(new Date(now.getTime() - deletedDaysAgo * DAY)),
        })
        .where('id', '=', created.id)
        .execute();
    if (attachment)
      await db
        .insertInto('attachments')
        .values({
          training_form_id: created.id,
          stored_name: attachment,
          original_name: 'a.pdf',
          content_type: 'application/pdf',
          size_bytes: 10,
          sha256: 'x'.repeat(64),
          uploaded_by: 'anna',
          uploaded_at: toDbTime(now),
        })
        .execute();
    return created.id;
  };
  const hex = (c: string) => `${c.repeat(32)}.bin`;

  const oldDeleted = await form('deleted 45 days ago', 45, file(hex('a'), 50 * DAY));
  const justOld = await form('deleted 31 days ago', 31);
  const recentDeleted = await form('deleted 29 days ago', 29, file(hex('b'), 40 * DAY));
  const active = await form('active', null, file(hex('c'), 90 * DAY));
  const orphanOld = file(hex('d'), 25 * 3600_000);
  const orphanNew = file(hex('e'), 23 * 3600_000); // being uploaded or just uploaded: inside the grace period
  writeFileSync(join(uploads, 'README.txt'), 'not a stored name: never touched');
  utimesSync(join(uploads, 'README.txt'), new Date(0), new Date(0));
  const session = (id: string, expiresInMs: number) => ({
    id,
    username: 'anna',
    data: '{}',
    created_at: toDbTime(new Date(now.getTime() - DAY)),
    last_seen_at: toDbTime(now),
    expires_at: toDbTime(new Date(now.getTime() + expiresInMs)),
  });
  await db
    .insertInto('sessions')
    .values([session('expired-1', -1000), session('expired-2', -DAY), session('live', 3600_000)])
    .execute();
  // The throttle window is 15 minutes: failures 16 minutes and a day old no longer count; 14 minutes old still does.
  const failure = (key: string, ageMs: number) => ({
    throttle_key: key,
    failed_at: toDbTime(new Date(now.getTime() - ageMs)),
  });
  await db
    .insertInto('sign_in_failures')
    .values([failure('user:gone', DAY), failure('addr:10.0.0.9', 16 * 60_000), failure('user:recent', 14 * 60_000)])
    .execute();
  const backup = (name: string, daysAgo: number) => {
    const dir = join(backups, name);
    mkdirSync(dir, { recursive: true });
    const createdAt = new Date(now.getTime() - daysAgo * DAY).toISOString();
    writeFileSync(join(dir, 'database.sqlite'), 'db');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        format: 'training-forms-backup/1',
        name,
        createdAt,
        dialect: 'sqlite',
        databaseFile: 'database.sqlite',
        files: [{ path: 'database.sqlite', size: 2, sha256: '0'.repeat(64) }],
      }),
    );
  };
  backup('tf-backup-20261001T030000Z', 54);
  backup('tf-backup-20261109T030000Z', 15);
  backup('tf-backup-20261111T030000Z', 13);

  const snapshot = async () => ({
    forms: (await db.selectFrom('training_forms').select('id').orderBy('id').execute()).map((r) => r.id),
    files: readdirSync(uploads).sort(),
    sessions: (await db.selectFrom('sessions').select('id').orderBy('id').execute()).map((r) => r.id),
    backups: readdirSync(backups).sort(),
    signInFailures: (
      await db.selectFrom('sign_in_failures').select('throttle_key').orderBy('throttle_key').execute()
    ).map((r) => r.throttle_key),
  });
  return {
    ctx,
    now,
    clock,
    env,
    c,
    db,
    uploads,
    backups,
    employee,
    file,
    form,
    hex,
    oldDeleted,
    justOld,
    recentDeleted,
    active,
    orphanOld,
    orphanNew,
    session,
    failure,
    backup,
    snapshot,
  };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

/** One behaviour per entry, run in this order on one fixture per dialect. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    '--dry-run lists exactly what is past retention and changes nothing',
    async (t, { c, oldDeleted, justOld, orphanOld, snapshot }) => {
      const before = await snapshot();
      const outcome = await runNamedJob(maintenanceJobs(c), 'cleanup', {
        trigger: 'manual',
        log: silentLog,
        dryRun: true,
      });
      t.equal(outcome.status, 'succeeded', outcome.error ?? '');
      t.same(outcome.run?.counts, {
        formsPurged: 2,
        attachmentFilesRemoved: 0,
        orphanFilesRemoved: 1,
        tempFilesRemoved: 0,
        sessionsRemoved: 2,
        signInFailuresRemoved: 2,
        backupsRemoved: 2,
        dryRun: 1,
        auditEventsVerified: 4,
        auditChainBroken: 0,
        trainingSummaryPairs: 0,
        trainingSummaryDrift: 0,
      });
      t.same(outcome.result?.items, [
        `would remove form ${oldDeleted} (in the trash over 30 days)`,
        `would remove form ${justOld} (in the trash over 30 days)`,
        `would remove unreferenced upload ${orphanOld} (${`bytes of ${orphanOld}`.length} bytes)`,
        'would remove 2 expired session(s)',
        'would remove 2 failed sign-in(s) older than the throttle window',
        'would remove backup tf-backup-20261001T030000Z',
        'would remove backup tf-backup-20261109T030000Z',
        'audit chain intact (4 event(s) verified)',
        'training summary matches the forms (0 pair(s))',
      ]);
      t.same(await snapshot(), before, 'nothing changed');
    },
  ],
  [
    'a real run removes exactly that, through the audited purge',
    async (t, { c, db, hex, oldDeleted, justOld, recentDeleted, active, orphanNew, snapshot }) => {
      const outcome = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'schedule', log: silentLog });
      t.equal(outcome.status, 'succeeded', outcome.error ?? '');
      t.same(outcome.run?.counts, {
        formsPurged: 2,
        attachmentFilesRemoved: 1,
        orphanFilesRemoved: 1,
        tempFilesRemoved: 0,
        sessionsRemoved: 2,
        signInFailuresRemoved: 2,
        backupsRemoved: 2,
        dryRun: 0,
        auditEventsVerified: 6,
        auditChainBroken: 0,
        trainingSummaryPairs: 0,
        trainingSummaryDrift: 0,
      });
      const after = await snapshot();
      t.same(after.forms, [recentDeleted, active]);
      t.same(
        after.files,
        ['README.txt', hex('b'), hex('c'), orphanNew].sort(),
        'attachment of the purged form and the old orphan are gone',
      );
      t.same(after.sessions, ['live']);
      t.same(
        after.signInFailures,
        ['user:recent'],
        'failed sign-ins past the throttle window are gone, the counted one stays',
      );
      t.same(after.backups, ['tf-backup-20261111T030000Z']);
      const purges = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'purge')
        .orderBy('id')
        .execute();
      t.same(
        purges.map((p) => [p.actor, Number(p.entity_id)]),
        [
          [CLEANUP_ACTOR, oldDeleted],
          [CLEANUP_ACTOR, justOld],
        ],
      );
      t.same(
        await db.selectFrom('attachments').select('stored_name').where('training_form_id', '=', oldDeleted).execute(),
        [],
      );
    },
  ],
  [
    'a second run finds nothing more',
    async (t, { c }) => {
      const outcome = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'schedule', log: silentLog });
      t.same(outcome.run?.counts, {
        formsPurged: 0,
        attachmentFilesRemoved: 0,
        orphanFilesRemoved: 0,
        tempFilesRemoved: 0,
        sessionsRemoved: 0,
        signInFailuresRemoved: 0,
        backupsRemoved: 0,
        dryRun: 0,
        auditEventsVerified: 6,
        auditChainBroken: 0,
        trainingSummaryPairs: 0,
        trainingSummaryDrift: 0,
      });
    },
  ],
  [
    'time passing brings the next form and the young orphan past retention',
    async (t, { clock, c, hex, snapshot }) => {
      clock.advance(2 * DAY);
      const outcome = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'schedule', log: silentLog });
      t.match(outcome.run?.counts, { formsPurged: 1, attachmentFilesRemoved: 1, orphanFilesRemoved: 1 });
      t.same((await snapshot()).files, ['README.txt', hex('c')]);
    },
  ],
  [
    'temporary upload files left by a hard exit are removed after an hour, never younger ones',
    async (t, { clock, c, uploads, hex }) => {
      const at = (ms: number) => new Date(clock.now().getTime() - ms);
      const temp = (c: string, ageMs: number) => {
        const name = `.tmp-${c.repeat(32)}`;
        writeFileSync(join(uploads, name), 'half an upload');
        utimesSync(join(uploads, name), at(ageMs), at(ageMs));
        return name;
      };
      const stale = temp('1', 2 * 3600_000);
      const fresh = temp('2', 10 * 60_000);
      const dry = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'manual', log: silentLog, dryRun: true });
      t.match(dry.run?.counts, { tempFilesRemoved: 1, orphanFilesRemoved: 0 });
      t.ok(readdirSync(uploads).includes(stale), 'dry run keeps it');
      const outcome = await runNamedJob(maintenanceJobs(c), 'cleanup', { trigger: 'schedule', log: silentLog });
      t.equal(outcome.status, 'succeeded', outcome.error ?? '');
      t.match(outcome.run?.counts, { tempFilesRemoved: 1, orphanFilesRemoved: 0 });
      t.match(outcome.result?.items, [new RegExp(`removed interrupted upload ${stale.replace('.', '\\.')}`)]);
      t.same(
        readdirSync(uploads).sort(),
        ['README.txt', fresh, hex('c')].sort(),
        'the fresh temporary file (an upload in progress) stays',
      );
      t.notOk(
        (await c.files.listStored()).some((f) => f.storedName.startsWith('.tmp-')),
        'temporary files are never listed as stored',
      );
    },
  ],
];

await forEachDialect(t, async (t, handle, ctx) => {
  const fx = await fixtureFor(t, handle, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
