import t from 'tap';
import type { Test } from 'tap';
import type { Kysely } from 'kysely';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { KyselyFormSignatureRepository } from '../../../src/adapters/db/repositories/kysely-form-signature-repository.ts';
import { KyselyEmployeeTrainingRecordReader } from '../../../src/adapters/db/repositories/kysely-employee-training-record-reader.ts';
import type { Database } from '../../../src/declared-schema/declared-schema.ts';
import type { EmployeeFields } from '../../../src/domain/employee.ts';
import { SIGNATURE_MEANING, type NewFormSignature, type SignatureVoiding } from '../../../src/domain/form-signature.ts';
import { EmployeeNotFoundError } from '../../../src/domain/employee-not-found-error.ts';
import { EmployeeRecordService } from '../../../src/domain/employee-record-service.ts';
import type { TrainingRecordEntry } from '../../../src/domain/employee-training-record.ts';
import type { EmployeeTrainingRecordReader } from '../../../src/domain/ports/employee-training-record-reader.ts';
import {
  emptyRecordState,
  InMemoryEmployeeTrainingRecordReader,
  type FakeRecordForm,
} from '../../fakes/in-memory-employee-training-record-reader.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// One contract for EmployeeTrainingRecordReader (through EmployeeRecordService): the fake, SQLite and MariaDB.

type NewForm = Omit<FakeRecordForm, 'id'>;
interface Target {
  readonly reader: EmployeeTrainingRecordReader;
  addEmployee(e: EmployeeFields): Promise<number>;
  /** A register document with revisions; returns the revisions' ids in order. */
  addDocument(reference: string, revisions: readonly string[]): Promise<number[]>;
  addForm(f: NewForm): Promise<number>;
  /** A signature of the form at `version` (Grace Weber, at {@link AT}), voided when `voided` is given. */
  addSignature(formId: number, version: number, voided?: SignatureVoiding): Promise<void>;
}

const AT = new Date('2026-11-24T08:00:00.000Z');
const person = (name: string, email: string, department: string, jobTitle: string, active = true): EmployeeFields => ({
  directoryId: `dir-${email}`,
  displayName: name,
  email,
  userPrincipalName: null,
  department,
  jobTitle,
  active,
  lastSyncedAt: null,
});
const form = (trainingDate: string, traineeIds: number[], change: Partial<NewForm> = {}): NewForm => ({
  title: `Training of ${trainingDate}`,
  trainingType: 'Classroom',
  trainingDate,
  trainer: 'Grace Weber',
  durationMinutes: 45,
  referenceDocument: null,
  referenceRevision: null,
  documentRevisionId: null,
  deleted: false,
  traineeIds,
  version: 1,
  ...change,
});

const SIGNED: NewFormSignature = {
  formId: 0,
  formVersion: 1,
  signerUsername: 'grace',
  printedName: 'Grace Weber',
  meaning: SIGNATURE_MEANING,
  signedAt: AT,
  adminReason: null,
};
const VOIDING: SignatureVoiding = { at: new Date('2026-11-25T09:30:00.000Z'), by: 'ada', reason: 'date corrected' };

