import t from 'tap';
import {
  countStatuses,
  matrixStatus,
  overdueEntries,
  toMatrixRows,
  type EmployeeDocumentTraining,
} from '../../../src/domain/training-matrix.ts';
import { aDocument, aRevision } from '../../builders/register.ts';

const revA = aRevision({ id: 10, revision: 'A', effectiveDate: '2025-01-01' });
const revB = aRevision({ id: 11, revision: 'B', effectiveDate: '2026-01-01' });
const revC = aRevision({ id: 12, revision: 'C', effectiveDate: '2027-01-01' });

const fact = (id: number, name: string, newest: string | null, documentId = 1): EmployeeDocumentTraining => ({
  employee: { id, displayName: name, department: 'Maintenance', jobTitle: 'Technician' },
  documentId,
  newestTrainedEffectiveDate: newest,
  lastTrainingDate: newest === null ? null : '2026-02-02',
});

t.test(
  'status: current on the current revision or a later one, outdated on an older one, never without training',
  async (t) => {
    t.equal(matrixStatus('2026-01-01', revB), 'current');
    t.equal(
      matrixStatus('2027-01-01', revB),
      'current',
      'trained ahead on the next revision (issued, not yet effective)',
    );
    t.equal(matrixStatus('2025-01-01', revB), 'outdated');
    t.equal(matrixStatus(null, revB), 'never');
    t.equal(matrixStatus('2025-01-01', null), 'current', 'nothing in force yet: any training counts');
    t.equal(matrixStatus(null, null), 'never');
  },
);

t.test(
  'rows name the revision trained on; counts add up; overdue lists only documents in force, longest first',
  async (t) => {
    const revisions = new Map([
      [1, [revA, revB, revC]],
      [2, [aRevision({ id: 20, documentId: 2, revision: '1', effectiveDate: '2026-06-01' })]],
      [3, [aRevision({ id: 30, documentId: 3, revision: 'A', effectiveDate: '2030-01-01' })]],
    ]);
    const current = new Map([
      [1, revB],
      [2, revisions.get(2)?.[0] ?? null],
      [3, null],
    ]);
    const rows = toMatrixRows(
      [
        fact(1, 'Anna', '2026-01-01'),
        fact(2, 'Ben', '2025-01-01'),
        fact(3, 'Cleo', null),
        fact(2, 'Ben', null, 2),
        fact(3, 'Cleo', null, 3),
      ],
      revisions,
      current,
    );
    t.same(
      rows.map((r) => [r.employee.displayName, r.documentId, r.status, r.trainedRevision]),
      [
        ['Anna', 1, 'current', 'B'],
        ['Ben', 1, 'outdated', 'A'],
        ['Cleo', 1, 'never', null],
        ['Ben', 2, 'never', null],
        ['Cleo', 3, 'never', null],
      ],
    );
    t.same(countStatuses(rows), { current: 1, outdated: 1, never: 3 });
    const docs = new Map(
      [1, 2, 3].map((id) => [
        id,
        {
          document: aDocument({ id, reference: `SOP-${id}` }),
          currentRevision: current.get(id) ?? null,
          counts: countStatuses([]),
        },
      ]),
    );
    const overdue = overdueEntries(rows, docs);
    t.same(
      overdue.map((o) => [o.row.employee.displayName, o.document.reference, o.currentRevision.revision, o.dueSince]),
      [
        ['Ben', 'SOP-1', 'B', '2026-01-01'],
        ['Cleo', 'SOP-1', 'B', '2026-01-01'],
        ['Ben', 'SOP-2', '1', '2026-06-01'],
      ],
      'not the current row, not the document without a revision in force',
    );
  },
);
