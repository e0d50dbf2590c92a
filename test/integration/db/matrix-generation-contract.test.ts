import t from 'tap';
import type { Test } from 'tap';
import { KyselyRegisterUnitOfWork } from '../../../src/adapters/db/repositories/kysely-register-unit-of-work.ts';
import { KyselyTrainingMatrixQueries } from '../../../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import { KyselyTrainingSummary } from '../../../src/adapters/db/repositories/kysely-training-summary.ts';
import { KyselyUnitOfWork } from '../../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';
import type { EmployeeFields } from '../../../src/domain/employee.ts';
import type { TrainingFormFields } from '../../../src/domain/training-form.ts';
import { TrainingMatrixService } from '../../../src/domain/training-matrix-service.ts';
import type { TrainingMatrixPage } from '../../../src/domain/training-matrix-page.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { formFields } from '../../builders/register.ts';

// Two app instances on one database: A reads the matrix pages (and keeps them), B writes. After each
// kind of write through B, A's next page must be the page computed afresh. A writer that forgot to
// bump the matrix generation leaves A serving its kept page, and the case fails.

const AT = new Date('2026-11-24T08:00:00.000Z');
const clock = { now: () => AT };

/** One instance's view of the database: its own handle, units of work and services. */
function instance(handle: DatabaseHandle, pagesKept?: number) {
  const register = new KyselyRegisterUnitOfWork(handle.db);
  const matrix = new KyselyTrainingMatrixQueries(handle.db);
  return {
    forms: new KyselyUnitOfWork(handle.db, 0),
    register,
    matrix,
    service: new TrainingMatrixService({
      uow: register,
      matrix,
      clock,
      ...(pagesKept === undefined ? {} : { pagesKept }),
    }),
  };
}

const person = (name: string, department: string | null, jobTitle: string | null, active = true): EmployeeFields => ({
  directoryId: `dir-${name}`,
  displayName: name,
  email: null,
  userPrincipalName: null,
  department,
  jobTitle,
  active,
  lastSyncedAt: AT,
});

/** What a page shows, without the document objects' identity: counts, the page's cells, the overdue list. */
const shown = (p: TrainingMatrixPage) => ({
  documents: p.documents.map((d) => [
    d.document.reference,
    d.document.retired,
    d.currentRevision?.revision ?? null,
    d.counts,
  ]),
  counts: p.counts,
  people: p.people,
  overdueTotal: p.overdueTotal,
  overdue: p.overdue.map((o) => [o.row.employee.displayName, o.document.reference, o.row.status, o.dueSince]),
  rows: p.shown.rows.map((r) => [r.employee.displayName, r.documentId, r.status, r.lastTrainingDate]),
});

