import t from 'tap';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';
import { KyselyAttachmentRepository } from '../../../src/adapters/db/repositories/kysely-attachment-repository.ts';
import { KyselyAuditLog } from '../../../src/adapters/db/repositories/kysely-audit-log.ts';
import { KyselyEmployeeRepository } from '../../../src/adapters/db/repositories/kysely-employee-repository.ts';
import { KyselyFormDetailsReader } from '../../../src/adapters/db/repositories/kysely-form-details-reader.ts';
import { KyselyTrainingFormRepository } from '../../../src/adapters/db/repositories/kysely-training-form-repository.ts';
import { KyselyUnitOfWork } from '../../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import { TRAINING_FORM_ENTITY } from '../../../src/domain/audit-event.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { InMemoryAttachmentStore } from '../../fakes/in-memory-repositories.ts';
import { CONTRACT_DATABASES, forEachDatabase } from '../../helpers/targets.ts';

// The detail page's one-statement read must give exactly what the four repository reads give.

const AT = '2026-11-30T10:00:00.000Z';

async function setup(handle: DatabaseHandle) {
  const employees = new KyselyEmployeeRepository(handle.db);
  await employees.upsert(
    ['Ada Lovelace', 'Ben Okafor', 'Chiara Rossi', 'Dana Left'].map((displayName, i) => ({
      directoryId: `dir-${i + 1}`,
      displayName,
      email: i === 1 ? null : `${displayName.split(' ')[0]?.toLowerCase()}@example.com`,
      userPrincipalName: null,
      department: i === 2 ? null : 'QA',
      jobTitle: 'Operator',
      active: i !== 3,
      lastSyncedAt: i === 0 ? new Date(AT) : null,
    })),
  );
  const ids = (await handle.db.selectFrom('employees').select('id').orderBy('directory_id').execute()).map((e) => e.id);
  const service = new TrainingFormService({
    uow: new KyselyUnitOfWork(handle.db),
    files: new InMemoryAttachmentStore(),
    clock: steppingClock(),
  });
  const repos = {
    forms: new KyselyTrainingFormRepository(handle.db),
    employees,
    attachments: new KyselyAttachmentRepository(handle.db),
    audit: new KyselyAuditLog(handle.db),
  };
  /** The same read, one repository at a time. */
  const oneByOne = async (id: number) => {
    const form = await repos.forms.findById(id);
    if (!form) return null;
    return {
      form,
      trainees: await repos.employees.findByIds(form.traineeIds),
      attachments: await repos.attachments.listFor(id),
      history: await repos.audit.listFor(TRAINING_FORM_ENTITY, String(id)),
    };
  };
  return { service, repos, ids, oneByOne, reader: new KyselyFormDetailsReader(handle.db) };
}

function anAttachment(formId: number, n: number, overrides: { sizeBytes?: number; uploadedAt?: string } = {}) {
  return {
    trainingFormId: formId,
    storedName: `stored-${formId}-${n}`,
    originalName: `Schéma ${n} (final).pdf`,
    contentType: 'application/pdf',
    sizeBytes: overrides.sizeBytes ?? 1000 + n,
    sha256: String(n).repeat(64).slice(0, 64),
    uploadedBy: 'ben',
    uploadedAt: new Date(overrides.uploadedAt ?? AT),
  };
}

