import t from 'tap';
import { CONTROLLED_DOCUMENT_ENTITY } from '../../../src/domain/controlled-document.ts';
import {
  DocumentNotFoundError,
  DocumentReferenceTakenError,
  DocumentRetiredError,
  RequirementExistsError,
  RequirementNotFoundError,
  RevisionExistsError,
} from '../../../src/domain/document-errors.ts';
import { DocumentRegisterService } from '../../../src/domain/document-register-service.ts';
import { ValidationError } from '../../../src/domain/errors.ts';
import { TrainingMatrixService } from '../../../src/domain/training-matrix-service.ts';
import { TrainingRequirementService } from '../../../src/domain/training-requirement-service.ts';
import { fixedClock } from '../../builders/register.ts';
import { InMemoryRegisterUnitOfWork } from '../../fakes/in-memory-register.ts';
import { InMemoryTrainingMatrixQueries } from '../../fakes/in-memory-training-matrix-queries.ts';

function setup(today = '2026-06-01T10:00:00.000Z') {
  const uow = new InMemoryRegisterUnitOfWork();
  const clock = fixedClock(today);
  const history = (id: number) =>
    uow.state.audit.filter((e) => e.entityType === CONTROLLED_DOCUMENT_ENTITY && e.entityId === String(id));
  return {
    uow,
    history,
    register: new DocumentRegisterService({ uow, clock }),
    requirements: new TrainingRequirementService({ uow, clock }),
    matrix: new TrainingMatrixService({ uow, matrix: new InMemoryTrainingMatrixQueries(uow.state), clock }),
  };
}

t.test('create registers the first revision and audits every value', async (t) => {
  const { register, history } = setup();
  const created = await register.create(
    { reference: 'sop-cr-004', title: 'Gowning', revision: 'Rev B', effectiveDate: '2026-01-10' },
    'admin',
  );
  t.equal(created.document.reference, 'SOP-CR-004');
  t.equal(created.currentRevision?.revision, 'B');
  t.same(
    history(created.document.id).map((e) => [e.action, e.actor, e.details]),
    [
      [
        'create',
        'admin',
        {
          changes: {
            reference: { from: null, to: 'SOP-CR-004' },
            title: { from: null, to: 'Gowning' },
            revision: { from: null, to: 'B' },
            effectiveDate: { from: null, to: '2026-01-10' },
          },
        },
      ],
    ],
  );
  await t.rejects(
    register.create({ reference: 'SOP-CR-004 ', title: 'Again', revision: 'A', effectiveDate: '2026-01-01' }, 'admin'),
    DocumentReferenceTakenError,
  );
  await t.rejects(
    register.create({ reference: '', title: '', revision: '', effectiveDate: '' }, 'admin'),
    ValidationError,
  );
  t.equal((await register.list()).length, 1, 'nothing written by the refused creates');
});

t.test(
  'issuing revisions: ordered by effective date, the current one derived from today, audited old → new',
  async (t) => {
    const { register, history, uow } = setup();
    const { document } = await register.create(
      { reference: 'SOP-1', title: 'T', revision: 'A', effectiveDate: '2025-01-01' },
      'admin',
    );
    const afterB = await register.issueRevision(document.id, { revision: 'b', effectiveDate: '2026-05-01' }, 'qa');
    t.equal(afterB.currentRevision?.revision, 'B');
    const afterC = await register.issueRevision(document.id, { revision: 'C', effectiveDate: '2026-07-01' }, 'qa');
    t.equal(afterC.currentRevision?.revision, 'B', 'C is issued ahead of its effective date');
    t.equal(
      (await setupWithState(uow, '2026-07-01T00:00:00.000Z').register.get(document.id)).currentRevision?.revision,
      'C',
      'and current from that day',
    );
    await t.rejects(
      register.issueRevision(document.id, { revision: 'C', effectiveDate: '2026-08-01' }, 'qa'),
      RevisionExistsError,
    );
    await t.rejects(
      register.issueRevision(document.id, { revision: 'D', effectiveDate: '2026-07-01' }, 'qa'),
      ValidationError,
    );
    await t.rejects(
      register.issueRevision(999, { revision: 'D', effectiveDate: '2027-01-01' }, 'qa'),
      DocumentNotFoundError,
    );
    t.same(
      history(document.id)
        .slice(1)
        .map((e) => e.details),
      [
        { changes: { revision: { from: 'A', to: 'B' }, effectiveDate: { from: '2025-01-01', to: '2026-05-01' } } },
        { changes: { revision: { from: 'B', to: 'C' }, effectiveDate: { from: '2026-05-01', to: '2026-07-01' } } },
      ],
    );
  },
);

t.test('retire: once, audited; a retired document takes no revisions, requirements or matrix', async (t) => {
  const { register, requirements, matrix, history } = setup();
  const { document } = await register.create(
    { reference: 'SOP-2', title: 'T', revision: 'A', effectiveDate: '2025-01-01' },
    'admin',
  );
  await requirements.require(document.id, { kind: 'department', value: 'Maintenance' }, 'admin');
  const retired = await register.retire(document.id, 'admin');
  t.equal(retired.retired, true);
  t.equal(retired.retiredBy, 'admin');
  await t.rejects(register.retire(document.id, 'admin'), DocumentRetiredError);
  await t.rejects(
    register.issueRevision(document.id, { revision: 'B', effectiveDate: '2026-01-01' }, 'admin'),
    DocumentRetiredError,
  );
  await t.rejects(
    requirements.require(document.id, { kind: 'job_title', value: 'Operator' }, 'admin'),
    DocumentRetiredError,
  );
  await t.rejects(matrix.forDocument(document.id), DocumentRetiredError);
  t.same(await register.list(), [], 'the register lists it only with includeRetired');
  t.equal((await register.list({ includeRetired: true })).length, 1);
  t.same(
    history(document.id).map((e) => e.action),
    ['create', 'require', 'retire'],
  );
});