async function contract(t: Test, handleA: DatabaseHandle, handleB: DatabaseHandle): Promise<void> {
  const a = instance(handleA);
  const truth = instance(handleA, 0).service;
  const b = instance(handleB);

  const sync = (people: EmployeeFields[], listed?: string[]) =>
    b.forms.run(async (tx) => {
      await tx.employees.upsert(people);
      if (listed) await tx.employees.deactivateMissing(listed, AT);
    });
  await sync([
    person('Anna', 'Maintenance', 'Technician'),
    person('Ben', 'Maintenance', 'Operator'),
    person('Cleo', 'Maintenance', 'Operator'),
    person('Dora', 'Production', 'Technician'),
  ]);
  const ids = new Map(
    (await handleB.db.selectFrom('employees').select(['id', 'display_name']).execute()).map((r) => [
      r.display_name,
      r.id,
    ]),
  );
  const id = (name: string) => ids.get(name) ?? -1;

  const doc = await b.register.run(async (r) => {
    const d = await r.documents.insertDocument({ reference: 'SOP-1', title: 'SOP', createdBy: 'admin', createdAt: AT });
    const revA = await r.documents.insertRevision({
      documentId: d.id,
      revision: 'A',
      effectiveDate: '2025-01-01',
      createdBy: 'admin',
      createdAt: AT,
    });
    const w = await r.documents.insertDocument({ reference: 'WI-2', title: 'WI', createdBy: 'admin', createdAt: AT });
    const wiRev = await r.documents.insertRevision({
      documentId: w.id,
      revision: '1',
      effectiveDate: '2025-06-01',
      createdBy: 'admin',
      createdAt: AT,
    });
    await r.requirements.insert({
      documentId: d.id,
      scope: { kind: 'department', value: 'Maintenance' },
      createdBy: 'admin',
      createdAt: AT,
    });
    return { sop: d.id, revA: revA.id, wi: w.id, wiRev: wiRev.id };
  });
  const addForm = (revisionId: number | null, date: string, trainees: readonly number[]) =>
    b.forms.run(
      async (tx) =>
        (await tx.forms.insert({ ...formFields(revisionId, date, trainees), createdBy: 'b', createdAt: AT })).id,
    );
  const edit = (formId: number, change: (f: TrainingFormFields) => TrainingFormFields) =>
    b.forms.run(async (tx) => {
      const form = await tx.forms.findById(formId);
      if (!form) throw new Error(`no form ${formId}`);
      await tx.forms.update(formId, form.version, change(form), 'b', AT);
    });
  const first = await addForm(doc.revA, '2025-02-01', [id('Anna')]);

  const pages = {
    department: (s: TrainingMatrixService) => s.departmentPage('Maintenance'),
    document: (s: TrainingMatrixService) => s.documentPage(doc.sop),
    'department, outdated only': (s: TrainingMatrixService) => s.departmentPage('Maintenance', { status: 'outdated' }),
  };

  /** A's page is kept (a second read is the same object), then after `change` through B it is the fresh page. */
  const afterChange = async (label: string, change: () => Promise<unknown>) => {
    const before = new Map<string, TrainingMatrixPage>();
    for (const [name, read] of Object.entries(pages)) {
      const kept = await read(a.service);
      t.equal(await read(a.service), kept, `${label}: before, A keeps the ${name} page`);
      before.set(name, kept);
    }
    await change();
    let moved = false;
    for (const [name, read] of Object.entries(pages)) {
      const now = await read(a.service);
      t.same(shown(now), shown(await read(truth)), `${label}: after, A's ${name} page is the fresh one`);
      if (JSON.stringify(shown(now)) !== JSON.stringify(shown(before.get(name)!))) moved = true;
    }
    t.ok(moved, `${label}: the change moved a number on A's pages`);
  };

  let second = 0;
  await afterChange('form created', async () => (second = await addForm(doc.revA, '2025-03-01', [id('Ben')])));
  await afterChange('form trainees changed', () =>
    edit(second, (f) => ({ ...f, traineeIds: [id('Ben'), id('Cleo')] })),
  );
  await afterChange('form training date changed', () => edit(first, (f) => ({ ...f, trainingDate: '2025-04-04' })));
  await afterChange('form moved to the trash', () =>
    b.forms.run((tx) => tx.forms.setDeleted(second, { by: 'b', at: AT })),
  );
  await afterChange('form restored', () => b.forms.run((tx) => tx.forms.setDeleted(second, null)));
  await afterChange('form purged', () => b.forms.run((tx) => tx.forms.purge(second)));
  const external = await addForm(null, '2025-05-05', [id('Cleo')]);
  await afterChange('form linked to a revision (match-references)', () =>
    b.forms.run((tx) =>
      tx.forms.linkRevision(
        external,
        { documentRevisionId: doc.revA, referenceDocument: 'SOP-1', referenceRevision: 'A' },
        'ops',
        AT,
      ),
    ),
  );
  await afterChange('new revision in force', () =>
    b.register.run((r) =>
      r.documents.insertRevision({
        documentId: doc.sop,
        revision: 'B',
        effectiveDate: '2026-01-01',
        createdBy: 'admin',
        createdAt: AT,
      }),
    ),
  );
  await afterChange('form edited onto another revision', () =>
    edit(first, (f) => ({ ...f, documentRevisionId: doc.wiRev })),
  );
  await afterChange('requirement added (job title)', () =>
    b.register.run((r) =>
      r.requirements.insert({
        documentId: doc.wi,
        scope: { kind: 'job_title', value: 'Operator' },
        createdBy: 'admin',
        createdAt: AT,
      }),
    ),
  );
  await afterChange('requirement removed', async () => {
    const [req] = await b.register.read((r) => r.requirements.listForDocument(doc.wi));
    await b.register.run((r) => r.requirements.delete(req!.id));
  });
  await b.register.run((r) =>
    r.requirements.insert({
      documentId: doc.wi,
      scope: { kind: 'department', value: 'Maintenance' },
      createdBy: 'admin',
      createdAt: AT,
    }),
  );
  await afterChange('document retired', () => b.register.run((r) => r.documents.retire(doc.wi, 'admin', AT)));
  await afterChange('employee sync: a department changed', () => sync([person('Dora', 'Maintenance', 'Technician')]));
  await afterChange('employee sync: a name changed', () =>
    sync([
      person('Dora', 'Maintenance', 'Technician'),
      { ...person('Cleo', 'Maintenance', 'Operator'), displayName: 'Aaron' },
    ]),
  );
  await afterChange('employee sync: someone new', () => sync([person('Eli', 'Maintenance', 'Operator')]));
  await afterChange('employee sync: someone no longer listed', () =>
    sync([], ['dir-Anna', 'dir-Ben', 'dir-Cleo', 'dir-Dora']),
  );

  await t.test('a change that moves no cell still keeps pages exact, and nothing else bumps', async (t) => {
    const kept = await a.service.departmentPage('Maintenance');
    const token = await a.matrix.generation();
    t.equal(await a.matrix.generation(), token, 'reads do not move the generation');
    await new KyselyTrainingSummary(handleB.db).rebuild();
    t.not(await a.matrix.generation(), token, 'a summary rebuild moves it (it rewrites the rows)');
    t.same(shown(await a.service.departmentPage('Maintenance')), shown(kept), 'the same numbers after the rebuild');
  });
}

t.test('the matrix generation, two instances on one database, on every dialect', (t) =>
  forEachDialect(t, async (t, handle, ctx) => contract(t, handle, ctx.open())),
);