t.test('the form details reader, on every database target', (t) =>
  forEachDatabase(t, CONTRACT_DATABASES, async (t, handle) => {
    const { service, repos, ids, oneByOne, reader } = await setup(handle);
    const [ada, ben, chiara, dana] = ids as [number, number, number, number];

    await t.test('a full form: trainees, attachments and history as the repositories give them', async (t) => {
      const form = await service.create(aTrainingFormInput({ traineeIds: [chiara, ada] }), 'ada');
      // Dana was trained, then left the company (inactive employees cannot be added any more).
      await handle.db
        .insertInto('training_form_trainees')
        .values({ training_form_id: form.id, employee_id: dana })
        .execute();
      const other = await service.create(aTrainingFormInput({ title: 'Other', traineeIds: [ben] }), 'ben');
      await service.update(
        form.id,
        form.version,
        aTrainingFormInput({ traineeIds: [dana, ada, chiara], title: 'Renamed' }),
        'ben',
      );
      // Two attachments at the same time (ordered by id), one earlier; sizes past 32 bits.
      await repos.attachments.insert(anAttachment(form.id, 1, { sizeBytes: 3_000_000_000 }));
      await repos.attachments.insert(anAttachment(form.id, 2));
      await repos.attachments.insert(anAttachment(form.id, 3, { uploadedAt: '2026-11-29T09:00:00.000Z' }));
      await repos.attachments.insert(anAttachment(other.id, 4));
      // Events of the same id under another entity type, and events without details, must be told apart.
      await repos.audit.record({
        occurredAt: new Date(AT),
        actor: 'ada',
        action: 'attach',
        entityType: TRAINING_FORM_ENTITY,
        entityId: String(form.id),
        details: { file: 'Ünïcødé ✓.pdf', n: 1 },
      });
      await repos.audit.record({
        occurredAt: new Date(AT),
        actor: 'ada',
        action: 'note',
        entityType: TRAINING_FORM_ENTITY,
        entityId: String(form.id),
        details: null,
      });
      await repos.audit.record({
        occurredAt: new Date(AT),
        actor: 'ada',
        action: 'create',
        entityType: 'admin_user',
        entityId: String(form.id),
        details: null,
      });

      const loaded = await reader.load(form.id);
      const expected = await oneByOne(form.id);
      t.same(loaded, expected, 'identical to the four reads');
      t.same(loaded?.form.traineeIds, [ada, chiara, dana], 'trainee ids ascending');
      t.same(
        loaded?.trainees.map((e) => e.displayName),
        ['Ada Lovelace', 'Chiara Rossi', 'Dana Left'],
      );
      t.same(
        loaded?.trainees.map((e) => e.active),
        [true, true, false],
      );
      t.equal(loaded?.trainees[0]?.lastSyncedAt?.toISOString(), AT);
      t.same(
        loaded?.attachments.map((a) => a.storedName),
        [`stored-${form.id}-3`, `stored-${form.id}-1`, `stored-${form.id}-2`],
        'oldest first, then by id',
      );
      t.equal(loaded?.attachments[1]?.sizeBytes, 3_000_000_000);
      t.equal(loaded?.form.title, 'Renamed');
      t.same(
        loaded?.history.map((e) => e.action),
        ['create', 'update', 'attach', 'note'],
        'only this form’s events, oldest first',
      );
      t.same(loaded?.history[2]?.details, { file: 'Ünïcødé ✓.pdf', n: 1 });
      t.equal(loaded?.history[3]?.details, null);
      t.same(await reader.load(other.id), await oneByOne(other.id), 'the other form reads its own rows only');
    });

    await t.test('a bare form: no trainees, attachments or history rows', async (t) => {
      const form = await service.create(aTrainingFormInput({ traineeIds: [ada] }), 'ada');
      await handle.db.deleteFrom('training_form_trainees').where('training_form_id', '=', form.id).execute();
      await handle.db.deleteFrom('audit_events').where('entity_id', '=', String(form.id)).execute();
      const loaded = await reader.load(form.id);
      t.same(loaded, await oneByOne(form.id));
      t.same(loaded?.form.traineeIds, []);
      t.same([loaded?.trainees, loaded?.attachments, loaded?.history], [[], [], []]);
    });

    await t.test('a deleted form is read (the caller decides), an unknown id is null', async (t) => {
      const form = await service.create(aTrainingFormInput({ traineeIds: [ben] }), 'ada');
      await service.softDelete(form.id, 'ada');
      const loaded = await reader.load(form.id);
      t.equal(loaded?.form.deleted, true);
      t.equal(loaded?.form.deletedBy, 'ada');
      t.same(loaded, await oneByOne(form.id));
      t.equal(await reader.load(987_654), null);
    });
  }),
);
