import t from 'tap';
import type { Test } from 'tap';
import type { Kysely } from 'kysely';
import { KyselyRegisterUnitOfWork } from '../../../src/adapters/db/repositories/kysely-register-unit-of-work.ts';
import { KyselyTrainingMatrixQueries } from '../../../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import { KyselyTrainingSummary } from '../../../src/adapters/db/repositories/kysely-training-summary.ts';
import { KyselyUnitOfWork } from '../../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import type { TrainingFormRepository } from '../../../src/domain/ports/training-form-repository.ts';
import type { TrainingForm } from '../../../src/domain/training-form.ts';
import type { Database } from '../../../src/declared-schema/declared-schema.ts';
import type { RegisterUnitOfWork } from '../../../src/domain/ports/register-unit-of-work.ts';
import type { TrainingMatrixQueries } from '../../../src/domain/ports/training-matrix-queries.ts';
import {
  MATRIX_STATUSES,
  type EmployeeDocumentTraining,
  type MatrixStatus,
} from '../../../src/domain/training-matrix.ts';
import { TrainingMatrixService } from '../../../src/domain/training-matrix-service.ts';
import { emptyRegisterState, type FakeMatrixForm, InMemoryRegisterUnitOfWork } from '../../fakes/in-memory-register.ts';
import { InMemoryTrainingMatrixQueries } from '../../fakes/in-memory-training-matrix-queries.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { pageQueriesAgree, rulesOf, thresholdsFor } from './training-matrix-page-checks.ts';
import { formFields } from '../../builders/register.ts';

// One contract for TrainingMatrixQueries: the in-memory fake, SQLite and MariaDB (required in CI).

interface Target {
  readonly matrix: TrainingMatrixQueries;
  readonly uow: RegisterUnitOfWork;
  addEmployee(name: string, department: string | null, jobTitle: string | null, active?: boolean): Promise<number>;
  addForm(
    revisionId: number | null,
    trainingDate: string,
    traineeIds: readonly number[],
    deleted?: boolean,
  ): Promise<number>;
  /** Edits a form (through the forms repository on a database): its revision, training date or trainees. */
  editForm(
    id: number,
    changes: { revisionId?: number | null; trainingDate?: string; traineeIds?: readonly number[] },
  ): Promise<void>;
  /** Links a form without a revision to one, as `documents match-references --apply` does. */
  linkForm(id: number, revisionId: number): Promise<void>;
  trash(id: number): Promise<void>;
  restore(id: number): Promise<void>;
  purge(id: number): Promise<void>;
}

const AT = new Date('2026-11-24T08:00:00.000Z');

