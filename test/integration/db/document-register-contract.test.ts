import t from 'tap';
import type { Test } from 'tap';
import { KyselyRegisterUnitOfWork } from '../../../src/adapters/db/repositories/kysely-register-unit-of-work.ts';
import { CONTROLLED_DOCUMENT_ENTITY } from '../../../src/domain/controlled-document.ts';
import {
  DocumentReferenceTakenError,
  RequirementExistsError,
  RevisionExistsError,
} from '../../../src/domain/document-errors.ts';
import { DocumentRegisterService } from '../../../src/domain/document-register-service.ts';
import type { RegisterUnitOfWork } from '../../../src/domain/ports/register-unit-of-work.ts';
import { fixedClock } from '../../builders/register.ts';
import { InMemoryRegisterUnitOfWork } from '../../fakes/in-memory-register.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// One contract for the register's ports (DocumentRegister, TrainingRequirements, the register unit
// of work): the in-memory fake, SQLite and MariaDB (required in CI) answer the same assertions.

const at = (s: string) => new Date(`2026-11-24T08:${s}Z`);
const doc = (reference: string, title = 'Title') => ({
  reference,
  title,
  createdBy: 'admin',
  createdAt: at('00:00.125'),
});
const dept = (value: string) => ({ kind: 'department' as const, value });

async function contract(t: Test, uow: RegisterUnitOfWork): Promise<void> {
  const run = uow.run.bind(uow);

  await t.test('documents: stored as given, times to the millisecond, not found is null', async (t) => {
    const d = await run((r) => r.documents.insertDocument(doc('SOP-CR-004', 'Gowning — Reinraum ✓')));
    t.match(d, {
      reference: 'SOP-CR-004',
      title: 'Gowning — Reinraum ✓',
      retired: false,
      retiredAt: null,
      retiredBy: null,
      createdBy: 'admin',
      updatedBy: 'admin',
    });
    t.equal(d.createdAt.toISOString(), '2026-11-24T08:00:00.125Z');
    t.equal(d.updatedAt.toISOString(), '2026-11-24T08:00:00.125Z');
    t.same(await uow.read((r) => r.documents.findDocument(d.id)), d);
    t.same(await uow.read((r) => r.documents.findDocumentByReference('SOP-CR-004')), d);
    t.equal(await uow.read((r) => r.documents.findDocument(d.id + 999)), null);
    t.equal(await uow.read((r) => r.documents.findDocumentByReference('SOP-NONE')), null);
    await t.rejects(
      run((r) => r.documents.insertDocument(doc('SOP-CR-004'))),
      DocumentReferenceTakenError,
    );
  });

  await t.test('list by reference; retire once, keeping the first retirement', async (t) => {
    const b = await run((r) => r.documents.insertDocument(doc('WI-2')));
    await run((r) => r.documents.insertDocument(doc('QM-1')));
    const listed = async (includeRetired: boolean) =>
      (await uow.read((r) => r.documents.listDocuments({ includeRetired }))).map((d) => d.reference);
    t.same(await listed(false), ['QM-1', 'SOP-CR-004', 'WI-2']);
    const retired = await run((r) => r.documents.retire(b.id, 'qa', at('01:00.500')));
    t.match(retired, { retired: true, retiredBy: 'qa', updatedBy: 'qa' });
    t.equal(retired?.retiredAt?.toISOString(), '2026-11-24T08:01:00.500Z');
    const again = await run((r) => r.documents.retire(b.id, 'other', at('02:00.000')));
    t.equal(again?.retiredBy, 'qa', 'retiring again changes nothing');
    t.equal(await run((r) => r.documents.retire(b.id + 999, 'qa', at('02:00.000'))), null);
    t.same(await listed(false), ['QM-1', 'SOP-CR-004']);
    t.same(await listed(true), ['QM-1', 'SOP-CR-004', 'WI-2']);
  });

  await t.test('revisions: by document, then effective date; a repeated label is refused', async (t) => {
    const [sop, qm] = await uow.read(async (r) => [
      await r.documents.findDocumentByReference('SOP-CR-004'),
      await r.documents.findDocumentByReference('QM-1'),
    ]);
    if (!sop || !qm) throw new Error('documents of the previous test missing');
    const rev = (documentId: number, revision: string, effectiveDate: string) =>
      run((r) =>
        r.documents.insertRevision({
          documentId,
          revision,
          effectiveDate,
          createdBy: 'admin',
          createdAt: at('03:00.000'),
        }),
      );
    const c = await rev(sop.id, 'C', '2026-09-01');
    await rev(qm.id, '1', '2024-01-01');
    await rev(sop.id, 'B', '2025-02-28');
    t.match(c, { documentId: sop.id, revision: 'C', effectiveDate: '2026-09-01', createdBy: 'admin' });
    t.same(await uow.read((r) => r.documents.findRevision(c.id)), c);
    t.equal(await uow.read((r) => r.documents.findRevision(c.id + 999)), null);
    await t.rejects(rev(sop.id, 'C', '2027-01-01'), RevisionExistsError);
    const all = await uow.read((r) => r.documents.revisionsOf([qm.id, sop.id, sop.id + 999]));
    const expected = [
      [sop.id, 'B', '2025-02-28'],
      [sop.id, 'C', '2026-09-01'],
      [qm.id, '1', '2024-01-01'],
    ].sort((a, b) => Number(a[0]) - Number(b[0]));
    t.same(
      all.map((r) => [r.documentId, r.revision, r.effectiveDate]),
      expected,
    );
    t.same(await uow.read((r) => r.documents.revisionsOf([])), []);
  });

  await t.test('requirements: found by exact scope, listed in order, removed; once per scope', async (t) => {
    const sop = await uow.read((r) => r.documents.findDocumentByReference('SOP-CR-004'));
    const qm = await uow.read((r) => r.documents.findDocumentByReference('QM-1'));
    if (!sop || !qm) throw new Error('documents missing');
    const req = (documentId: number, scope: { kind: 'department' | 'job_title'; value: string }) =>
      run((r) => r.requirements.insert({ documentId, scope, createdBy: 'admin', createdAt: at('04:00.250') }));
    const m = await req(sop.id, dept('Maintenance'));
    await req(sop.id, { kind: 'job_title', value: 'Technician' });
    await req(sop.id, dept('Logistics'));
    await req(qm.id, dept('Maintenance'));
    t.match(m, { documentId: sop.id, scope: dept('Maintenance'), createdBy: 'admin' });
    t.equal(m.createdAt.toISOString(), '2026-11-24T08:04:00.250Z');
    await t.rejects(req(sop.id, dept('Maintenance')), RequirementExistsError);
    t.same(await uow.read((r) => r.requirements.find(sop.id, dept('Maintenance'))), m);
    t.equal(await uow.read((r) => r.requirements.find(sop.id, dept('Production'))), null);
    t.same(
      (await uow.read((r) => r.requirements.listForDocument(sop.id))).map((r) => `${r.scope.kind}:${r.scope.value}`),
      ['department:Logistics', 'department:Maintenance', 'job_title:Technician'],
    );
    const scoped = await uow.read((r) => r.requirements.listForScope(dept('Maintenance')));
    t.same(
      scoped.map((r) => r.documentId),
      [sop.id, qm.id].sort((a, b) => a - b),
    );
    t.equal(await run((r) => r.requirements.delete(m.id)), true);
    t.equal(await run((r) => r.requirements.delete(m.id)), false);
    t.same(
      (await uow.read((r) => r.requirements.listForScope(dept('Maintenance')))).map((r) => r.documentId),
      [qm.id],
    );
  });

  await t.test('a rejected unit of work leaves nothing behind, audit included', async (t) => {
    await t.rejects(
      run(async (r) => {
        const d = await r.documents.insertDocument(doc('SOP-ROLLBACK'));
        await r.audit.record({
          occurredAt: at('05:00.000'),
          actor: 'admin',
          action: 'create',
          entityType: CONTROLLED_DOCUMENT_ENTITY,
          entityId: String(d.id),
          details: null,
        });
        throw new Error('boom');
      }),
      /boom/,
    );
    t.equal(await uow.read((r) => r.documents.findDocumentByReference('SOP-ROLLBACK')), null);
  });

  await t.test('the register service over this target: change and audit values read back', async (t) => {
    const service = new DocumentRegisterService({ uow, clock: fixedClock('2026-11-24T09:00:00.000Z') });
    const created = await service.create(
      { reference: 'sop 77', title: 'Labels', revision: 'rev a', effectiveDate: '2026-01-01' },
      'admin',
    );
    await service.issueRevision(created.document.id, { revision: 'B', effectiveDate: '2026-12-01' }, 'qa');
    const read = await service.get(created.document.id);
    t.same(
      [read.document.reference, read.revisions.map((r) => r.revision), read.currentRevision?.revision],
      ['SOP 77', ['A', 'B'], 'A'],
    );
    const history = await run((r) => r.audit.listFor(CONTROLLED_DOCUMENT_ENTITY, String(created.document.id)));
    t.same(
      history.map((e) => [e.action, e.details]),
      [
        [
          'create',
          {
            changes: {
              reference: { from: null, to: 'SOP 77' },
              title: { from: null, to: 'Labels' },
              revision: { from: null, to: 'A' },
              effectiveDate: { from: null, to: '2026-01-01' },
            },
          },
        ],
        [
          'revise',
          { changes: { revision: { from: 'A', to: 'B' }, effectiveDate: { from: '2026-01-01', to: '2026-12-01' } } },
        ],
      ],
    );
  });
}

t.test('in-memory fake', (t) => contract(t, new InMemoryRegisterUnitOfWork()));
t.test('database adapters, on every dialect', (t) =>
  forEachDialect(t, (t, handle) => contract(t, new KyselyRegisterUnitOfWork(handle.db))),
);
