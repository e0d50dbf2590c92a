import t from 'tap';
import {
  StaleTrainingFormError,
  TrainingFormDeletedError,
  TrainingFormNotDeletedError,
  TrainingFormNotFoundError,
  ValidationError,
} from '../../../src/domain/errors.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { InMemoryAttachmentStore, InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';

async function setup() {
  const uow = new InMemoryUnitOfWork();
  const files = new InMemoryAttachmentStore();
  await uow.run((r) =>
    r.employees.upsert(
      ['Ada', 'Ben', 'Cleo'].map((name, i) => ({
        directoryId: `d${i}`,
        displayName: name,
        email: null,
        userPrincipalName: null,
        department: null,
        jobTitle: null,
        active: name !== 'Cleo',
        lastSyncedAt: null,
      })),
    ),
  );
  return { uow, files, service: new TrainingFormService({ uow, files, clock: steppingClock() }) };
}

t.test('create stores the form, version 1, and audits it', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput({ durationMinutes: '90', traineeIds: ['2', '1', '2'] }), 'ada');
  t.equal(form.version, 1);
  t.equal(form.durationMinutes, 90);
  t.same(form.traineeIds, [1, 2], 'ids parsed, deduplicated and sorted');
  t.equal(form.createdBy, 'ada');
  t.same(
    uow.state.audit.map((e) => [e.action, e.entityId, e.actor]),
    [['create', String(form.id), 'ada']],
  );
});

t.test('validation names every bad field and writes nothing', async (t) => {
  const { uow, service } = await setup();
  const error = await service
    .create(
      aTrainingFormInput({
        title: '  ',
        trainingType: 'Juggling',
        trainingDate: '2026-02-30',
        durationMinutes: '1.5',
        location: 'x'.repeat(121),
        traineeIds: [],
      }),
      'ada',
    )
    .catch((e: unknown) => e);
  t.ok(error instanceof ValidationError);
  t.same(Object.keys((error as ValidationError).fields).sort(), [
    'durationMinutes',
    'location',
    'title',
    'traineeIds',
    'trainingDate',
    'trainingType',
  ]);
  t.equal((error as ValidationError).code, 'VALIDATION_FAILED');
  t.equal(uow.state.forms.size, 0);
  t.equal(uow.state.audit.length, 0);
});

t.test('unknown and inactive trainees are refused', async (t) => {
  const { service } = await setup();
  const fieldError = (input: object) =>
    service.create(aTrainingFormInput(input), 'ada').then(
      () => 'accepted',
      (e: unknown) => (e instanceof ValidationError ? e.fields.traineeIds : String(e)),
    );
  t.match(await fieldError({ traineeIds: [1, 99] }), /not in the employee list \(id 99\)/);
  t.match(await fieldError({ traineeIds: [3] }), /No longer in the directory: Cleo/);
  t.match(await fieldError({ traineeIds: ['abc'] }), /Choose the trainees from the employee list/);
});

t.test('update bumps the version and records what changed', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput(), 'ada');
  const edited = await service.update(form.id, 1, aTrainingFormInput({ title: 'Gowning v2', traineeIds: [1] }), 'ben');
  t.equal(edited.version, 2);
  t.equal(edited.title, 'Gowning v2');
  t.equal(edited.updatedBy, 'ben');
  const audit = uow.state.audit.at(-1);
  t.equal(audit?.action, 'update');
  t.same(audit?.details, {
    changes: { title: { from: 'Cleanroom gowning', to: 'Gowning v2' }, traineeIds: { from: [1, 2], to: [1] } },
    trainees: { added: [], removed: [{ id: 2, name: 'Ben' }] },
  });
});

t.test('a stale edit is refused and overwrites nothing', async (t) => {
  const { service } = await setup();
  const form = await service.create(aTrainingFormInput(), 'ada');
  await service.update(form.id, 1, aTrainingFormInput({ title: 'First save' }), 'ben');
  const error = await service
    .update(form.id, 1, aTrainingFormInput({ title: 'Second save' }), 'ada')
    .catch((e: unknown) => e);
  t.ok(error instanceof StaleTrainingFormError);
  t.match(error, { expectedVersion: 1, currentVersion: 2, code: 'TRAINING_FORM_STALE' });
  t.equal((await service.get(form.id)).title, 'First save');
});

t.test('a trainee who left may stay on an existing form but not be added anew', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput({ traineeIds: [1] }), 'ada');
  const ada = uow.state.employees.get(1);
  if (!ada) throw new Error('seed missing');
  uow.state.employees.set(1, { ...ada, active: false });
  const edited = await service.update(form.id, 1, aTrainingFormInput({ title: 'Still Ada', traineeIds: [1] }), 'ada');
  t.equal(edited.version, 2);
});