async function contract(t: Test, target: Target): Promise<void> {
  const { uow, matrix } = target;
  const person = (name: string, department: string | null, jobTitle: string | null, active = true) =>
    target.addEmployee(name, department, jobTitle, active);
  const anna = await person('Anna', 'Maintenance', 'Technician');
  const ben = await person('Ben', 'Maintenance', 'Operator');
  const cleo = await person('Cleo', 'Production', 'Technician');
  const dan = await person('Dan', 'Maintenance', 'Operator', false);
  const eva = await person('Eva', 'Maintenance', 'Engineer');
  await person('Finn', 'Logistics', null);
  const gus = await person('Gus', null, 'Technician');

  const ids = await uow.run(async (r) => {
    const add = async (reference: string, revisions: [string, string][]) => {
      const d = await r.documents.insertDocument({ reference, title: reference, createdBy: 'admin', createdAt: AT });
      const revs = [];
      for (const [revision, effectiveDate] of revisions)
        revs.push(
          (
            await r.documents.insertRevision({
              documentId: d.id,
              revision,
              effectiveDate,
              createdBy: 'admin',
              createdAt: AT,
            })
          ).id,
        );
      return { id: d.id, revs };
    };
    const require = (documentId: number, kind: 'department' | 'job_title', value: string) =>
      r.requirements.insert({ documentId, scope: { kind, value }, createdBy: 'admin', createdAt: AT });
    const sop = await add('SOP-1', [
      ['A', '2025-01-01'],
      ['B', '2026-01-01'],
    ]);
    const wi = await add('WI-2', [['1', '2025-06-01']]);
    const ret = await add('RET-3', [['A', '2025-01-01']]);
    const qm = await add('QM-4', [['A', '2025-01-01']]);
    await require(sop.id, 'department', 'Maintenance');
    await require(sop.id, 'job_title', 'Technician');
    await require(wi.id, 'job_title', 'Technician');
    await require(ret.id, 'department', 'Maintenance');
    await r.documents.retire(ret.id, 'admin', AT);
    return { sop, wi, ret, qm };
  });
  const [sopA, sopB] = ids.sop.revs as [number, number];
  await target.addForm(sopA, '2025-02-01', [anna, ben, cleo]);
  await target.addForm(sopB, '2026-02-01', [anna]);
  await target.addForm(sopB, '2026-03-01', [ben], true);
  await target.addForm(ids.wi.revs[0] ?? 0, '2025-07-01', [gus]);
  await target.addForm(null, '2026-01-05', [eva]);
  await target.addForm(sopA, '2025-03-03', [dan]);
  await target.addForm(ids.ret.revs[0] ?? 0, '2025-03-03', [anna]);
  await target.addForm(ids.qm.revs[0] ?? 0, '2025-03-03', [eva]);

  const flat = (rows: EmployeeDocumentTraining[]) =>
    rows.map((r) => [r.employee.displayName, r.documentId, r.newestTrainedEffectiveDate, r.lastTrainingDate]);

  await t.test(
    'a document: every active employee whose department or job title requires it, once, with the newest revision trained',
    async (t) => {
      const rows = await matrix.documentTraining(ids.sop.id);
      t.same(
        flat(rows),
        [
          ['Anna', ids.sop.id, '2026-01-01', '2026-02-01'],
          ['Ben', ids.sop.id, '2025-01-01', '2025-02-01'],
          ['Cleo', ids.sop.id, '2025-01-01', '2025-02-01'],
          ['Eva', ids.sop.id, null, null],
          ['Gus', ids.sop.id, null, null],
        ],
        "Ben's deleted form does not count, Dan is inactive, Finn is out of scope, Eva's external training is not this document",
      );
      t.same(rows[0]?.employee, { id: anna, displayName: 'Anna', department: 'Maintenance', jobTitle: 'Technician' });
      t.same(flat(await matrix.documentTraining(ids.wi.id)), [
        ['Anna', ids.wi.id, null, null],
        ['Cleo', ids.wi.id, null, null],
        ['Gus', ids.wi.id, '2025-06-01', '2025-07-01'],
      ]);
      t.same(await matrix.documentTraining(ids.qm.id), [], 'no requirements, nobody in scope');
      t.same(await matrix.documentTraining(ids.qm.id + 999), [], 'unknown document');
    },
  );

  await t.test(
    'a department: each active member against each non-retired document required of their department or job title',
    async (t) => {
      t.same(
        flat(await matrix.departmentTraining('Maintenance')),
        [
          ['Anna', ids.sop.id, '2026-01-01', '2026-02-01'],
          ['Anna', ids.wi.id, null, null],
          ['Ben', ids.sop.id, '2025-01-01', '2025-02-01'],
          ['Eva', ids.sop.id, null, null],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1])),
      );
      t.same(
        flat(await matrix.departmentTraining('Production')),
        [
          ['Cleo', ids.sop.id, '2025-01-01', '2025-02-01'],
          ['Cleo', ids.wi.id, null, null],
        ].sort((a, b) => Number(a[1]) - Number(b[1])),
      );
      t.same(await matrix.departmentTraining('Logistics'), [], 'a department with nothing required');
      t.same(await matrix.departmentTraining('Nowhere'), []);
    },
  );

  await t.test(
    'by department: active people with a department counted per document and newest revision trained',
    async (t) => {
      const tallies = (await matrix.departmentTallies())
        .map((r) => [r.department, r.documentId, r.newestTrainedEffectiveDate, r.employees] as const)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      t.same(
        tallies,
        [
          ['Maintenance', ids.sop.id, '2025-01-01', 1],
          ['Maintenance', ids.sop.id, '2026-01-01', 1],
          ['Maintenance', ids.sop.id, null, 1],
          ['Maintenance', ids.wi.id, null, 1],
          ['Production', ids.sop.id, '2025-01-01', 1],
          ['Production', ids.wi.id, null, 1],
        ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        'Gus has no department, Dan is inactive, RET-3 is retired, Logistics requires nothing',
      );
    },
  );

  await t.test('the overview agrees with each department matrix, cell by cell', async (t) => {
    const service = new TrainingMatrixService({ uow, matrix, clock: { now: () => AT } });
    const overview = await service.overview();
    t.same(
      overview.documents.map((d) => [d.document.reference, d.currentRevision?.revision]),
      [
        ['SOP-1', 'B'],
        ['WI-2', '1'],
      ],
    );
    t.same(
      overview.departments.map((d) => d.department),
      ['Maintenance', 'Production'],
    );
    for (const { department, cells } of overview.departments) {
      const single = await service.forDepartment(department);
      const fromMatrix = overview.documents.map((d) => {
        const column = single.documents.find((c) => c.document.id === d.document.id);
        return column ? column.counts : null;
      });
      t.same(
        cells.map((c) => c?.counts ?? null),
        fromMatrix,
        department,
      );
    }
    const maintenanceSop = overview.departments[0]?.cells[0];
    t.same(
      [maintenanceSop?.counts, maintenanceSop?.total, maintenanceSop?.percentCurrent],
      [{ current: 1, outdated: 1, never: 1 }, 3, 33],
    );
  });

  await t.test('the facts follow every kind of change to a form', async (t) => {
    const hana = await person('Hana', 'Change', null);
    const ivo = await person('Ivo', 'Change', null);
    const chg = await uow.run(async (r) => {
      const d = await r.documents.insertDocument({
        reference: 'CHG-5',
        title: 'Change',
        createdBy: 'a',
        createdAt: AT,
      });
      const rev = (revision: string, effectiveDate: string) =>
        r.documents.insertRevision({ documentId: d.id, revision, effectiveDate, createdBy: 'a', createdAt: AT });
      const a = await rev('A', '2025-01-01');
      const b = await rev('B', '2026-01-01');
      await r.requirements.insert({
        documentId: d.id,
        scope: { kind: 'department', value: 'Change' },
        createdBy: 'a',
        createdAt: AT,
      });
      return { id: d.id, a: a.id, b: b.id };
    });
    const facts = async () => flat(await matrix.documentTraining(chg.id)).map((r) => r.slice(2));
    const never = [null, null];
    const f1 = await target.addForm(chg.a, '2025-02-01', [hana]);
    t.same(await facts(), [['2025-01-01', '2025-02-01'], never], 'created');
    await target.editForm(f1, { traineeIds: [ivo] });
    t.same(await facts(), [never, ['2025-01-01', '2025-02-01']], 'trainees edited: Hana out, Ivo in');
    await target.editForm(f1, { revisionId: chg.b, trainingDate: '2026-02-02' });
    t.same(await facts(), [never, ['2026-01-01', '2026-02-02']], 'reference and date changed');
    await target.editForm(f1, { revisionId: null });
    t.same(await facts(), [never, never], 'made external training');
    await target.linkForm(f1, chg.b);
    t.same(await facts(), [never, ['2026-01-01', '2026-02-02']], 'linked by match-references');
    await target.trash(f1);
    t.same(await facts(), [never, never], 'in the trash');
    await target.restore(f1);
    t.same(await facts(), [never, ['2026-01-01', '2026-02-02']], 'restored');
    await target.addForm(chg.a, '2026-03-01', [ivo]);
    t.same(await facts(), [never, ['2026-01-01', '2026-03-01']], 'a later training on an older revision');
    await target.trash(f1);
    await target.purge(f1);
    t.same(await facts(), [never, ['2025-01-01', '2026-03-01']], 'purged');
  });

  await t.test('the page queries: counted, paged and ordered by the database as the domain would', async (t) => {
    // Names whose order differs between code points and MariaDB's case- and accent-folding collation.
    const order = [];
    for (const name of ['adam', 'Zed', 'Ábel', 'Bob', 'zoe', 'Bea']) order.push(await person(name, 'Order', null));
    const [ord6, ord7] = await uow.run(async (r) => {
      const add = async (reference: string, revisions: [string, string][]) => {
        const d = await r.documents.insertDocument({ reference, title: reference, createdBy: 'a', createdAt: AT });
        const revs = [];
        for (const [revision, effectiveDate] of revisions)
          revs.push(
            (
              await r.documents.insertRevision({
                documentId: d.id,
                revision,
                effectiveDate,
                createdBy: 'a',
                createdAt: AT,
              })
            ).id,
          );
        await r.requirements.insert({
          documentId: d.id,
          scope: { kind: 'department', value: 'Order' },
          createdBy: 'a',
          createdAt: AT,
        });
        return { id: d.id, revs };
      };
      return [
        await add('ORD-6', [
          ['A', '2025-01-01'],
          ['B', '2026-01-01'],
        ]),
        await add('ORD-7', [['1', '2026-01-01']]),
      ];
    });
    const [adam, zed, abel, bob, zoe] = order as [number, number, number, number, number];
    await target.addForm(ord6!.revs[0]!, '2025-02-01', [adam, zed, abel]);
    await target.addForm(ord6!.revs[1]!, '2026-02-01', [bob, zed]);
    await target.addForm(ord7!.revs[0]!, '2026-02-01', [zoe, abel]);

    t.same(
      await matrix.departmentDocuments('Maintenance'),
      [ids.sop.id, ids.wi.id].sort((a, b) => a - b),
      'RET-3 is retired',
    );
    t.same(await matrix.departmentDocuments('Order'), [ord6!.id, ord7!.id]);
    t.same(await matrix.departmentDocuments('Nowhere'), []);
    const none = { rules: [], department: 'Nowhere' };
    t.same(await matrix.page(none, { status: null, offset: 0, limit: 5, overdue: 5 }), {
      counts: { cells: [], people: { everyone: 0, withStatus: { current: 0, outdated: 0, never: 0 } } },
      people: [],
      overdue: [],
    });

    for (const documentId of [ids.sop.id, ids.wi.id, ord6!.id, ord7!.id]) {
      const full = await matrix.documentTraining(documentId);
      for (const from of thresholdsFor(full)) {
        const scope = { rules: rulesOf([documentId], () => from), department: null };
        await pageQueriesAgree(t, matrix, scope, full, `document ${documentId}, current from ${from}`);
      }
    }
    const department = async (
      name: string,
      documentIds: number[],
      from: (id: number) => string | null,
      label: string,
    ) =>
      pageQueriesAgree(
        t,
        matrix,
        { rules: rulesOf(documentIds, from), department: name },
        await matrix.departmentTraining(name),
        `${name}, ${label}`,
      );
    await department(
      'Maintenance',
      [ids.sop.id, ids.wi.id],
      (id) => (id === ids.sop.id ? '2026-01-01' : '2025-06-01'),
      'as today',
    );
    await department('Maintenance', [ids.wi.id, ids.sop.id], () => null, 'nothing in force');
    await department('Maintenance', [ids.sop.id], () => '2025-01-01', 'one document of two');
    await department('Order', [ord6!.id, ord7!.id], () => '2026-01-01', 'same due date, ORD-6 first');
    await department('Order', [ord7!.id, ord6!.id], () => '2026-01-01', 'same due date, ORD-7 first');
    await department(
      'Order',
      [ord6!.id, ord7!.id],
      (id) => (id === ord6!.id ? '2026-01-02' : '2025-12-31'),
      'ORD-7 due first',
    );

    const service = new TrainingMatrixService({ uow, matrix, clock: { now: () => AT } });
    for (const [label, page, full] of [
      [
        'SOP-1',
        (s?: MatrixStatus) => service.documentPage(ids.sop.id, { status: s, page: 3 }),
        () => service.forDocument(ids.sop.id),
      ],
      [
        'Order',
        (s?: MatrixStatus) => service.departmentPage('Order', { status: s }),
        () => service.forDepartment('Order'),
      ],
      [
        'Maintenance',
        (s?: MatrixStatus) => service.departmentPage('Maintenance', { status: s }),
        () => service.forDepartment('Maintenance'),
      ],
    ] as const) {
      const all = await full();
      const shown = await page();
      t.same(shown.documents, all.documents, `${label}: the documents and their counts are the full matrix's`);
      t.same(
        [shown.counts, shown.overdueTotal, shown.overdue],
        [all.counts, all.overdue.length, all.overdue.slice(0, 25)],
        `${label}: counts, overdue`,
      );
      t.same(
        [shown.people, shown.shown.rows],
        [new Set(all.rows.map((r) => r.employee.id)).size, all.rows],
        `${label}: everyone on page 1`,
      );
      t.same([shown.shown.page, shown.shown.lastPage, shown.shown.first, shown.shown.last], [1, 1, 1, shown.people]);
      for (const status of MATRIX_STATUSES) {
        const ids = new Set(all.rows.filter((r) => r.status === status).map((r) => r.employee.id));
        const filtered = await page(status);
        t.same(
          filtered.shown.rows,
          all.rows.filter((r) => ids.has(r.employee.id)),
          `${label}: people with a ${status} cell`,
        );
        t.same([filtered.shown.total, filtered.counts], [ids.size, all.counts], `${label}: the counts stay everyone's`);
      }
    }
  });
}

