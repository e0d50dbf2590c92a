import t from 'tap';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import { hasher } from '../../builders/audit-chain.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';
import { InMemoryAttachmentStore, InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';

// Every audit event about a form records the old and the new value of what it changed.

async function setup() {
  const uow = new InMemoryUnitOfWork();
  await uow.run((r) =>
    r.employees.upsert(
      ['Ada', 'Ben', 'Cleo Müller'].map((name, i) => ({
        directoryId: `d${i}`,
        displayName: name,
        email: null,
        userPrincipalName: null,
        department: null,
        jobTitle: null,
        active: true,
        lastSyncedAt: null,
      })),
    ),
  );
  return {
    uow,
    service: new TrainingFormService({ uow, files: new InMemoryAttachmentStore(), clock: steppingClock() }),
  };
}

t.test('creation records every initial value and names the trainees', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput({ traineeIds: [2, 1] }), 'ada');
  t.same(uow.state.audit.at(-1)?.details, {
    title: 'Cleanroom gowning',
    changes: {
      title: { from: null, to: 'Cleanroom gowning' },
      trainingType: { from: null, to: 'Classroom' },
      description: { from: null, to: 'Gowning sequence and common mistakes.' },
      trainer: { from: null, to: 'Grace Hopper' },
      trainingDate: { from: null, to: '2026-03-15' },
      durationMinutes: { from: null, to: 60 },
      location: { from: null, to: 'Cleanroom 2' },
      referenceDocument: { from: null, to: 'SOP-123' },
      referenceRevision: { from: null, to: 'C' },
      documentRevisionId: { from: null, to: null },
      traineeIds: { from: null, to: [1, 2] },
    },
    trainees: {
      added: [
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Ben' },
      ],
      removed: [],
    },
  });
  t.equal(form.version, 1);
});

t.test('an edit records old and new values of changed fields only, trainees added and removed by name', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput({ traineeIds: [1, 2] }), 'ada');
  await service.update(
    form.id,
    1,
    aTrainingFormInput({ durationMinutes: 90, location: '', traineeIds: [2, 3] }),
    'ben',
  );
  t.same(uow.state.audit.at(-1)?.details, {
    changes: {
      durationMinutes: { from: 60, to: 90 },
      location: { from: 'Cleanroom 2', to: null },
      traineeIds: { from: [1, 2], to: [2, 3] },
    },
    trainees: { added: [{ id: 3, name: 'Cleo Müller' }], removed: [{ id: 1, name: 'Ada' }] },
  });
  await service.update(
    form.id,
    2,
    aTrainingFormInput({ durationMinutes: 90, location: '', traineeIds: [2, 3] }),
    'ben',
  );
  t.same(
    uow.state.audit.at(-1)?.details,
    { changes: {} },
    'a save without changes records none, and no trainee change',
  );
});

t.test('delete, restore and purge record what they changed; purge names the attachments it removed', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput(), 'ada');
  await uow.run((r) =>
    r.attachments.insert({
      trainingFormId: form.id,
      storedName: 'a.bin',
      originalName: 'Certificate.pdf',
      contentType: 'application/pdf',
      sizeBytes: 1,
      sha256: 'x'.repeat(64),
      uploadedBy: 'ada',
      uploadedAt: new Date(),
    }),
  );
  await service.softDelete(form.id, 'ada');
  t.match(uow.state.audit.at(-1)?.details, {
    title: 'Cleanroom gowning',
    changes: { deleted: { from: false, to: true } },
  });
  await service.restore(form.id, 'ada');
  t.match(uow.state.audit.at(-1)?.details, {
    title: 'Cleanroom gowning',
    changes: { deleted: { from: true, to: false } },
  });
  await service.softDelete(form.id, 'ada');
  await service.purge(form.id, 'admin');
  t.same(uow.state.audit.at(-1)?.details, {
    title: 'Cleanroom gowning',
    attachments: 1,
    changes: { form: { from: 'in the trash', to: 'purged' }, attachments: { added: [], removed: ['Certificate.pdf'] } },
  });
  t.same(
    uow.state.audit.map((e) => e.action),
    ['create', 'delete', 'restore', 'delete', 'purge'],
    'the purged form keeps its history',
  );
  const check = new AuditChainCheck({ chain: new InMemoryAuditLog(uow.state), hasher });
  t.same(await check.verify(), { checked: 5, broken: null }, 'and the chain verifies after the purge');
});