t.test('soft delete hides a form; restore brings it back; both audited', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput(), 'ada');
  await service.softDelete(form.id, 'ben');
  await t.rejects(service.get(form.id), TrainingFormNotFoundError);
  const inTrash = await service.get(form.id, { includeDeleted: true });
  t.equal(inTrash.deleted, true);
  t.equal(inTrash.deletedBy, 'ben');
  t.ok(inTrash.deletedAt instanceof Date);
  t.equal((await service.list()).total, 0);
  t.equal((await service.listTrash()).total, 1);
  await t.rejects(service.softDelete(form.id, 'ben'), TrainingFormDeletedError);
  await t.rejects(service.update(form.id, 1, aTrainingFormInput(), 'ben'), TrainingFormDeletedError);
  await service.restore(form.id, 'admin');
  const back = await service.get(form.id);
  t.equal(back.deleted, false);
  t.equal(back.deletedAt, null);
  await t.rejects(service.restore(form.id, 'admin'), TrainingFormNotDeletedError);
  t.same(
    uow.state.audit.map((e) => e.action),
    ['create', 'delete', 'restore'],
  );
});

t.test('a soft-deleted form never blocks a new one with the same values', async (t) => {
  const { service } = await setup();
  const first = await service.create(aTrainingFormInput(), 'ada');
  await service.softDelete(first.id, 'ada');
  const second = await service.create(aTrainingFormInput(), 'ada');
  t.not(second.id, first.id);
  t.equal((await service.list()).total, 1);
});

t.test('purge only from the trash; removes the files after the rows; reports files it could not remove', async (t) => {
  const { uow, files, service } = await setup();
  const form = await service.create(aTrainingFormInput(), 'ada');
  await t.rejects(service.purge(form.id, 'admin'), TrainingFormNotDeletedError);
  files.files.set('a.bin', new Uint8Array([1]));
  files.files.set('b.bin', new Uint8Array([2]));
  files.failOn.add('b.bin');
  await uow.run(async (repos) => {
    for (const storedName of ['a.bin', 'b.bin'])
      await repos.attachments.insert({
        trainingFormId: form.id,
        storedName,
        originalName: storedName,
        contentType: 'application/pdf',
        sizeBytes: 1,
        sha256: 'fake',
        uploadedBy: 'ada',
        uploadedAt: new Date(),
      });
  });
  await service.softDelete(form.id, 'ada');
  const result = await service.purge(form.id, 'admin');
  t.equal(result.removedFiles, 1);
  t.same(
    result.failedFiles.map((f) => f.storedName),
    ['b.bin'],
  );
  t.notOk(files.files.has('a.bin'));
  await t.rejects(service.get(form.id, { includeDeleted: true }), TrainingFormNotFoundError);
  t.equal(uow.state.audit.at(-1)?.action, 'purge');
  await t.rejects(service.purge(form.id, 'admin'), TrainingFormNotFoundError);
});

t.test('list: search, filters, sort and paging go through the normalised query', async (t) => {
  const { service } = await setup();
  for (const [title, date, type] of [
    ['Forklift safety', '2026-01-10', 'On-the-job'],
    ['GMP refresher', '2026-02-10', 'Classroom'],
    ['GMP deep dive', '2026-03-10', 'E-learning'],
  ] as const)
    await service.create(aTrainingFormInput({ title, trainingDate: date, trainingType: type }), 'ada');
  const gmp = await service.list({ text: 'gmp' });
  t.same(
    gmp.items.map((f) => f.title),
    ['GMP deep dive', 'GMP refresher'],
    'newest training date first',
  );
  t.equal((await service.list({ trainingType: 'Classroom' })).total, 1);
  t.equal((await service.list({ dateFrom: '2026-02-01', dateTo: '2026-02-28' })).items[0]?.title, 'GMP refresher');
  const page2 = await service.list({ pageSize: 2, page: 2, sort: 'title', direction: 'asc' });
  t.same(
    page2.items.map((f) => f.title),
    ['GMP refresher'],
  );
  t.equal(page2.total, 3);
});

t.test('a failure inside a unit of work leaves no partial change', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput(), 'ada');
  const before = structuredClone(uow.state);
  await t.rejects(service.update(form.id, 1, aTrainingFormInput({ traineeIds: [42] }), 'ada'), ValidationError);
  t.same(uow.state.forms.get(form.id), before.forms.get(form.id));
  t.equal(uow.state.audit.length, before.audit.length);
});