t.test('in-memory fake', async (t) => {
  const state = emptyRegisterState();
  const uow = new InMemoryRegisterUnitOfWork(state);
  let formId = 1000;
  await contract(t, {
    uow,
    matrix: new InMemoryTrainingMatrixQueries(state),
    async addEmployee(displayName, department, jobTitle, active = true) {
      const id = (state.nextId += 3);
      state.employees.push({
        id,
        directoryId: `d${id}`,
        displayName,
        email: null,
        userPrincipalName: null,
        department,
        jobTitle,
        active,
        lastSyncedAt: null,
      });
      return id;
    },
    async addForm(documentRevisionId, trainingDate, traineeIds, deleted = false) {
      state.forms.push({ id: ++formId, documentRevisionId, trainingDate, traineeIds, deleted });
      return formId;
    },
    editForm: async (id, c) =>
      change(id, (f) => ({
        ...f,
        documentRevisionId: c.revisionId === undefined ? f.documentRevisionId : c.revisionId,
        trainingDate: c.trainingDate ?? f.trainingDate,
        traineeIds: c.traineeIds ?? f.traineeIds,
      })),
    linkForm: async (id, documentRevisionId) => change(id, (f) => ({ ...f, documentRevisionId })),
    trash: async (id) => change(id, (f) => ({ ...f, deleted: true })),
    restore: async (id) => change(id, (f) => ({ ...f, deleted: false })),
    purge: async (id) => void (state.forms = state.forms.filter((f) => f.id !== id)),
  });
  function change(id: number, edit: (f: FakeMatrixForm) => FakeMatrixForm) {
    state.forms = state.forms.map((f) => (f.id === id ? edit(f) : f));
  }
});