t.test('requirements: once per scope, audited, lifted', async (t) => {
  const { register, requirements, history } = setup();
  const { document } = await register.create(
    { reference: 'SOP-3', title: 'T', revision: 'A', effectiveDate: '2025-01-01' },
    'admin',
  );
  await requirements.require(document.id, { kind: 'job_title', value: 'Technician' }, 'admin');
  await requirements.require(document.id, { kind: 'department', value: 'Maintenance' }, 'admin');
  await t.rejects(
    requirements.require(document.id, { kind: 'department', value: ' Maintenance' }, 'admin'),
    RequirementExistsError,
  );
  await t.rejects(requirements.require(document.id, { kind: 'team', value: 'x' }, 'admin'), ValidationError);
  t.same(
    (await requirements.forDocument(document.id)).map((r) => r.scope),
    [
      { kind: 'department', value: 'Maintenance' },
      { kind: 'job_title', value: 'Technician' },
    ],
  );
  await requirements.unrequire(document.id, { kind: 'job_title', value: 'Technician' }, 'qa');
  await t.rejects(
    requirements.unrequire(document.id, { kind: 'job_title', value: 'Technician' }, 'qa'),
    RequirementNotFoundError,
  );
  t.same(
    (await requirements.forScope({ kind: 'department', value: 'Maintenance' })).map((r) => r.documentId),
    [document.id],
  );
  t.same(
    history(document.id)
      .slice(1)
      .map((e) => [e.action, e.details]),
    [
      ['require', { changes: { requirement: { from: null, to: 'job title: Technician' } } }],
      ['require', { changes: { requirement: { from: null, to: 'department: Maintenance' } } }],
      ['unrequire', { changes: { requirement: { from: 'job title: Technician', to: null } } }],
    ],
  );
});

t.test('the matrix: a new revision turns the trained into outdated; department across its documents', async (t) => {
  const { uow, register, requirements, matrix } = setup();
  const person = (id: number, displayName: string, department: string, jobTitle: string, active = true) =>
    uow.state.employees.push({
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
  person(1, 'Anna', 'Maintenance', 'Technician');
  person(2, 'Ben', 'Maintenance', 'Operator');
  person(3, 'Cleo', 'Production', 'Technician');
  person(4, 'Dan', 'Maintenance', 'Operator', false);
  const sop = await register.create(
    { reference: 'SOP-CR-004', title: 'T', revision: 'B', effectiveDate: '2026-01-01' },
    'admin',
  );
  const wi = await register.create(
    { reference: 'WI-9', title: 'W', revision: '1', effectiveDate: '2026-01-01' },
    'admin',
  );
  await requirements.require(sop.document.id, { kind: 'department', value: 'Maintenance' }, 'admin');
  await requirements.require(wi.document.id, { kind: 'job_title', value: 'Technician' }, 'admin');
  const revB = sop.currentRevision?.id ?? 0;
  uow.state.forms.push({
    id: 1,
    documentRevisionId: revB,
    trainingDate: '2026-02-01',
    deleted: false,
    traineeIds: [1, 2, 4],
  });
  uow.state.forms.push({
    id: 2,
    documentRevisionId: wi.currentRevision?.id ?? 0,
    trainingDate: '2026-02-02',
    deleted: true,
    traineeIds: [1],
  });

  const before = await matrix.forDocument(sop.document.id);
  t.same(
    before.rows.map((r) => [r.employee.displayName, r.status, r.trainedRevision]),
    [
      ['Anna', 'current', 'B'],
      ['Ben', 'current', 'B'],
    ],
    'inactive Dan is out',
  );
  await register.issueRevision(sop.document.id, { revision: 'C', effectiveDate: '2026-05-01' }, 'admin');
  const after = await matrix.forDocument(sop.document.id);
  t.same(
    after.rows.map((r) => r.status),
    ['outdated', 'outdated'],
  );
  t.same(after.counts, { current: 0, outdated: 2, never: 0 });
  t.same(
    after.overdue.map((o) => [o.row.employee.displayName, o.dueSince]),
    [
      ['Anna', '2026-05-01'],
      ['Ben', '2026-05-01'],
    ],
  );

  const dept = await matrix.forDepartment('Maintenance');
  t.same(
    dept.documents.map((d) => [d.document.reference, d.currentRevision?.revision, d.counts]),
    [
      ['SOP-CR-004', 'C', { current: 0, outdated: 2, never: 0 }],
      ['WI-9', '1', { current: 0, outdated: 0, never: 1 }],
    ],
  );
  t.same(
    dept.rows.map((r) => [r.employee.displayName, r.documentId, r.status]),
    [
      ['Anna', sop.document.id, 'outdated'],
      ['Anna', wi.document.id, 'never'],
      ['Ben', sop.document.id, 'outdated'],
    ],
    'the deleted form does not count; Cleo is another department',
  );
  t.same(dept.counts, { current: 0, outdated: 2, never: 1 });
  t.equal(dept.overdue.length, 3);
  t.same((await matrix.forDepartment('Nobody')).rows, []);
});

function setupWithState(uow: InMemoryRegisterUnitOfWork, today: string) {
  return { register: new DocumentRegisterService({ uow, clock: fixedClock(today) }) };
}