async function contract(t: Test, target: Target): Promise<void> {
  const service = new EmployeeRecordService({ reader: target.reader, clock: { now: () => AT } });
  const anna = await target.addEmployee(
    person('Anna Schmidt', 'anna.schmidt@example.com', 'Maintenance', 'Technician'),
  );
  const anna2 = await target.addEmployee(person('Anna Schmidt', 'anna.schmidt2@example.com', 'Production', 'Operator'));
  const ben = await target.addEmployee(person('Ben Rossi', 'ben@example.com', 'Quality', 'Auditor', false));
  const [revB, revC] = (await target.addDocument('SOP-CR-004', ['B', 'C'])) as [number, number];
  // The register wins over the form's free text when both are present.
  const f1 = await target.addForm(
    form('2025-03-01', [anna, anna2], {
      documentRevisionId: revB,
      referenceDocument: 'old text',
      referenceRevision: 'x',
    }),
  );
  const f2 = await target.addForm(
    form('2026-02-01', [anna], {
      documentRevisionId: revC,
      title: 'Cleanroom',
      trainingType: 'On the job',
      durationMinutes: 90,
    }),
  );
  const f3 = await target.addForm(
    form('2026-02-01', [anna], { referenceDocument: 'EXT-ISO 13485', referenceRevision: '2016', trainer: 'TÜV Süd' }),
  );
  await target.addForm(form('2026-05-01', [anna], { documentRevisionId: revC, deleted: true }));
  const f5 = await target.addForm(form('2024-01-01', [anna, ben]));
  const f6 = await target.addForm(form('2025-06-01', [ben], { documentRevisionId: revB }));
  const ids = (entries: readonly TrainingRecordEntry[]) => entries.map((e) => e.formId);

  await t.test(
    'a record: every non-deleted training attended, newest first (date, then form id), with the document from the register or marked external',
    async (t) => {
      const { employee, entries, asOf } = await service.record(anna);
      t.same(asOf, AT, "read at the clock's time");
      t.same(
        {
          id: employee.id,
          name: employee.displayName,
          email: employee.email,
          department: employee.department,
          jobTitle: employee.jobTitle,
          active: employee.active,
        },
        {
          id: anna,
          name: 'Anna Schmidt',
          email: 'anna.schmidt@example.com',
          department: 'Maintenance',
          jobTitle: 'Technician',
          active: true,
        },
      );
      t.same(ids(entries), [f3, f2, f1, f5], 'the deleted form is left out; same day: higher id first');
      t.same(entries[0], {
        formId: f3,
        trainingDate: '2026-02-01',
        title: 'Training of 2026-02-01',
        trainingType: 'Classroom',
        document: { reference: 'EXT-ISO 13485', revision: '2016', external: true },
        trainer: 'TÜV Süd',
        durationMinutes: 45,
        signature: { status: 'unsigned' },
      });
      t.same(entries[1], {
        formId: f2,
        trainingDate: '2026-02-01',
        title: 'Cleanroom',
        trainingType: 'On the job',
        document: { reference: 'SOP-CR-004', revision: 'C', external: false },
        trainer: 'Grace Weber',
        durationMinutes: 90,
        signature: { status: 'unsigned' },
      });
      t.same(
        entries[2]?.document,
        { reference: 'SOP-CR-004', revision: 'B', external: false },
        'the register, not the free text',
      );
      t.same(entries[3]?.document, { reference: null, revision: null, external: true }, 'no reference at all');
      t.same(ids((await service.record(anna2)).entries), [f1]);
    },
  );

  await t.test('an inactive employee keeps their record; an unknown one is not found', async (t) => {
    const record = await service.record(ben);
    t.equal(record.employee.active, false);
    t.same(ids(record.entries), [f6, f5]);
    await t.rejects(service.record(ben + anna2 + 999_999), EmployeeNotFoundError);
    t.equal(await target.reader.employee(ben + anna2 + 999_999), null);
    t.same(await target.reader.trainings(ben + anna2 + 999_999, {}), []);
  });

  await t.test('filters: a date range (inclusive) and part of the document reference, in any case', async (t) => {
    t.same(ids((await service.record(anna, { from: '2025-03-01', to: '2026-01-31' })).entries), [f1]);
    t.same(ids((await service.record(anna, { from: '2026-02-01' })).entries), [f3, f2]);
    t.same(ids((await service.record(anna, { to: '2024-12-31' })).entries), [f5]);
    t.same(ids((await service.record(anna, { document: 'cr-004' })).entries), [f2, f1]);
    t.same(
      ids((await service.record(anna, { document: ' iso ' })).entries),
      [f3],
      'trimmed; free-text references match too',
    );
    t.same(
      ids((await service.record(anna, { document: 'old text' })).entries),
      [],
      'the free text of a register-linked form is not its reference',
    );
    t.same(ids((await service.record(anna, { document: '%' })).entries), [], 'LIKE wildcards are plain characters');
    t.same(
      ids((await service.record(anna, { from: '2025-01-01', document: 'SOP' })).entries),
      [f2, f1],
      'filters combine',
    );
    t.same(
      ids((await service.record(anna, { from: '', to: ' ', document: '' })).entries),
      [f3, f2, f1, f5],
      'blank filters are ignored',
    );
  });

  await t.test(
    'search: name, email or department, inactive included, by name then id, paged with a total',
    async (t) => {
      const names = async (text: string, page = 1, size = 25) => {
        const found = await service.search(text, page, size);
        return { ids: found.items.map((e) => e.id), total: found.total };
      };
      t.same(await names('anna'), { ids: [anna, anna2], total: 2 });
      t.same(await names('SCHMIDT2@'), { ids: [anna2], total: 1 });
      t.same(await names('maint'), { ids: [anna], total: 1 });
      t.same(await names('rossi'), { ids: [ben], total: 1 }, 'people who left are found');
      t.same(await names(''), { ids: [anna, anna2, ben], total: 3 });
      t.same(await names('', 2, 2), { ids: [ben], total: 3 });
      t.same(await names('', 3, 2), { ids: [], total: 3 }, 'a page past the end still has the total');
      t.same(await names('anna', 2, 1), { ids: [anna2], total: 2 });
      t.same(await names('_'), { ids: [], total: 0 });
      t.same((await service.search('', 0, 1000)).pageSize, 100, 'page size clamped');
    },
  );

  await t.test(
    'signatures: the latest one counts; signed only while not voided and for the current version',
    async (t) => {
      const g1 = await target.addForm(form('2026-06-01', [anna], { title: 'Signed' }));
      const g2 = await target.addForm(form('2026-06-02', [anna], { title: 'Voided' }));
      const g3 = await target.addForm(form('2026-06-03', [anna], { title: 'Re-signed', version: 2 }));
      const g4 = await target.addForm(form('2026-06-04', [anna], { title: 'Older version', version: 3 }));
      await target.addSignature(g1, 1);
      await target.addSignature(g2, 1, VOIDING);
      await target.addSignature(g3, 1, VOIDING);
      await target.addSignature(g3, 2);
      await target.addSignature(g4, 2);
      const entries = (await service.record(anna, { from: '2026-06-01' })).entries;
      t.same(ids(entries), [g4, g3, g2, g1]);
      const [e4, e3, e2, e1] = entries.map((e) => e.signature);
      t.match(
        e1,
        { status: 'signed', signature: { ...SIGNED, formId: g1, voided: null } },
        'signed: every field read back',
      );
      t.match(e2, { status: 'voided', signature: { formId: g2, voided: VOIDING } }, 'voided: who, when and why');
      t.match(
        e3,
        { status: 'signed', signature: { formId: g3, formVersion: 2, voided: null } },
        'the newest signature',
      );
      t.match(
        e4,
        { status: 'voided', signature: { formId: g4, formVersion: 2, voided: null } },
        'for an earlier version',
      );
      t.same(
        e1?.status === 'signed' && e1.signature.signedAt.toISOString(),
        AT.toISOString(),
        'the time is the same instant',
      );
    },
  );
}