t.test('database adapters, on every dialect', (t) =>
  forEachDialect(t, async (t, handle) => {
    // Forms are written through the forms repository (in a transaction, as the services do): it keeps the summary.
    const forms = new KyselyUnitOfWork(handle.db);
    const edit = (id: number, work: (r: TrainingFormRepository, form: TrainingForm) => Promise<unknown>) =>
      forms.run(async (tx) => {
        const form = await tx.forms.findById(id);
        if (!form) throw new Error(`no form ${id}`);
        await work(tx.forms, form);
      });
    await contract(t, {
      uow: new KyselyRegisterUnitOfWork(handle.db),
      matrix: new KyselyTrainingMatrixQueries(handle.db),
      addEmployee: (name, department, jobTitle, active = true) =>
        insertEmployee(handle.db, name, department, jobTitle, active),
      addForm: (revisionId, date, trainees, deleted = false) =>
        forms.run(async (tx) => {
          const form = await tx.forms.insert({
            ...formFields(revisionId, date, trainees),
            createdBy: 'seed',
            createdAt: AT,
          });
          if (deleted) await tx.forms.setDeleted(form.id, { by: 'seed', at: AT });
          return form.id;
        }),
      editForm: (id, c) =>
        edit(id, (r, f) =>
          r.update(
            id,
            f.version,
            {
              ...f,
              documentRevisionId: c.revisionId === undefined ? f.documentRevisionId : c.revisionId,
              trainingDate: c.trainingDate ?? f.trainingDate,
              traineeIds: c.traineeIds ?? f.traineeIds,
            },
            'editor',
            AT,
          ),
        ),
      linkForm: (id, documentRevisionId) =>
        edit(id, (r) =>
          r.linkRevision(id, { documentRevisionId, referenceDocument: 'CHG-5', referenceRevision: 'B' }, 'ops', AT),
        ),
      trash: (id) => edit(id, (r) => r.setDeleted(id, { by: 'editor', at: AT })),
      restore: (id) => edit(id, (r) => r.setDeleted(id, null)),
      purge: (id) => edit(id, (r) => r.purge(id)),
    });
    t.same(
      (await new KyselyTrainingSummary(handle.db).check()).differences,
      [],
      'after all of it, the summary is what a fresh aggregation of the forms gives',
    );
  }),
);

async function insertEmployee(
  db: Kysely<Database>,
  name: string,
  department: string | null,
  jobTitle: string | null,
  active: boolean,
): Promise<number> {
  const values = {
    directory_id: `dir-${name}`,
    display_name: name,
    email: null,
    user_principal_name: null,
    department,
    job_title: jobTitle,
    active: active ? 1 : 0,
  };
  return Number((await db.insertInto('employees').values(values).executeTakeFirstOrThrow()).insertId);
}
