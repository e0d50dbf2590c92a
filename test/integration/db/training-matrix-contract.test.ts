import t from 'tap';
import type { Test } from 'tap';
import type { Kysely } from 'kysely';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { KyselyRegisterUnitOfWork } from '../../../src/adapters/db/repositories/kysely-register-unit-of-work.ts';
import { KyselyTrainingMatrixQueries } from '../../../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import type { Database } from '../../../src/declared-schema/declared-schema.ts';
import type { RegisterUnitOfWork } from '../../../src/domain/ports/register-unit-of-work.ts';
import type { TrainingMatrixQueries } from '../../../src/domain/ports/training-matrix-queries.ts';
import type { EmployeeDocumentTraining } from '../../../src/domain/training-matrix.ts';
import { TrainingMatrixService } from '../../../src/domain/training-matrix-service.ts';
import { emptyRegisterState, InMemoryRegisterUnitOfWork } from '../../fakes/in-memory-register.ts';
import { InMemoryTrainingMatrixQueries } from '../../fakes/in-memory-training-matrix-queries.ts';
import { forEachDialect } from '../../helpers/targets.ts';

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
  });
});

t.test('database adapters, on every dialect', (t) =>
  forEachDialect(t, (t, handle) =>
    contract(t, {
      uow: new KyselyRegisterUnitOfWork(handle.db),
      matrix: new KyselyTrainingMatrixQueries(handle.db),
      addEmployee: (name, department, jobTitle, active = true) =>
        insertEmployee(handle.db, name, department, jobTitle, active),
      addForm: (revisionId, date, trainees, deleted = false) =>
        insertForm(handle.db, revisionId, date, trainees, deleted),
    }),
  ),
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

async function insertForm(
  db: Kysely<Database>,
  revisionId: number | null,
  date: string,
  trainees: readonly number[],
  deleted: boolean,
): Promise<number> {
  const at = toDbTime(AT);
  const result = await db
    .insertInto('training_forms')
    .values({
      title: 'Training',
      training_type: 'Classroom',
      trainer: 'Grace',
      training_date: date,
      duration_minutes: 60,
      document_revision_id: revisionId,
      created_by: 'seed',
      created_at: at,
      updated_by: 'seed',
      updated_at: at,
      deleted: deleted ? 1 : 0,
    })
    .executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  await db
    .insertInto('training_form_trainees')
    .values(trainees.map((employee_id) => ({ training_form_id: id, employee_id })))
    .execute();
  return id;
}