t.test('in-memory fake', async (t) => {
  const state = emptyRecordState();
  let next = 10;
  await contract(t, {
    reader: new InMemoryEmployeeTrainingRecordReader(state),
    async addEmployee(e) {
      state.employees.push({ ...e, id: (next += 3) });
      return next;
    },
    async addDocument(reference, revisions) {
      const documentId = (next += 3);
      state.documents.push({ id: documentId, reference });
      return revisions.map((revision) => {
        state.revisions.push({ id: (next += 3), documentId, revision });
        return next;
      });
    },
    async addForm(f) {
      state.forms.push({ ...f, id: (next += 3) });
      return next;
    },
    async addSignature(formId, formVersion, voided) {
      state.signatures.push({ ...SIGNED, formId, formVersion, id: (next += 3), voided: voided ?? null });
    },
  });
});

t.test('database adapter, on every dialect', (t) =>
  forEachDialect(t, (t, handle) =>
    contract(t, {
      reader: new KyselyEmployeeTrainingRecordReader(handle.db),
      addEmployee: (e) => insertEmployee(handle.db, e),
      addDocument: (reference, revisions) => insertDocument(handle.db, reference, revisions),
      addForm: (f) => insertForm(handle.db, f),
      async addSignature(formId, formVersion, voided) {
        const repository = new KyselyFormSignatureRepository(handle.db);
        await repository.insert({ ...SIGNED, formId, formVersion });
        if (voided) await repository.voidFor(formId, voided);
      },
    }),
  ),
);

async function insertEmployee(db: Kysely<Database>, e: EmployeeFields): Promise<number> {
  const values = {
    directory_id: e.directoryId,
    display_name: e.displayName,
    email: e.email,
    user_principal_name: null,
    department: e.department,
    job_title: e.jobTitle,
    active: e.active ? 1 : 0,
  };
  return Number((await db.insertInto('employees').values(values).executeTakeFirstOrThrow()).insertId);
}

async function insertDocument(
  db: Kysely<Database>,
  reference: string,
  revisions: readonly string[],
): Promise<number[]> {
  const at = toDbTime(AT);
  const doc = await db
    .insertInto('controlled_documents')
    .values({ reference, title: reference, created_by: 'admin', created_at: at, updated_by: 'admin', updated_at: at })
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [i, revision] of revisions.entries()) {
    const values = {
      document_id: Number(doc.insertId),
      revision,
      effective_date: `202${i}-01-01`,
      created_by: 'admin',
      created_at: at,
    };
    ids.push(Number((await db.insertInto('document_revisions').values(values).executeTakeFirstOrThrow()).insertId));
  }
  return ids;
}

async function insertForm(db: Kysely<Database>, f: NewForm): Promise<number> {
  const at = toDbTime(AT);
  const result = await db
    .insertInto('training_forms')
    .values({
      title: f.title,
      training_type: f.trainingType,
      trainer: f.trainer,
      training_date: f.trainingDate,
      duration_minutes: f.durationMinutes,
      reference_document: f.referenceDocument,
      reference_revision: f.referenceRevision,
      document_revision_id: f.documentRevisionId,
      created_by: 'seed',
      created_at: at,
      updated_by: 'seed',
      updated_at: at,
      deleted: f.deleted ? 1 : 0,
      version: f.version,
    })
    .executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  await db
    .insertInto('training_form_trainees')
    .values(f.traineeIds.map((employee_id) => ({ training_form_id: id, employee_id })))
    .execute();
  return id;
}
