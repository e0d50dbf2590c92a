import { mkdtempSync, rmSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import { KyselyDocumentRegister } from '../../../src/adapters/db/repositories/kysely-document-register.ts';
import { KyselyUnitOfWork } from '../../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import { FsAttachmentStore } from '../../../src/adapters/storage/fs-attachment-store.ts';
import { normaliseQuery } from '../../../src/domain/list-query.ts';
import { StaleTrainingFormError, TrainingFormNotFoundError, ValidationError } from '../../../src/domain/errors.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { forEachRepositoryTarget, type RepositorySubject } from '../../helpers/repository-targets.ts';
import type { InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';
import { FakeDocuments } from '../../fakes/in-memory-register.ts';

/** A register document with revisions `labels` (effective a year apart), written where the target keeps it. */
async function registerDocument(fx: Fixture, reference: string, labels: readonly string[]) {
  const { uow } = fx.subject;
  const register = fx.database
    ? new KyselyDocumentRegister(fx.database.handle.db)
    : new FakeDocuments((uow as InMemoryUnitOfWork).state.register);
  const at = new Date('2026-01-05T09:00:00.000Z');
  const document = await register.insertDocument({ reference, title: reference, createdBy: 'admin', createdAt: at });
  const revisions = [];
  for (const [i, revision] of labels.entries())
    revisions.push(
      await register.insertRevision({
        documentId: document.id,
        revision,
        effectiveDate: `${2020 + i}-01-01`,
        createdBy: 'admin',
        createdAt: at,
      }),
    );
  return { document, revisions };
}

// One suite, the same assertions on the in-memory fakes, SQLite and MariaDB (MariaDB required in
// CI; Galera with TEST_TARGETS=galera). What only SQL shows (columns, rows, a second connection's
// commits) is asserted on the database targets alone, where marked.

async function setup(subject: RepositorySubject) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-files-'));
  const files = new FsAttachmentStore(dir);
  await files.init();
  const { employees } = subject.repos;
  await employees.upsert(
    ['Ada Lovelace', 'Ben Okafor', 'Chiara Rossi', 'Dana Left'].map((displayName, i) => ({
      directoryId: `dir-${i + 1}`,
      displayName,
      email: `${displayName.split(' ')[0]?.toLowerCase()}@example.com`,
      userPrincipalName: null,
      department: 'QA',
      jobTitle: null,
      active: i !== 3,
      lastSyncedAt: null,
    })),
  );
  const ids = await subject.employeeIds();
  const service = new TrainingFormService({ uow: subject.uow, files, clock: steppingClock() });
  return { service, files, dir, employees, ids, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Fixture extends Awaited<ReturnType<typeof setup>> {
  readonly subject: RepositorySubject;
  readonly repos: RepositorySubject['repos'];
  readonly database: RepositorySubject['database'];
  /** Ada, Ben and Chiara (active), by id. */
  readonly people: readonly [number, number, number];
}

/** The contract, one behaviour per entry, run in this order on one fixture per target. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'create and read back, times in UTC to the millisecond',
    async (t, { subject, repos, service, files, people: [ada, ben] }) => {
      const clockAt = new Date('2026-11-24T23:59:58.123Z');
      const svc = new TrainingFormService({ uow: subject.uow, files, clock: { now: () => clockAt } });
      const form = await svc.create(
        aTrainingFormInput({ traineeIds: [ben, ada], description: 'Ünïcødé ✓ — 100%_done' }),
        'ada',
      );
      const read = await service.get(form.id);
      t.equal(read.createdAt.toISOString(), '2026-11-24T23:59:58.123Z');
      t.equal(read.updatedAt.toISOString(), '2026-11-24T23:59:58.123Z');
      t.equal(read.trainingDate, '2026-03-15');
      t.equal(read.description, 'Ünïcødé ✓ — 100%_done');
      t.same(
        read.traineeIds,
        [ada, ben].sort((a, b) => a - b),
      );
      t.equal(read.deleted, false);
      t.equal(read.deletedAt, null);
      t.equal(read.version, 1);
      const audit = await repos.audit.listFor('training_form', String(form.id));
      t.same(
        audit.map((e) => [e.action, e.actor]),
        [['create', 'ada']],
      );
      t.equal(audit[0]?.occurredAt.toISOString(), '2026-11-24T23:59:58.123Z');
      await svc.softDelete(form.id, 'ada');
      await svc.purge(form.id, 'ada');
    },
  ],
  [
    'a stale edit is refused and the saved version survives',
    async (t, { service, people: [ada, ben, chiara] }) => {
      const form = await service.create(aTrainingFormInput({ traineeIds: [ada] }), 'ada');
      const saved = await service.update(
        form.id,
        1,
        aTrainingFormInput({ title: 'Saved first', traineeIds: [ben, chiara] }),
        'ben',
      );
      t.equal(saved.version, 2);
      t.same(
        saved.traineeIds,
        [ben, chiara].sort((a, b) => a - b),
      );
      await t.rejects(
        service.update(form.id, 1, aTrainingFormInput({ title: 'Too late' }), 'ada'),
        StaleTrainingFormError,
      );
      const current = await service.get(form.id);
      t.equal(current.title, 'Saved first');
      t.equal(current.version, 2);
      await t.rejects(service.update(form.id + 999, 1, aTrainingFormInput(), 'ada'), TrainingFormNotFoundError);
    },
  ],
  [
    'read() sees each commit as it happens; run() keeps one snapshot',
    async (t, { database, service, files, people: [ada] }) => {
      // Isolation between two connections is the database's (SQL) behaviour; the fakes have one.
      if (!database) return void t.comment('database targets only: a second connection');
      const { handle, ctx } = database;
      const form = await service.create(aTrainingFormInput({ title: 'Before', traineeIds: [ada] }), 'ada');
      const other = new TrainingFormService({
        uow: new KyselyUnitOfWork(ctx.open().db),
        files,
        clock: steppingClock(),
      });
      const uow = new KyselyUnitOfWork(handle.db);
      const edit = (title: string, version: number) =>
        other.update(form.id, version, aTrainingFormInput({ title, traineeIds: [ada] }), 'ben');
      const seenByRead = await uow.read(async (tx) => {
        const first = await tx.forms.findById(form.id);
        await edit('Saved by another connection', 1);
        return [first?.title, (await tx.forms.findById(form.id))?.title];
      });
      t.same(
        seenByRead,
        ['Before', 'Saved by another connection'],
        'no transaction: the second read sees the other commit',
      );
      const seenInTransaction = await uow.run(async (tx) => {
        const first = await tx.forms.findById(form.id);
        await edit('Saved again', 2);
        return [first?.title, (await tx.forms.findById(form.id))?.title];
      });
      t.same(
        seenInTransaction,
        ['Saved by another connection', 'Saved by another connection'],
        'a transaction reads from one snapshot',
      );
    },
  ],
  [
    'a failed change rolls back inside the transaction',
    async (t, { service, employees, ids, people: [ada] }) => {
      const before = await service.list({ pageSize: 200 });
      const inactive = (await employees.findByIds([ids[3] as number]))[0];
      t.equal(inactive?.active, false);
      await t.rejects(service.create(aTrainingFormInput({ traineeIds: [ada, 424242] }), 'ada'), ValidationError);
      t.equal((await service.list({ pageSize: 200 })).total, before.total);
    },
  ],
  [
    'search, filters, sort and pagination',
    async (t, { repos, service, people: [ada, ben, chiara] }) => {
      const rows: [string, string, string, string, number[]][] = [
        ['GMP refresher', '2025-01-05', 'Classroom', 'Grace Hopper', [ada]],
        ['GMP for packaging', '2025-02-05', 'E-learning', 'Alan Turing', [ben]],
        ['Forklift safety', '2025-03-05', 'On-the-job', 'Grace Hopper', [ada, ben]],
        ['Labelling 50% rule', '2025-04-05', 'Classroom', 'Katherine Johnson', [chiara]],
        ['CAPA basics', '2025-05-05', 'External', 'Alan Turing', [chiara]],
      ];
      const created = [];
      for (const [title, trainingDate, trainingType, trainer, traineeIds] of rows)
        created.push(
          await service.create(
            aTrainingFormInput({
              title,
              trainingDate,
              trainingType,
              trainer,
              traineeIds,
              referenceDocument: title === 'CAPA basics' ? 'SOP-777' : null,
              description: null,
            }),
            'ada',
          ),
        );
      const titles = (p: { items: readonly { title: string }[] }) => p.items.map((f) => f.title);
      const inRange = { dateFrom: '2025-01-01', dateTo: '2025-12-31' };

      t.same(titles(await service.list({ ...inRange })), [
        'CAPA basics',
        'Labelling 50% rule',
        'Forklift safety',
        'GMP for packaging',
        'GMP refresher',
      ]);
      t.same(
        titles(await service.list({ ...inRange, text: 'gmp' })),
        ['GMP for packaging', 'GMP refresher'],
        'case-insensitive',
      );
      t.same(
        titles(await service.list({ ...inRange, text: 'sop-777' })),
        ['CAPA basics'],
        'matches the reference document',
      );
      t.same(
        titles(await service.list({ ...inRange, text: '50%' })),
        ['Labelling 50% rule'],
        '% is literal, not a wildcard',
      );
      t.same(titles(await service.list({ ...inRange, text: '_' })), [], '_ is literal, not a wildcard');
      t.same(titles(await service.list({ ...inRange, trainingType: 'Classroom' })), [
        'Labelling 50% rule',
        'GMP refresher',
      ]);
      t.same(titles(await service.list({ ...inRange, trainer: 'grace' })), ['Forklift safety', 'GMP refresher']);
      t.same(
        titles(await service.list({ dateFrom: '2025-02-05', dateTo: '2025-04-05' })),
        ['Labelling 50% rule', 'Forklift safety', 'GMP for packaging'],
        'inclusive bounds',
      );
      t.same(titles(await service.list({ ...inRange, traineeId: ben })), ['Forklift safety', 'GMP for packaging']);
      t.same(
        titles(await service.list({ ...inRange, traineeName: 'OKAF' })),
        ['Forklift safety', 'GMP for packaging'],
        'a trainee name: any case, part of the name',
      );
      t.same(
        titles(await service.list({ ...inRange, traineeName: 'ro' })),
        ['CAPA basics', 'Labelling 50% rule'],
        'everyone the text matches (Chiara Rossi; nobody else trained is named so)',
      );
      t.same(
        titles(await service.list({ ...inRange, traineeName: 'chiara@example' })),
        ['CAPA basics', 'Labelling 50% rule'],
        'by email too',
      );
      t.same(titles(await service.list({ ...inRange, traineeName: '%' })), [], '% is literal');
      t.same(titles(await service.list({ ...inRange, sort: 'title', direction: 'asc' })), [
        'CAPA basics',
        'Forklift safety',
        'GMP for packaging',
        'GMP refresher',
        'Labelling 50% rule',
      ]);

      const page1 = await service.list({ ...inRange, pageSize: 2, page: 1 });
      const page3 = await service.list({ ...inRange, pageSize: 2, page: 3 });
      t.equal(page1.total, 5);
      t.same(titles(page1), ['CAPA basics', 'Labelling 50% rule']);
      t.same(titles(page3), ['GMP refresher']);
      const past = await service.list({ ...inRange, pageSize: 2, page: 9 });
      t.same([titles(past), past.page, past.total], [['GMP refresher'], 3, 5], 'past the end: the last page');
      t.equal((await service.list({ ...inRange })).items.find((f) => f.title === 'Forklift safety')?.traineeCount, 2);
      // Summaries are the same page as full forms: same matches, order, totals and shared fields.
      const repo = repos.forms;
      for (const query of [
        normaliseQuery({ ...inRange, pageSize: 3, page: 2 }),
        normaliseQuery({ ...inRange, text: 'gmp' }),
        normaliseQuery({ ...inRange, sort: 'title', direction: 'asc' }),
      ]) {
        const [full, summary] = await Promise.all([repo.search(query, false), repo.summaries(query, false)]);
        t.same(
          summary.items,
          full.items.map((f) => ({
            id: f.id,
            title: f.title,
            trainingType: f.trainingType,
            trainer: f.trainer,
            trainingDate: f.trainingDate,
            traineeCount: f.traineeIds.length,
            referenceDocument: f.referenceDocument,
            referenceRevision: f.referenceRevision,
            documentRevisionId: f.documentRevisionId,
            deletedAt: null,
            deletedBy: null,
          })),
        );
        t.same([summary.total, summary.totalCapped], [full.total, full.totalCapped]);
      }

      await service.softDelete(created[0]?.id as number, 'ben');
      t.same(
        titles(await service.list({ ...inRange, text: 'gmp' })),
        ['GMP for packaging'],
        'deleted rows leave search',
      );
      const trash = await service.listTrash({ ...inRange, text: 'gmp' });
      t.same(titles(trash), ['GMP refresher']);
      t.equal(trash.items[0]?.deletedBy, 'ben');
      t.equal(
        trash.items[0]?.deletedAt?.toISOString(),
        (await service.get(created[0]?.id as number, { includeDeleted: true })).deletedAt?.toISOString(),
      );
      t.ok(trash.items[0]?.deletedAt, 'the trash shows when');
    },
  ],
  [
    'forms per month: the matches grouped by month of training date, deleted ones apart; the chart fills 24 months',
    async (t, { repos, service, people: [ada] }) => {
      const trainer = 'Mona Month';
      const dates = ['2024-11-30', '2024-12-01', '2024-12-31', '2026-02-14', '2026-02-28', '2026-02-28', '2026-11-01'];
      const made = [];
      for (const trainingDate of dates)
        made.push(await service.create(aTrainingFormInput({ trainer, trainingDate, traineeIds: [ada] }), 'ada'));
      await service.softDelete(made[5]!.id, 'ada');
      const counts = (query: Parameters<typeof normaliseQuery>[0], deleted = false) =>
        repos.forms.monthlyCounts(normaliseQuery({ trainer, ...query }), deleted);
      t.same(await counts({}), [
        { month: '2024-11', forms: 1 },
        { month: '2024-12', forms: 2 },
        { month: '2026-02', forms: 2 },
        { month: '2026-11', forms: 1 },
      ]);
      t.same(await counts({}, true), [{ month: '2026-02', forms: 1 }], 'the trash apart');
      t.same(
        await counts({ dateFrom: '2024-12-15', dateTo: '2026-02-20', page: 3, pageSize: 1 }),
        [
          { month: '2024-12', forms: 1 },
          { month: '2026-02', forms: 1 },
        ],
        'the date filter applies; paging does not',
      );
      t.same(await counts({ trainer: 'Nobody at all' }), []);

      // The service's window: the 24 months up to today (the clock says 2026-11), zeros filled in.
      const chart = (await service.trainingsPerMonth({ trainer })) ?? [];
      t.equal(chart.length, 24);
      t.same(
        [chart[0], chart.at(-1)],
        [
          { month: '2024-12', forms: 2 },
          { month: '2026-11', forms: 1 },
        ],
      );
      t.equal(chart.find((m) => m.month === '2025-06')?.forms, 0, 'a month without forms counts 0');
      t.equal(
        chart.reduce((sum, m) => sum + m.forms, 0),
        5,
        'November 2024 is before the window; the deleted form is out',
      );
      const ending = (await service.trainingsPerMonth({ trainer, dateTo: '2025-01-10' })) ?? [];
      t.same(
        [ending[0]?.month, ending.slice(-3)],
        [
          '2023-02',
          [
            { month: '2024-11', forms: 1 },
            { month: '2024-12', forms: 2 },
            { month: '2025-01', forms: 0 },
          ],
        ],
        'the window ends with the To date',
      );
      t.same(
        ((await service.trainingsPerMonth({ trainer, dateFrom: '2026-02-20' })) ?? []).map((m) => m.month),
        ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'],
        'and starts no earlier than the From date',
      );
      t.same(await service.trainingsPerMonth({ trainer, dateFrom: '2026-03-01', dateTo: '2026-01-01' }), []);
      for (const [i, form] of made.entries()) {
        if (i !== 5) await service.softDelete(form.id, 'ada');
        await service.purge(form.id, 'ada');
      }
    },
  ],
  [
    'soft delete, restore, and purge with files',
    async (t, { repos, database, service, files, people: [ada] }) => {
      const form = await service.create(aTrainingFormInput({ title: 'With attachment', traineeIds: [ada] }), 'ada');
      const stored = await files.save(Readable.from([Buffer.from('%PDF-1.7 sign-in sheet')]), 1024);
      if ('tooLarge' in stored) throw new Error('unexpected');
      await repos.attachments.insert({
        trainingFormId: form.id,
        storedName: stored.storedName,
        originalName: 'sheet.pdf',
        contentType: 'application/pdf',
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        uploadedBy: 'ada',
        uploadedAt: new Date(),
      });

      await service.softDelete(form.id, 'ben');
      if (database) {
        // The seed's columns: SQL only.
        const row = await database.handle.db
          .selectFrom('training_forms')
          .select(['deleted', 'deleted_datetimestamp', 'deleted_by'])
          .where('id', '=', form.id)
          .executeTakeFirstOrThrow();
        t.equal(Number(row.deleted), 1, 'the seed column `deleted` is set');
        t.ok(row.deleted_datetimestamp, '`deleted_datetimestamp` is set');
        t.equal(row.deleted_by, 'ben');
      }

      const again = await service.create(aTrainingFormInput({ title: 'With attachment', traineeIds: [ada] }), 'ada');
      t.not(again.id, form.id, 'the deleted twin blocks nothing');

      await service.restore(form.id, 'admin');
      t.equal((await service.get(form.id)).deleted, false);
      await service.softDelete(form.id, 'admin');
      const result = await service.purge(form.id, 'admin');
      t.equal(result.removedFiles, 1);
      await t.rejects(access(join(files['folder' as never] as string, stored.storedName)), 'the file is gone');
      t.same(await repos.attachments.listFor(form.id), [], 'no attachment is listed for the purged form');
      if (database) {
        // The rows themselves: SQL only.
        const { db } = database.handle;
        t.equal(
          (await db.selectFrom('attachments').select('id').where('training_form_id', '=', form.id).execute()).length,
          0,
        );
        t.equal(
          (
            await db
              .selectFrom('training_form_trainees')
              .select('employee_id')
              .where('training_form_id', '=', form.id)
              .execute()
          ).length,
          0,
        );
      }
      const actions = (await repos.audit.listFor('training_form', String(form.id))).map((e) => e.action);
      t.same(actions, ['create', 'delete', 'restore', 'delete', 'purge']);
    },
  ],
  [
    'employees: upsert by directory id, search only active',
    async (t, { employees, people: [ada] }) => {
      const result = await employees.upsert([
        {
          directoryId: 'dir-1',
          displayName: 'Ada King',
          email: 'ada@example.com',
          userPrincipalName: null,
          department: 'QA',
          jobTitle: null,
          active: true,
          lastSyncedAt: null,
        },
        {
          directoryId: 'dir-9',
          displayName: 'Nina New',
          email: null,
          userPrincipalName: 'nina@example.com',
          department: null,
          jobTitle: null,
          active: true,
          lastSyncedAt: new Date('2026-01-01T00:00:00Z'),
        },
      ]);
      t.same(result, { added: 1, updated: 1 });
      t.same(
        (await employees.search('nina@', 5)).map((e) => e.displayName),
        ['Nina New'],
      );
      t.same(
        (await employees.search('Dana', 5)).map((e) => e.displayName),
        [],
        'inactive people are not offered',
      );
      const named = await employees.named('A', 2);
      t.same(
        [named.items.map((e) => e.displayName), named.total],
        [['Ada King', 'Ben Okafor'], 5],
        'named: by name, at most the limit, and how many in all (every email has an a)',
      );
      t.same(
        (await employees.named('dana', 5)).items.map((e) => e.displayName),
        ['Dana Left'],
        'named: inactive people too',
      );
      t.equal((await employees.findByIds([ada]))[0]?.displayName, 'Ada King');
      t.same(
        await employees.upsert([
          {
            directoryId: 'dir-9',
            displayName: 'Nina New',
            email: null,
            userPrincipalName: 'nina@example.com',
            department: null,
            jobTitle: null,
            active: true,
            lastSyncedAt: new Date('2026-01-01T00:00:00Z'),
          },
        ]),
        { added: 0, updated: 0 },
      );
    },
  ],
  [
    'a register revision is stored with its texts, read back by id, page and summary',
    async (t, fx) => {
      const {
        service,
        repos,
        people: [ada],
      } = fx;
      const { revisions } = await registerDocument(fx, 'SOP-CR-004', ['B', 'C']);
      const [revB, revC] = revisions.map((r) => r.id) as [number, number];
      const form = await service.create(
        aTrainingFormInput({
          documentRevisionId: revB,
          referenceDocument: '',
          referenceRevision: '',
          traineeIds: [ada],
        }),
        'ada',
      );
      const read = await service.get(form.id);
      t.same([read.documentRevisionId, read.referenceDocument, read.referenceRevision], [revB, 'SOP-CR-004', 'B']);
      const edited = await service.update(
        form.id,
        1,
        aTrainingFormInput({
          documentRevisionId: revC,
          referenceDocument: null,
          referenceRevision: null,
          traineeIds: [ada],
        }),
        'ben',
      );
      t.same([edited.documentRevisionId, edited.referenceRevision], [revC, 'C']);
      const query = normaliseQuery({ text: 'SOP-CR-004' });
      const [page, summaries] = await Promise.all([
        repos.forms.search(query, false),
        repos.forms.summaries(query, false),
      ]);
      t.same(
        page.items.map((f) => [f.id, f.documentRevisionId]),
        [[form.id, revC]],
        'the copied reference is found by the text search',
      );
      t.same(
        summaries.items.map((f) => [f.referenceDocument, f.referenceRevision, f.documentRevisionId]),
        [['SOP-CR-004', 'C', revC]],
      );
      const external = await service.update(
        form.id,
        2,
        aTrainingFormInput({
          documentRevisionId: null,
          referenceDocument: 'Vendor course',
          referenceRevision: '',
          traineeIds: [ada],
        }),
        'ben',
      );
      t.same(
        [external.documentRevisionId, external.referenceDocument, external.referenceRevision],
        [null, 'Vendor course', null],
      );
      if (fx.database) {
        const row = await fx.database.handle.db
          .selectFrom('training_forms')
          .select('document_revision_id')
          .where('id', '=', form.id)
          .executeTakeFirstOrThrow();
        t.equal(row.document_revision_id, null, 'the column is cleared');
      }
    },
  ],
  [
    'unlinked free-text references page by id, deleted forms too; a link is made once',
    async (t, fx) => {
      const {
        service,
        repos,
        people: [ada],
      } = fx;
      const { revisions } = await registerDocument(fx, 'WI-7', ['1']);
      const rev1 = (revisions[0] as { id: number }).id;
      const a = await service.create(
        aTrainingFormInput({ referenceDocument: 'wi 7', referenceRevision: 'rev 1', traineeIds: [ada] }),
        'ada',
      );
      await service.create(
        aTrainingFormInput({
          documentRevisionId: rev1,
          referenceDocument: null,
          referenceRevision: null,
          traineeIds: [ada],
        }),
        'ada',
      );
      await service.create(
        aTrainingFormInput({ referenceDocument: null, referenceRevision: null, traineeIds: [ada] }),
        'ada',
      );
      const c = await service.create(
        aTrainingFormInput({ referenceDocument: null, referenceRevision: 'A', traineeIds: [ada] }),
        'ada',
      );
      await service.softDelete(c.id, 'ada');
      t.same(await repos.forms.unlinkedReferences(a.id - 1, 1), [
        { formId: a.id, referenceDocument: 'wi 7', referenceRevision: 'rev 1' },
      ]);
      t.same(
        await repos.forms.unlinkedReferences(a.id, 10),
        [{ formId: c.id, referenceDocument: null, referenceRevision: 'A' }],
        'linked forms and forms without a reference are left out; deleted ones are in',
      );
      const at = new Date('2026-12-03T10:00:00.000Z');
      const link = { documentRevisionId: rev1, referenceDocument: 'WI-7', referenceRevision: '1' };
      const before = await fx.subject.uow.run((tx) =>
        tx.forms.linkRevision(a.id, link, 'documents match-references', at),
      );
      t.same(
        [before?.id, before?.referenceDocument, before?.documentRevisionId],
        [a.id, 'wi 7', null],
        'the form as it was',
      );
      const after = await service.get(a.id);
      t.same(
        [after.documentRevisionId, after.referenceDocument, after.referenceRevision, after.version, after.updatedBy],
        [rev1, 'WI-7', '1', 2, 'documents match-references'],
      );
      t.equal(after.updatedAt.toISOString(), at.toISOString());
      t.same(after.traineeIds, [ada], 'trainees untouched');
      t.equal(await repos.forms.linkRevision(a.id, link, 'x', at), null, 'linked already: nothing changes');
      t.equal(await repos.forms.linkRevision(a.id + 9999, link, 'x', at), null, 'no such form');
      t.equal((await service.get(a.id)).version, 2);
    },
  ],
];

t.test('training forms, on every target', (t) =>
  forEachRepositoryTarget(t, async (t, subject) => {
    const fixture = await setup(subject);
    t.teardown(fixture.cleanup);
    const people = fixture.ids.slice(0, 3) as [number, number, number];
    const fx: Fixture = { ...fixture, subject, repos: subject.repos, database: subject.database, people };
    for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
  }),
);
