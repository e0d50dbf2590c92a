import t from 'tap';
import { ValidationError } from '../../../src/domain/errors.ts';
import { referenceLabel } from '../../../src/domain/form-reference.ts';
import { ReferenceMatchService } from '../../../src/domain/reference-match-service.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { aDocument, aRevision } from '../../builders/register.ts';
import { InMemoryAttachmentStore, InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';

// A form's reference: a register revision (checked, its texts copied) or external free text.

async function setup() {
  const uow = new InMemoryUnitOfWork();
  await uow.run((r) =>
    r.employees.upsert(
      ['Ada', 'Ben'].map((name, i) => ({
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
  const register = uow.state.register;
  register.documents.push(aDocument({ id: 1, reference: 'SOP-CR-004' }), aDocument({ id: 2, reference: 'WI-7' }));
  register.revisions.push(
    aRevision({ id: 10, documentId: 1, revision: 'B', effectiveDate: '2025-01-01' }),
    aRevision({ id: 11, documentId: 1, revision: 'C', effectiveDate: '2026-01-01' }),
    aRevision({ id: 20, documentId: 2, revision: '1' }),
  );
  const clock = steppingClock();
  const service = new TrainingFormService({ uow, files: new InMemoryAttachmentStore(), clock });
  const retire = (id: number) => {
    const i = register.documents.findIndex((d) => d.id === id);
    register.documents[i] = aDocument({ ...register.documents[i], retired: true });
  };
  return { uow, service, clock, retire };
}

const fieldsOf = async (p: Promise<unknown>) => {
  const error = await p.catch((e: unknown) => e);
  return error instanceof ValidationError ? error.fields : { notAValidationError: String(error) };
};

const register = (documentRevisionId: unknown, more = {}) =>
  aTrainingFormInput({ documentRevisionId, referenceDocument: '', referenceRevision: '', traineeIds: [1], ...more });

t.test('a register revision fills the reference texts; the create is audited with it', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(register('11'), 'ada');
  t.equal(form.documentRevisionId, 11);
  t.equal(form.referenceDocument, 'SOP-CR-004');
  t.equal(form.referenceRevision, 'C');
  t.same(referenceLabel(form), { text: 'SOP-CR-004 rev C', external: false });
  const changes = (uow.state.audit[0]?.details as { changes: Record<string, unknown> }).changes;
  t.same(changes.documentRevisionId, { from: null, to: 11 });
  t.same(changes.referenceDocument, { from: null, to: 'SOP-CR-004' });
});

t.test('free text without a revision is external training', async (t) => {
  const { service } = await setup();
  const form = await service.create(
    aTrainingFormInput({ traineeIds: [1], referenceDocument: 'ISO 13485 course' }),
    'a',
  );
  t.equal(form.documentRevisionId, null);
  t.same(referenceLabel(form), { text: 'ISO 13485 course rev C', external: true });
  const none = await service.create(
    aTrainingFormInput({ traineeIds: [1], referenceDocument: '', referenceRevision: '' }),
    'a',
  );
  t.equal(referenceLabel(none), null, 'no reference at all: nothing to show');
});

t.test('text typed alongside a revision must name the same one', async (t) => {
  const { service } = await setup();
  const same = await service.create(register(11, { referenceDocument: 'sop cr 004', referenceRevision: 'rev c' }), 'a');
  t.equal(same.referenceDocument, 'SOP-CR-004', 'the register’s spelling wins');
  t.same(await fieldsOf(service.create(register(11, { referenceDocument: 'SOP-XX-9', referenceRevision: 'D' }), 'a')), {
    referenceDocument:
      'Differs from the register revision chosen (SOP-CR-004 rev C): clear it, or choose external training.',
    referenceRevision: 'Differs from the register revision chosen (SOP-CR-004 rev C).',
  });
});

t.test('an unknown or malformed revision is refused next to the field, nothing written', async (t) => {
  const { uow, service } = await setup();
  t.same(await fieldsOf(service.create(register('999'), 'a')), {
    documentRevisionId: 'This revision is not in the register.',
  });
  t.same(await fieldsOf(service.create(register('C'), 'a')), {
    documentRevisionId: 'Choose the document and revision from the list.',
  });
  t.same(await fieldsOf(service.create(register(-3), 'a')), {
    documentRevisionId: 'Choose the document and revision from the list.',
  });
  t.equal(uow.state.forms.size, 0);
});

t.test('a retired document is refused for new choices; a form keeps the revision it has', async (t) => {
  const { service, retire } = await setup();
  const kept = await service.create(register(10), 'ada');
  const other = await service.create(register(20), 'ada');
  retire(1);
  t.same(await fieldsOf(service.create(register(11), 'a')), {
    documentRevisionId: 'SOP-CR-004 is retired: choose a document in use, or external training.',
  });
  const edited = await service.update(kept.id, kept.version, register(10, { title: 'Renamed' }), 'ben');
  t.equal(edited.documentRevisionId, 10, 'the existing revision stays');
  t.same(
    await fieldsOf(service.update(kept.id, edited.version, register(11), 'ben')),
    { documentRevisionId: 'SOP-CR-004 is retired: choose a document in use, or external training.' },
    'another revision of the retired document is a new choice',
  );
  t.same(await fieldsOf(service.update(other.id, other.version, register(11), 'ben')), {
    documentRevisionId: 'SOP-CR-004 is retired: choose a document in use, or external training.',
  });
});

t.test('changing the reference audits old → new', async (t) => {
  const { uow, service } = await setup();
  const form = await service.create(aTrainingFormInput({ traineeIds: [1], referenceDocument: 'sop-cr-004' }), 'ada');
  await service.update(form.id, form.version, register(11), 'ben');
  const changes = (uow.state.audit.at(-1)?.details as { changes: Record<string, unknown> }).changes;
  t.same(changes, {
    referenceDocument: { from: 'sop-cr-004', to: 'SOP-CR-004' },
    documentRevisionId: { from: null, to: 11 },
  });
  const linked = await service.get(form.id);
  await service.update(form.id, linked.version, register(20), 'ben');
  t.same((uow.state.audit.at(-1)?.details as { changes: Record<string, unknown> }).changes, {
    referenceDocument: { from: 'SOP-CR-004', to: 'WI-7' },
    referenceRevision: { from: 'C', to: '1' },
    documentRevisionId: { from: 11, to: 20 },
  });
});

t.test('matching existing forms: a plan, then links in batches, audited; again is a no-op', async (t) => {
  const { uow, service, clock, retire } = await setup();
  const free = (referenceDocument: string | null, referenceRevision: string | null) =>
    service.create(aTrainingFormInput({ traineeIds: [1], referenceDocument, referenceRevision }), 'ada');
  const a = await free('sop cr 004', 'Rev. b');
  const b = await free('WI-7', '1');
  const c = await free('SOP-999', 'A');
  const d = await free('sop-999', 'a');
  const e = await free('SOP-CR-004', 'Z');
  await free(null, null);
  const linked = await service.create(register(11), 'ada');
  retire(2);
  const matcher = new ReferenceMatchService({ uow, clock });

  const plan = await matcher.plan();
  t.same(
    plan.links.map((l) => [l.formId, l.from.referenceDocument, l.to.documentRevisionId, l.to.referenceDocument]),
    [
      [a.id, 'sop cr 004', 10, 'SOP-CR-004'],
      [b.id, 'WI-7', 20, 'WI-7'],
    ],
    'retired documents match too; a form with a revision is not read',
  );
  t.same(
    plan.unmatched.map((g) => [g.referenceDocument, g.referenceRevision, g.reason, g.formIds]),
    [
      ['SOP-999', 'A', 'unknown-document', [c.id, d.id]],
      ['SOP-CR-004', 'Z', 'unknown-revision', [e.id]],
    ],
  );
  t.equal(uow.state.forms.get(a.id)?.documentRevisionId, null, 'planning changes nothing');

  const before = uow.state.audit.length;
  t.same(await matcher.apply(plan, 'documents match-references', 1), { linked: 2, alreadyLinked: 0, batches: 2 });
  const formA = uow.state.forms.get(a.id);
  t.same(
    [formA?.documentRevisionId, formA?.referenceDocument, formA?.referenceRevision, formA?.version],
    [10, 'SOP-CR-004', 'B', 2],
  );
  t.equal(formA?.updatedBy, 'documents match-references');
  const events = uow.state.audit.slice(before);
  t.same(
    events.map((ev) => [ev.action, ev.entityId, ev.actor]),
    [
      ['update', String(a.id), 'documents match-references'],
      ['update', String(b.id), 'documents match-references'],
    ],
    'one event per form',
  );
  t.same((events[0]?.details as { changes: unknown }).changes, {
    documentRevisionId: { from: null, to: 10 },
    referenceDocument: { from: 'sop cr 004', to: 'SOP-CR-004' },
    referenceRevision: { from: 'Rev. b', to: 'B' },
  });
  t.equal(uow.state.forms.get(linked.id)?.version, 1, 'a form linked already is untouched');

  t.same(
    await matcher.apply(plan, 'x'),
    { linked: 0, alreadyLinked: 2, batches: 1 },
    'a stale plan links nothing twice',
  );
  const again = await matcher.plan();
  t.same(again.links, [], 'nothing left to link');
  t.equal(again.unmatched.length, 2, 'the unmatched stay listed');
  t.equal(uow.state.audit.length, before + 2);
});
