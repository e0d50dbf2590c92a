import t from 'tap';
import { toDbTime } from '../../../src/adapters/db/db-values.ts';
import { KyselyAttachmentRepository } from '../../../src/adapters/db/kysely-attachment-repository.ts';
import { KyselyAuditLog } from '../../../src/adapters/db/kysely-audit-log.ts';
import { KyselyEmployeeRepository } from '../../../src/adapters/db/kysely-employee-repository.ts';
import { KyselyFormDetailsReader } from '../../../src/adapters/db/kysely-form-details-reader.ts';
import { KyselyTrainingFormRepository } from '../../../src/adapters/db/kysely-training-form-repository.ts';
import { aTrainingFormInput } from '../../builders/training-form-input.ts';
import { forEachDialect } from '../../helpers/dialects.ts';
import type { TrainingFormFields } from '../../../src/domain/training-form.ts';

// The one-statement read of the detail page must give exactly what the repositories give one by one.

t.test('form details in one statement, on every dialect', (t) =>
  forEachDialect(t, async (t, handle) => {
    const db = handle.db;
    const employees = new KyselyEmployeeRepository(db);
    const forms = new KyselyTrainingFormRepository(db);
    const attachments = new KyselyAttachmentRepository(db);
    const audit = new KyselyAuditLog(db);
    const reader = new KyselyFormDetailsReader(db);
    await employees.upsert(
      ['Zoë Ångström', 'Ben "Benny" O\'Kafor', 'Chiara Rossi', 'Dana Left'].map((displayName, i) => ({
        directoryId: `dir-${i + 1}`,
        displayName,
        email: i === 2 ? null : `p${i}@example.com`,
        userPrincipalName: i === 0 ? 'zoe@example.com' : null,
        department: i === 1 ? 'R&D <lab>' : null,
        jobTitle: null,
        active: i !== 3,
        lastSyncedAt: i === 0 ? new Date('2026-11-01T03:00:00.250Z') : null,
      })),
    );
    const ids = (await db.selectFrom('employees').select('id').orderBy('directory_id').execute()).map((e) => e.id);
    const fields = (over: Record<string, unknown>) => ({ ...(aTrainingFormInput(over) as TrainingFormFields) });
    const at = new Date('2026-11-24T08:00:00.125Z');

    /** What the repositories return one by one: the reference the reader must equal. */
    async function oneByOne(id: number) {
      const form = await forms.findById(id);
      if (!form) return null;
      return {
        form,
        trainees: await employees.findByIds(form.traineeIds),
        attachments: await attachments.listFor(id),
        history: await audit.listFor('training_form', String(id)),
      };
    }

    await t.test('a form with trainees, attachments and history', async (t) => {
      const form = await forms.insert({ ...fields({ title: 'Ünïcødé "quotes" \\ back', description: 'line 1\nline 2\t{"json": "not"}', traineeIds: [ids[3], ids[0], ids[1]] }), createdBy: 'ada', createdAt: at });
      for (const [name, when] of [['b.pdf', '2026-11-24 09:00:00.000'], ['a "sheet".pdf', '2026-11-24 09:00:00.000'], ['early.png', '2026-11-24 08:30:00.500']] as const)
        await attachments.insert({ trainingFormId: form.id, storedName: `${name}.bin`, originalName: name, contentType: 'application/pdf', sizeBytes: 3_000_000_000, sha256: 'ab'.repeat(32), uploadedBy: 'ada', uploadedAt: new Date(`${when.replace(' ', 'T')}Z`) });
      await audit.record({ occurredAt: new Date('2026-11-24T10:00:00Z'), actor: 'ben', action: 'update', entityType: 'training_form', entityId: String(form.id), details: { changes: { title: ['a', 'b "c"'] }, emoji: '✅' } });
      await audit.record({ occurredAt: at, actor: 'ada', action: 'create', entityType: 'training_form', entityId: String(form.id), details: null });
      await audit.record({ occurredAt: at, actor: 'ada', action: 'attach', entityType: 'training_form', entityId: String(form.id), details: { name: 'b.pdf' } });
      await audit.record({ occurredAt: at, actor: 'x', action: 'create', entityType: 'training_form', entityId: String(form.id + 100000), details: null });

      const read = await reader.find(form.id);
      t.same(read, await oneByOne(form.id), 'the same as the repositories, field for field');
      t.same(read?.trainees.map((e) => e.id), [ids[0], ids[1], ids[3]], 'trainees ascending by id, the inactive one included');
      t.same(read?.attachments.map((a) => a.originalName), ['early.png', 'b.pdf', 'a "sheet".pdf'], 'attachments oldest first, ties by id');
      t.same(read?.history.map((e) => e.action), ['create', 'attach', 'update'], 'history oldest first, ties by id, only this form');
      t.equal(read?.attachments[0]?.sizeBytes, 3_000_000_000, 'sizes past 32 bits');
      t.equal(read?.trainees[0]?.lastSyncedAt?.toISOString(), '2026-11-01T03:00:00.250Z', 'times to the millisecond');
    });

    await t.test('a bare form, a deleted form, no form', async (t) => {
      const bare = await forms.insert({ ...fields({ traineeIds: [], description: null, location: null }), createdBy: 'ada', createdAt: at });
      const read = await reader.find(bare.id);
      t.same(read, await oneByOne(bare.id));
      t.same([read?.trainees, read?.attachments, read?.history], [[], [], []]);
      await forms.setDeleted(bare.id, { by: 'ben', at });
      t.equal((await reader.find(bare.id))?.form.deletedBy, 'ben', 'deleted forms are read too (the trash shows them)');
      t.equal(await reader.find(bare.id + 1000), null);
    });

    await t.test('a history longer than MariaDB\'s default aggregate limit (1 MB) is read whole', async (t) => {
      const form = await forms.insert({ ...fields({ traineeIds: [ids[0]] }), createdBy: 'ada', createdAt: at });
      const note = 'x'.repeat(900);
      const rows = Array.from({ length: 1500 }, (_, i) => ({
        occurred_at: toDbTime(new Date(at.getTime() + i)),
        actor: 'bulk',
        action: 'update',
        entity_type: 'training_form',
        entity_id: String(form.id),
        details: JSON.stringify({ i, note }),
      }));
      for (let i = 0; i < rows.length; i += 250) await db.insertInto('audit_events').values(rows.slice(i, i + 250)).execute();
      const read = await reader.find(form.id);
      t.equal(read?.history.length, 1500);
      t.same(read?.history.at(-1)?.details, { i: 1499, note });
    });
  }),
);
